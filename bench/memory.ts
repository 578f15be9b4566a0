// Table 3 — memory: RSS of the broker process after the handover, with the launcher in front and
// without it (the same java argv and env started directly; the launcher execve's, so they should
// be equal). Read from /proc/<pid>/status when the broker first accepts a produce, and after a
// client workload (10k records produced and consumed back in a group), with the peak (VmHWM).
//
// Table 3b — the developer profile, term by term: the same measurements for the profile as shipped,
// for variants of it, and for the upstream JVM options (LAUNCHER_PROFILE=off), side by side.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { ROOT, hostEnv, hostJava, hostNode, launcherArgv, median, mib, removeDir, rssOf, run, secs, spread, startProcess, stopProcess, table, waitReady, type HostNode, notMeasured, rotated } from "./lib.ts";
import { workload } from "../scripts/lib/workload.ts";
import { DEV_PROFILE } from "../entrypoint/core/config/profile.ts";

export type MemoryOptions = { rounds: number; messages: number };

type Variant = { key: string; label: string; env: Record<string, string>; direct?: boolean; table: "3" | "3b" };

const DEV_PERF = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true";
const VARIANTS: Variant[] = [
  { key: "launcher", label: "launcher → broker (dev profile)", env: {}, table: "3" },
  { key: "direct", label: "the same java argv started directly (no launcher)", env: {}, direct: true, table: "3" },
  { key: "c2", label: "dev profile without C1-only (`-XX:TieredStopAtLevel=1` dropped)", env: { KAFKA_JVM_PERFORMANCE_OPTS: "-XX:+UseSerialGC -XX:-UsePerfData -Djava.awt.headless=true" }, table: "3b" },
  { key: "heap256", label: "dev profile with `-Xms64M -Xmx256M`", env: { KAFKA_HEAP_OPTS: "-Xms64M -Xmx256M" }, table: "3b" },
  { key: "xms32", label: "dev profile with `-Xms32M -Xmx512M`", env: { KAFKA_HEAP_OPTS: "-Xms32M -Xmx512M" }, table: "3b" },
  { key: "dedupe128", label: "dev profile with Kafka's 128 MiB log cleaner dedupe buffer", env: { KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: "134217728" }, table: "3b" },
  { key: "g1", label: "dev profile with G1 instead of Serial GC", env: { KAFKA_JVM_PERFORMANCE_OPTS: DEV_PERF.replace("UseSerialGC", "UseG1GC") }, table: "3b" },
  { key: "aot", label: "dev profile + the host-trained AOT cache (`LAUNCHER_AOT_CACHE`)", env: { LAUNCHER_AOT_CACHE: join(ROOT, "build/bench/host-kafka.aot") }, table: "3b" },
  { key: "off", label: "LAUNCHER_PROFILE=off (upstream: `-Xmx1G -Xms1G`, G1)", env: { LAUNCHER_PROFILE: "off" }, table: "3b" },
];

type Sample = { readyMs: number; cpuS: number; rssReady: number; rssLoaded: number; peak: number; loadMs: number; stopMs: number; clean: boolean; samePid: boolean };

/** The broker argv the launcher would exec, from `explain --json` (same env). */
function brokerArgv(node: HostNode, env: Record<string, string>): string[] {
  const r = run([...launcherArgv(node, "explain"), "--json"], env);
  return (JSON.parse(r.out.slice(r.out.indexOf("{"))) as { broker: string[] }).broker;
}

async function measure(node: HostNode, java: string, v: Variant, messages: number, log: string): Promise<Sample | string> {
  const env = hostEnv(java, v.env);
  const argv = v.direct ? brokerArgv(node, env) : launcherArgv(node);
  const started = startProcess(argv, env, log);
  const ready = await waitReady(started, node.port, 180_000);
  if (!ready.ok) {
    await stopProcess(started);
    return `${v.key}: ${ready.reason}`;
  }
  const pid = started.proc.pid;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  const samePid = cmdline.startsWith(java); // after execve the launcher's PID runs java
  let loadMs = NaN;
  try {
    loadMs = (await workload(`127.0.0.1:${node.port}`, messages)).ms;
  } catch (e) {
    loadMs = NaN;
  }
  const after = rssOf(pid);
  const stop = await stopProcess(started);
  return { readyMs: ready.readyMs, cpuS: ready.cpuS, rssReady: ready.rss, rssLoaded: after?.rss ?? NaN, peak: after?.peak ?? NaN, loadMs, stopMs: stop.stopMs, clean: stop.clean, samePid };
}

