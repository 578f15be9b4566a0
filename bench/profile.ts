// Table 3c — the developer profile's broker keys (entrypoint/core/config/profile.ts), term by term, in Docker: every
// term is switched back to Kafka's own default (from resources/config-catalog.json) one at a time, side
// by side with the profile as shipped, with LAUNCHER_PROFILE=off and with today's image. Each sample is a
// first start as a developer types it (`docker run -p … -e KAFKA_ADVERTISED_LISTENERS=…`, nothing else)
// up to the first record consumed in a new group, then the broker left idle: its CPU over a window
// (the container's cgroup), its threads and RSS. The JVM options of the profile are table 3b's.
import catalog from "../resources/config-catalog.json" with { type: "json" };
import { propertyToEnv } from "../entrypoint/core/config/envname.ts";
import { DEV_PROFILE } from "../entrypoint/core/config/profile.ts";
import { BASELINE_LABEL, ensureBaselineImage } from "./baseline.ts";
import { containerCpu, dockerPid, dockerReady, dockerRemove, dockerStart, IMAGE, median, mib, rssOf, secs, sleep, spread, table, threadsOf, waitRoundTrip, pct, notMeasured, rotated } from "./lib.ts";

/** `settleS` after the round trip (the JIT's warm-up), then `idleS` of measured idle. */
export type ProfileOptions = { rounds: number; settleS: number; idleS: number; buildVariants: boolean };

type Variant = { key: string; label: string; image: string; env: Record<string, string> };
type Sample = { consumedMs: number; cpuS: number; idlePct: number; threads: number; rss: number };

/**
 * Values tried this round and not taken (docs/benchmarks.md, issue 16): a row each, next to the profile as
 * shipped, so the next run says again whether they buy anything.
 */
const TRIED_VALUES: Record<string, string> = { "num.io.threads": "1", "replica.high.watermark.checkpoint.interval.ms": "60000" };

/** One row per profile key: that key back at Kafka's default, every other term kept. */
export function termVariants(image: string): Variant[] {
  const defaults = (catalog as unknown as { configs: Record<string, { default: string | null }> }).configs;
  return Object.keys(DEV_PROFILE.properties).map((key) => {
    const kafkaDefault = defaults[key]?.default ?? "";
    const shipped = DEV_PROFILE.properties[key];
    return { key, label: `without \`${key}=${typeof shipped === "string" ? shipped : "…"}\` (Kafka's ${kafkaDefault})`, image, env: { [propertyToEnv(key)]: kafkaDefault } };
  });
}

/** The profile as shipped, each term back at Kafka's default, the earlier values, the profile off, today's image. */
function allVariants(build: boolean, failures: string[]): Variant[] {
  const variants: Variant[] = [
    { key: "shipped", label: "**dev profile as shipped**", image: IMAGE, env: {} },
    ...termVariants(IMAGE),
    ...Object.entries(TRIED_VALUES).map(([key, value]) => ({ key: `${key}=${value}`, label: `with \`${key}=${value}\` (tried, not taken)`, image: IMAGE, env: { [propertyToEnv(key)]: value } })),
    { key: "off", label: "`LAUNCHER_PROFILE=off` (Kafka's keys and JVM options)", image: IMAGE, env: { LAUNCHER_PROFILE: "off" } },
  ];
  const baseline = ensureBaselineImage(build);
  if (baseline.ok) variants.push({ key: "baseline", label: BASELINE_LABEL, image: baseline.image, env: {} });
  else failures.push(`no baseline image: ${baseline.why}`);
  return variants;
}

async function sample(v: Variant, name: string, opts: ProfileOptions): Promise<Sample | string> {
  const { started, port } = await dockerStart(name, v.env, v.image);
  const pid = () => dockerPid(name);
  const r = await waitRoundTrip(started.t0, port, 180_000, { id: started.id!, pid });
  if (!r.ok) return `${v.key}: ${r.reason}`;
  await sleep(opts.settleS * 1000);
  const before = containerCpu(started.id!);
  await sleep(opts.idleS * 1000);
  const idlePct = ((containerCpu(started.id!) - before) / opts.idleS) * 100;
  const p = pid();
  return { consumedMs: r.consumedMs, cpuS: r.cpuS, idlePct, threads: p ? threadsOf(p) : NaN, rss: p ? rssOf(p)?.rss ?? NaN : NaN };
}

