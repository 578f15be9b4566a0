// Table 3c — the developer profile's broker keys (entrypoint/profile.ts), term by term, in Docker: every
// term is switched back to Kafka's own default (from resources/config-catalog.json) one at a time, side
// by side with the profile as shipped, with LAUNCHER_PROFILE=off and with today's image. Each sample is a
// first start as a developer types it (`docker run -p … -e KAFKA_ADVERTISED_LISTENERS=…`, nothing else)
// up to the first record consumed in a new group, then the broker left idle: its CPU over a window
// (the container's cgroup), its threads and RSS. The JVM options of the profile are table 3b's.
import catalog from "../resources/config-catalog.json" with { type: "json" };
import { propertyToEnv } from "../entrypoint/envname.ts";
import { DEV_PROFILE } from "../entrypoint/profile.ts";
import { BASELINE_LABEL, ensureBaselineImage } from "./baseline.ts";
import { containerCpu, dockerPid, dockerReady, dockerRemove, dockerStart, IMAGE, median, mib, rssOf, secs, sleep, spread, table, threadsOf, waitRoundTrip } from "./lib.ts";

/** `settleS` after the round trip (the JIT's warm-up), then `idleS` of measured idle. */
export type ProfileOptions = { rounds: number; settleS: number; idleS: number; buildVariants: boolean };

type Variant = { key: string; label: string; image: string; env: Record<string, string> };
type Sample = { consumedMs: number; cpuS: number; idlePct: number; threads: number; rss: number };

/** Profile values this round changed: a row each with the earlier value, next to the profile as shipped. */
const EARLIER_VALUES: Record<string, string> = { "num.io.threads": "2" };

/** One row per profile key: that key back at Kafka's default, every other term kept. */
export function termVariants(image: string): Variant[] {
  const defaults = (catalog as unknown as { configs: Record<string, { default: string | null }> }).configs;
  return Object.keys(DEV_PROFILE.properties).map((key) => {
    const kafkaDefault = defaults[key]?.default ?? "";
    const shipped = DEV_PROFILE.properties[key];
    return { key, label: `without \`${key}=${typeof shipped === "string" ? shipped : "…"}\` (Kafka's ${kafkaDefault})`, image, env: { [propertyToEnv(key)]: kafkaDefault } };
  });
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
  const variants: Variant[] = [
    { key: "shipped", label: "**dev profile as shipped**", image: IMAGE, env: {} },
    ...termVariants(IMAGE),
    ...Object.entries(EARLIER_VALUES).map(([key, value]) => ({ key: `${key}=${value}`, label: `with \`${key}=${value}\` (the profile's value before issue 16)`, image: IMAGE, env: { [propertyToEnv(key)]: value } })),
    { key: "off", label: "`LAUNCHER_PROFILE=off` (Kafka's keys and JVM options)", image: IMAGE, env: { LAUNCHER_PROFILE: "off" } },
  ];
  const failures: string[] = [];
  const baseline = ensureBaselineImage(opts.buildVariants);
  if (baseline.ok) variants.push({ key: "baseline", label: BASELINE_LABEL, image: baseline.image, env: {} });
  else failures.push(`no baseline image: ${baseline.why}`);
  const samples = new Map<string, Sample[]>(variants.map((v) => [v.key, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const v of variants) {
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
  const pct = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} %` : "n/a");
  const rows = variants.map((v) => {
    const xs = samples.get(v.key)!;
    return [v.label, spread(xs.map((x) => x.consumedMs), secs), spread(xs.map((x) => x.cpuS * 1000), secs), spread(xs.map((x) => x.idlePct), pct), xs.length ? String(median(xs.map((x) => x.threads))) : "n/a", xs.length ? mib(median(xs.map((x) => x.rss))) : "n/a"];
  });
  return table(title, ["variant", "`docker run` → first record consumed", "CPU to consumed", "idle CPU (% of a core)", "threads", "RSS idle"], rows, [
    `each sample: \`docker run -d -p <port>:9092 -e KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:<port>\` and the variant's one variable; the round trip of table 2c; then ${opts.settleS} s to settle and ${opts.idleS} s of idle measured on the container's cgroup; threads and RSS of PID 1 at the end. Rounds: ${opts.rounds}, variants interleaved.`,
    "\"without\" rows put one key back at Kafka's default (resources/config-catalog.json) through its KAFKA_ variable, every other term of the profile kept.",
    ...failures.slice(0, 6).map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ]);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await profileTerms(smoke ? { rounds: 1, settleS: 1, idleS: 2, buildVariants: false } : { rounds: 3, settleS: 5, idleS: 30, buildVariants: true }));
}
