// Table 2c — the test's path: `docker run` (first start) or `docker start` (restart) → a produce is
// accepted → the record is read back by a consumer in a new group, which is what a test that starts a
// throwaway broker waits for. Side by side, interleaved round by round, with the same env for every
// image (what Testcontainers passes): this image, this image with remote JMX (KAFKA_JMX_PORT), today's
// image (bench/baseline.ts: main before issues 22–24), this image on today's image's Java (Temurin 25,
// where this machine has one: a difference splits into the code's and the Java's), and the upstream
// recipe (bench/upstream-recipe.ts: two JVMs, Kafka's default JVM options) with and without its AppCDS
// archives. Each round's order is rotated, so that no variant always follows the same one. CPU seconds are the
// container's (its cgroup) up to the consumed record; RSS and threads are PID 1's at that moment.
import { ensureBaselineImage, ROUND_START } from "./baseline.ts";
import { dockerPid, dockerReady, dockerRemove, dockerStart, dockerStop, IMAGE, median, mib, pairedRatio, ratio, rotated, run, secs, spread, table, waitRoundTrip, type RoundTrip, notMeasured } from "./lib.ts";
import { testcontainersEnv } from "../scripts/lib/testcontainers.ts";
import { ensureRecipeImage } from "./upstream-recipe.ts";
import { candidate } from "./java.ts";
import { javaChoice } from "../scripts/lib/java.ts";

/** `buildVariants`: build today's image and the recipe image when missing (false in the smoke run). */
export type RoundTripOptions = { rounds: number; buildVariants: boolean };
const TIMEOUT = 180_000;
const JMX = { KAFKA_JMX_PORT: "9101" };

type Variant = { key: string; label: string; image: string; env: Record<string, string> };
type Sample = Extract<RoundTrip, { ok: true }> & { clean: boolean; round: number };

async function variants(notes: string[], build: boolean): Promise<Variant[]> {
  const list: Variant[] = [
    { key: "image", label: "this image", image: IMAGE, env: {} },
    { key: "image-jmx", label: "this image, `KAFKA_JMX_PORT`", image: IMAGE, env: JMX },
  ];
  const baseline = ensureBaselineImage(build, ROUND_START);
  if (baseline.ok) list.push({ key: "baseline", label: ROUND_START.label, image: baseline.image, env: {} });
  else notes.push(`no baseline image: ${baseline.why}`);
  const roundStartJava = candidate(javaChoice("temurin-25"), build);
  if (roundStartJava.image) list.push({ key: "image-temurin", label: "this image on today's Java (Temurin 25)", image: roundStartJava.image, env: {} });
  else notes.push(`no variant of this image on today's Java: ${roundStartJava.why}`);
  const recipe = await ensureRecipeImage(build);
  if (recipe.ok) {
    list.push({ key: "recipe-cds", label: "upstream recipe, AppCDS archives", image: recipe.image, env: {} });
    list.push({ key: "recipe", label: "upstream recipe, no archive", image: recipe.image, env: { RECIPE_CDS: "off" } });
  } else notes.push(`no upstream recipe image: ${recipe.why}`);
  return list;
}

/** One container: the first start's round trip, a clean stop, the restart's round trip, a clean stop. */
async function lifecycle(v: Variant, name: string, round: number): Promise<{ first?: Sample; restart?: Sample; failures: string[] }> {
  const failures: string[] = [];
  const { started, port } = await dockerStart(name, (p) => ({ ...testcontainersEnv(p), ...v.env }), v.image);
  const container = { id: started.id!, pid: () => dockerPid(name) };
  const first = await waitRoundTrip(started.t0, port, TIMEOUT, container);
  const stop1 = dockerStop(name);
  if (!first.ok) failures.push(`${v.key} first start: ${first.reason}`);
  const t0 = performance.now();
  run(["docker", "start", name]);
  const again = await waitRoundTrip(t0, port, TIMEOUT, container);
  const stop2 = dockerStop(name);
  if (!again.ok) failures.push(`${v.key} restart: ${again.reason}`);
  return { first: first.ok ? { ...first, clean: stop1.clean, round } : undefined, restart: again.ok ? { ...again, clean: stop2.clean, round } : undefined, failures };
}


