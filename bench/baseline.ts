// "Today's image" of issue 16's targets: the image as main built it before the cheap health check, kept
// as a bench variant so that every run compares against it side by side. Built once from a fixed commit (git archive into build/bench/,
// that commit's own setup and image build) and tagged next to the local image; reused while the tag
// exists.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { imageVariant } from "../scripts/lib/image.ts";
import { run } from "../scripts/lib/run.ts";
import { ROOT } from "./lib.ts";

/** main before issue 16 (06e7cb1: its health check every 2 s cost more than the idle broker). */
export const BASELINE_COMMIT = "06e7cb173057aa890b58b339890a7196a04185de";
/** How the tables name it. */
export const BASELINE_LABEL = "today's image (main before issue 16)";
export const BASELINE_IMAGE = imageVariant(`baseline-${BASELINE_COMMIT.slice(0, 7)}`);

/**
 * The baseline image, built when missing (unless `build` is false: the smoke run uses it only when it
 * is there); `why` when it cannot be had (no git history, a failed build).
 */
export function ensureBaselineImage(build = true): { ok: true; image: string } | { ok: false; why: string } {
  if (run(["docker", "image", "inspect", BASELINE_IMAGE]).ok) return { ok: true, image: BASELINE_IMAGE };
  if (!build) return { ok: false, why: `${BASELINE_IMAGE} is not built (a full \`npm run bench\` builds it)` };
  const src = join(ROOT, "build/bench", `baseline-${BASELINE_COMMIT.slice(0, 7)}`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const archived = run(["bash", "-c", `git -C '${ROOT}' archive ${BASELINE_COMMIT} | tar -x -C '${src}'`]);
  if (!archived.ok) return { ok: false, why: `cannot check out ${BASELINE_COMMIT} (a clone with its history is needed): ${archived.message}` };
  const sameLock = readFileSync(join(src, "package-lock.json"), "utf8") === readFileSync(join(ROOT, "package-lock.json"), "utf8");
  if (sameLock && existsSync(join(ROOT, "node_modules"))) symlinkSync(join(ROOT, "node_modules"), join(src, "node_modules"));
  console.error(`bench: building the baseline image ${BASELINE_IMAGE} from ${BASELINE_COMMIT.slice(0, 7)} (once; a few minutes)`);
  const setup = run(["bash", "scripts/setup.sh", "node", "broker", "launcher"], { cwd: src, inherit: true });
  if (!setup.ok) return { ok: false, why: `set-up of the baseline checkout failed: ${setup.message}` };
  const built = run([join(src, "node_modules/.bin/bun"), "scripts/build-image.ts", "--no-check"], { cwd: src, inherit: true, env: { ...process.env, KAFKA_NATIVE_IMAGE: BASELINE_IMAGE } });
  if (!built.ok) return { ok: false, why: `the baseline image build failed: ${built.message}` };
  return { ok: true, image: BASELINE_IMAGE };
}

if (import.meta.main) {
  const r = ensureBaselineImage();
  console.log(r.ok ? r.image : `no baseline image: ${r.why}`);
  process.exit(r.ok ? 0 : 1);
}