export async function memory(opts: MemoryOptions, only?: "3" | "3b"): Promise<string> {
  const java = hostJava();
  if (!java) return table("3. Memory", ["variant", "result"], [["all", "skipped: no java"]]);
  // the cache is trained by the time-to-ready benchmark (bench/ready.ts); without it that row is left out
  const variants = VARIANTS.filter((v) => (!only || v.table === only) && (v.key !== "aot" || existsSync(v.env.LAUNCHER_AOT_CACHE!)));
  const samples = new Map<string, Sample[]>(variants.map((v) => [v.key, []]));
  const failures: string[] = [];
  // one formatted node per variant, reused round after round (every measured start is a restart)
  const nodes = new Map<string, HostNode>();
  for (const v of variants) {
    const node = await hostNode(`mem-${v.key}`);
    const first = startProcess(launcherArgv(node), hostEnv(java, v.env), join(node.dir, "format.log"));
    const r = await waitReady(first, node.port, 180_000);
    await stopProcess(first);
    if (!r.ok) failures.push(`${v.key} first start: ${r.reason}`);
    nodes.set(v.key, node);
  }
  for (let round = 0; round < opts.rounds; round++) {
    for (const v of rotated(variants, round)) {
      const s = await measure(nodes.get(v.key)!, java, v, opts.messages, join(nodes.get(v.key)!.dir, `run-${round}.log`));
      if (typeof s === "string") failures.push(s);
      else samples.get(v.key)!.push(s);
    }
  }
  for (const node of nodes.values()) removeDir(node.dir);

  const col = (xs: Sample[], f: (s: Sample) => number, fmt: (x: number) => string) => (xs.length ? spread(xs.map(f), fmt) : notMeasured("no sample"));
  const short = (fmt: (x: number) => string) => (x: number) => fmt(x);
  const out: string[] = [];
  const t3 = variants.filter((v) => v.table === "3");
  if (t3.length) {
    const rows = t3.map((v) => {
      const xs = samples.get(v.key)!;
      return [v.label, col(xs, (s) => s.rssReady, short(mib)), col(xs, (s) => s.rssLoaded, short(mib)), col(xs, (s) => s.peak, short(mib)), v.direct ? "—" : `${xs.filter((s) => s.samePid).length}/${xs.length}`];
    });
    const a = median(samples.get("launcher")?.map((s) => s.rssLoaded) ?? []);
    const b = median(samples.get("direct")?.map((s) => s.rssLoaded) ?? []);
    out.push(table("3. Broker RSS after the handover, with and without the launcher in front", ["start", "RSS at ready", `RSS after ${opts.messages} records in and out`, "peak RSS (VmHWM)", "broker has the launcher's PID"], rows, [
      `difference of the medians after load: ${Number.isFinite(a - b) ? `${((a - b) / 1024 / 1024).toFixed(1)} MiB (${(((a - b) / b) * 100).toFixed(1)} %)` : notMeasured("no sample on one side")}: the launcher's memory is gone with the execve; what is left is run-to-run JVM variation.`,
      `java ${java}; restarts of a formatted node; rounds: ${opts.rounds}, interleaved, the order rotated by one each round.`,
    ]));
  }
  const t3b = variants.filter((v) => v.table === "3b" || v.key === "launcher");
  if (t3b.length > 1) {
    const rows = t3b.map((v) => {
      const xs = samples.get(v.key)!;
      return [v.key === "launcher" ? `**dev profile as shipped** (Serial GC, C1 only, \`${DEV_PROFILE.jvm.heap}\`, 4 MiB dedupe buffer)` : v.label, col(xs, (s) => s.readyMs, secs), col(xs, (s) => s.cpuS * 1000, secs), col(xs, (s) => s.rssLoaded, short(mib)), col(xs, (s) => s.peak, short(mib)), col(xs, (s) => s.loadMs, secs), col(xs, (s) => s.stopMs, secs)];
    });
    out.push(table("3b. The developer profile, term by term (host, restart)", ["variant", "time to ready", "CPU to ready", `RSS after ${opts.messages} records`, "peak RSS", "workload time", "stop (SIGTERM → exit)"], rows, [
      "workload = create a 3-partition topic, produce the records in batches of 500, consume them back in a consumer group (kafkajs).",
      ...failures.slice(0, 6).map((f) => `failure: ${f}`),
    ]));
  } else if (failures.length) out.push(failures.map((f) => `- failure: ${f}`).join("\n"));
  return out.join("\n");
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  const only = process.argv.includes("--only-3") ? "3" : process.argv.includes("--only-3b") ? "3b" : undefined;
  console.log(await memory(smoke ? { rounds: 1, messages: 1000 } : { rounds: 3, messages: 10_000 }, only));
}

