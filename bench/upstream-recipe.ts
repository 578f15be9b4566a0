// The upstream recipe image (bench/upstream-recipe/): the image under test with its start replaced by
// the way apache/kafka's JVM image starts a broker (two JVMs, Kafka's default JVM options), and the two
// dynamic AppCDS archives trained the way upstream's image build trains them: -XX:ArchiveClassesAtExit
// on a format and on a broker start, a produce and a consume in a group, and a clean stop. Built next to
// the local image (imageVariant) and rebuilt whenever the local image changes, so the rootfs, Java and
// jars are always the ones under test.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { imageVariant } from "../scripts/lib/image.ts";
import { workload } from "../scripts/lib/workload.ts";
import { dockerLogs, dockerRemove, dockerStart, IMAGE, ROOT, run } from "./lib.ts";
import { testcontainersEnv } from "../scripts/lib/testcontainers.ts";
import { waitForProduce } from "../scripts/lib/wire.ts";

export const RECIPE_IMAGE = imageVariant("upstream-recipe");
const UNTRAINED = imageVariant("upstream-recipe-untrained");
const BASE_LABEL = "kafka-native.bench.base";
const RECIPE = join(ROOT, "bench/upstream-recipe");

function imageId(image: string): string {
  return run(["docker", "image", "inspect", "-f", "{{.Id}}", image]).out.trim();
}

function docker(args: string[]): { ok: boolean; out: string } {
  return run(["docker", ...args], { ...process.env, DOCKER_BUILDKIT: "0" } as Record<string, string>);
}

/**
 * The recipe image, built (and its archives trained) when missing or made from another build of the
 * local image; with `build` false (the smoke run) only an up-to-date one is used.
 */
export async function ensureRecipeImage(build = true): Promise<{ ok: true; image: string } | { ok: false; why: string }> {
  const base = imageId(IMAGE);
  if (!base) return { ok: false, why: `no ${IMAGE}` };
  const built = run(["docker", "image", "inspect", "-f", `{{index .Config.Labels "${BASE_LABEL}"}}`, RECIPE_IMAGE]).out.trim();
  if (built === base) return { ok: true, image: RECIPE_IMAGE };
  if (!build) return { ok: false, why: `${RECIPE_IMAGE} is missing or older than ${IMAGE} (a full \`npm run bench\` builds it)` };
  console.error(`bench: building the upstream recipe image ${RECIPE_IMAGE} on ${IMAGE} and training its AppCDS archives`);
  const untrained = docker(["build", "-q", "--build-arg", `BASE=${IMAGE}`, "-t", UNTRAINED, RECIPE]);
  if (!untrained.ok) return { ok: false, why: `docker build of the recipe failed: ${untrained.out}` };
  const work = join(ROOT, "build/bench/upstream-recipe");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const trained = await train(work);
  if (!trained.ok) return trained;
  const layered = docker(["build", "-q", "-f", join(RECIPE, "Dockerfile.cds"), "--build-arg", `BASE=${UNTRAINED}`, "--label", `${BASE_LABEL}=${base}`, "-t", RECIPE_IMAGE, work]);
  return layered.ok ? { ok: true, image: RECIPE_IMAGE } : { ok: false, why: `docker build of the archives' layer failed: ${layered.out}` };
}

/** One training container: the format's JVM and the broker's each write their archive as they exit. */
async function train(work: string): Promise<{ ok: true } | { ok: false; why: string }> {
  const name = `bench-recipe-train-${process.pid}`;
  dockerRemove(name);
  try {
    const { port } = await dockerStart(name, (p) => ({ ...testcontainersEnv(p), RECIPE_CDS: "train" }), UNTRAINED);
    const ready = await waitForProduce("127.0.0.1", port, "recipe-train", 300_000);
    if (!ready.ok) return { ok: false, why: `the training broker never accepted a produce: ${ready.reason}\n${dockerLogs(name).slice(-2000)}` };
    await workload(`127.0.0.1:${port}`, 2_000);
    docker(["stop", "-t", "300", name]);
    for (const file of ["storage.jsa", "kafka.jsa"]) {
      const copied = docker(["cp", `${name}:/tmp/${file}`, join(work, file)]);
      if (!copied.ok || !existsSync(join(work, file))) return { ok: false, why: `no /tmp/${file} after the training run: ${copied.out}\n${dockerLogs(name).slice(-2000)}` };
    }
    return { ok: true };
  } finally {
    dockerRemove(name);
  }
}

if (import.meta.main) {
  const r = await ensureRecipeImage();
  console.log(r.ok ? r.image : `no recipe image: ${r.why}`);
  process.exit(r.ok ? 0 : 1);
}