export async function profileTerms(opts: ProfileOptions): Promise<string> {
  const title = "3c. The developer profile's broker keys, term by term (Docker, first start, then idle)";
  const d = dockerReady();
  if (!d.ok) return table(title, ["variant", "result"], [["all", `skipped: ${d.why}`]]);
  const failures: string[] = [];
  const variants = allVariants(opts.buildVariants, failures);
  const samples = new Map<string, Sample[]>(variants.map((v) => [v.key, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const v of rotated(variants, round)) {
      const name = `bench-profile-${process.pid}-${round}-${v.key.replace(/\W/g, "-")}`;
      dockerRemove(name);
      try {
        const s = await sample(v, name, opts);
        if (typeof s === "string") failures.push(s);
        else samples.get(v.key)!.push(s);
      } catch (e) {
        failures.push(`${v.key}: ${(e as Error).message.slice(0, 300)}`);
      } finally {
        dockerRemove(name);
      }
    }
  }
  const rows = variants.map((v) => {
    const xs = samples.get(v.key)!;
    return [v.label, spread(xs.map((x) => x.consumedMs), secs), spread(xs.map((x) => x.cpuS * 1000), secs), spread(xs.map((x) => x.idlePct), pct), xs.length ? String(median(xs.map((x) => x.threads))) : notMeasured("no sample"), xs.length ? mib(median(xs.map((x) => x.rss))) : notMeasured("no sample")];
  });
  return table(title, ["variant", "`docker run` → first record consumed", "CPU to consumed", "idle CPU (% of a core)", "threads", "RSS idle"], rows, [
    `each sample: \`docker run -d -p <port>:9092 -e KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:<port>\` and the variant's one variable; the round trip of table 2c; then ${opts.settleS} s to settle and ${opts.idleS} s of idle measured on the container's cgroup; threads and RSS of PID 1 at the end. Rounds: ${opts.rounds}, variants interleaved.`,
    "\"without\" rows put one key back at Kafka's default (resources/config-catalog.json) through its KAFKA_ variable, every other term of the profile kept.",
    ...failures.slice(0, 6).map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ]);
}

/** `settleS` after the last of them is ready, then `idleS` measured; `rounds` times, all variants at once each time. */
export type SettledOptions = { rounds: number; settleS: number; idleS: number; buildVariants: boolean };

/**
 * Table 3d — the same variants once the JIT has settled: every variant running at the same time (each started
 * and served its round trip, one after the other), then a long settle, then each container's cgroup over the
 * same idle window, so whatever else the machine does falls on all of them alike.
 */
export async function settledIdle(opts: SettledOptions): Promise<string> {
  const title = "3d. An idle broker once settled: the profile's terms side by side, all running at once (Docker)";
  const d = dockerReady();
  if (!d.ok) return table(title, ["variant", "result"], [["all", `skipped: ${d.why}`]]);
  const failures: string[] = [];
  const variants = allVariants(opts.buildVariants, failures);
  const idle = new Map<string, number[]>(variants.map((v) => [v.key, []]));
  const threads = new Map<string, number[]>(variants.map((v) => [v.key, []]));
  for (let round = 0; round < opts.rounds; round++) {
    const running: { v: Variant; name: string; id: string }[] = [];
    try {
      for (const v of variants) {
        const name = `bench-settled-${process.pid}-${round}-${v.key.replace(/\W/g, "-")}`;
        dockerRemove(name);
        const { started, port } = await dockerStart(name, v.env, v.image);
        running.push({ v, name, id: started.id! });
        const r = await waitRoundTrip(started.t0, port, 180_000, { id: started.id!, pid: () => dockerPid(name) });
        if (!r.ok) failures.push(`${v.key}: ${r.reason}`);
      }
      await sleep(opts.settleS * 1000);
      const before = running.map((c) => containerCpu(c.id));
      await sleep(opts.idleS * 1000);
      running.forEach((c, i) => {
        idle.get(c.v.key)!.push(((containerCpu(c.id) - before[i]!) / opts.idleS) * 100);
        const p = dockerPid(c.name);
        threads.get(c.v.key)!.push(p ? threadsOf(p) : NaN);
      });
    } finally {
      running.forEach((c) => dockerRemove(c.name));
    }
  }
  const shipped = median(idle.get("shipped")!);
  const rows = variants.map((v) => {
    const xs = idle.get(v.key)!;
    return [v.label, spread(xs, pct), Number.isFinite(median(xs) - shipped) && v.key !== "shipped" ? `${median(xs) - shipped >= 0 ? "+" : ""}${(median(xs) - shipped).toFixed(2)}` : "—", xs.length ? String(median(threads.get(v.key)!)) : notMeasured("no sample")];
  });
  return table(title, ["variant", "idle CPU (% of a core)", "vs as shipped", "threads"], rows, [
    `each round: every variant started and served the round trip of table 2c, one after the other; then ${opts.settleS} s for all to settle (the JIT's warm-up, the first health checks), then ${opts.idleS} s of idle, each container's cgroup over the same window. Rounds: ${opts.rounds}.`,
    "the health check runs in each container's cgroup: once a minute in this image; every 2 s in today's image.",
    ...failures.slice(0, 6).map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ]);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  if (process.argv.includes("--settled")) console.log(await settledIdle(smoke ? { rounds: 1, settleS: 1, idleS: 2, buildVariants: false } : { rounds: 3, settleS: 120, idleS: 120, buildVariants: true }));
  else console.log(await profileTerms(smoke ? { rounds: 1, settleS: 1, idleS: 2, buildVariants: false } : { rounds: 3, settleS: 5, idleS: 30, buildVariants: true }));
}