export async function roundTrip(opts: RoundTripOptions): Promise<string> {
  const title = "2c. The test's path in Docker: `docker run` → produce accepted → first record consumed in a new group";
  const d = dockerReady();
  if (!d.ok) return table(title, ["variant", "result"], [["all", `skipped: ${d.why}`]]);
  const notes: string[] = [];
  const list = await variants(notes, opts.buildVariants);
  const samples = new Map<string, Sample[]>();
  const add = (key: string, s: Sample | undefined) => s && samples.set(key, [...(samples.get(key) ?? []), s]);
  const failures: string[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (const v of rotated(list, round)) {
      const name = `bench-rt-${process.pid}-${round}-${v.key}`;
      dockerRemove(name);
      try {
        const r = await lifecycle(v, name, round);
        add(`${v.key}/first`, r.first);
        add(`${v.key}/restart`, r.restart);
        failures.push(...r.failures);
      } catch (e) {
        failures.push(`${v.key}: ${(e as Error).message.slice(0, 300)}`);
      } finally {
        dockerRemove(name);
      }
    }
  }
  const med = (key: string, f: (s: Sample) => number) => median((samples.get(key) ?? []).map(f));
  const rows = list.flatMap((v) =>
    (["first", "restart"] as const).map((phase) => {
      const xs = samples.get(`${v.key}/${phase}`) ?? [];
      return [
        `${v.label}, ${phase === "first" ? "first start (`docker run`)" : "restart (`docker start`)"}`,
        spread(xs.map((x) => x.producedMs), secs),
        spread(xs.map((x) => x.consumedMs), secs),
        spread(xs.map((x) => x.cpuS * 1000), secs),
        xs.length ? mib(median(xs.map((x) => x.rss))) : notMeasured("no sample"),
        xs.length ? String(median(xs.map((x) => x.threads))) : notMeasured("no sample"),
        `${xs.filter((x) => x.clean).length}/${xs.length}`,
      ];
    }),
  );
  const consumed = (key: string) => med(`${key}/first`, (s) => s.consumedMs);
  const perRound = (key: string, f: (s: Sample) => number) =>
    Array.from({ length: opts.rounds }, (_, round) => {
      const s = samples.get(key)?.find((x) => x.round === round);
      return s ? f(s) : NaN;
    });
  const label = (key: string) => list.find((v) => v.key === key)?.label ?? key;
  const paired = (f: (s: Sample) => number, key = "image") => pairedRatio(perRound(`${key}/first`, f), perRound("baseline/first", f), [label(key), ROUND_START.label]);
  notes.unshift(
    `targets, medians of this run: first start → consumed, this image ÷ ${ROUND_START.label} **${ratio(consumed("image"), consumed("baseline"), 2, ["this image", ROUND_START.label])}** (issue 22: no slower, ≤ 1.0; issue 24: ≤ 0.8; CPU ${ratio(med("image/first", (s) => s.cpuS), med("baseline/first", (s) => s.cpuS), 2, ["this image", ROUND_START.label])}); round by round, the same ÷ **${paired((s) => s.consumedMs)}** (CPU ${paired((s) => s.cpuS)}), and this code on today's Java ÷ today's image ${paired((s) => s.consumedMs, "image-temurin")} (CPU ${paired((s) => s.cpuS, "image-temurin")}); ÷ the upstream recipe with its archives **${ratio(consumed("image"), consumed("recipe-cds"), 2, ["this image", "the upstream recipe"])}** (issue 13: ≤ 0.4); CPU of a first start ÷ a restart's **${ratio(med("image/first", (s) => s.cpuS), med("image/restart", (s) => s.cpuS))}** (≤ 1.1); a start with \`KAFKA_JMX_PORT\` ÷ one without **${ratio(consumed("image-jmx"), consumed("image"))}** (first start; restart ${ratio(med("image-jmx/restart", (s) => s.consumedMs), med("image/restart", (s) => s.consumedMs))}) (≤ 1.1).`,
    "every row: the env Testcontainers passes (scripts/lib/testcontainers.ts: KRaft combined node, internal topics of 1 partition, group delay 0), advertised as localhost:<published port>; times from the `docker run -d` / `docker start` call (container creation included); produce = scripts/lib/wire.ts's probe (Metadata + Produce, retried every 20 ms); consumed = kafkajs in a new group, from the beginning (retries 50–200 ms apart).",
    `CPU = the container's cgroup up to the consumed record (every process: launcher, format, broker; the recipe's two JVMs); RSS and threads = its PID 1; rounds: ${opts.rounds}, variants interleaved, each round's order rotated by one (no variant always follows the same one).`,
  );
  notes.push(...failures.slice(0, 6).map((f) => `failure: ${f.replace(/\s+/g, " ")}`));
  return table(title, ["variant", "produce accepted", "first record consumed", "CPU to consumed", "RSS", "threads", "clean stops"], rows, notes);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await roundTrip({ rounds: smoke ? 1 : 10, buildVariants: !smoke }));
}
