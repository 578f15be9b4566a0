// Table 5 — scale: N brokers started at once on this machine (in Docker when the image is there, else on
// the host through the launcher), each on its own OS-chosen port. What a machine full of them costs, read
// off the whole machine (/proc/stat: every process — brokers, health checks, dockerd, containerd, the
// shims, the kernel — less the machine's own idle work measured just before, less this benchmark's own
// probes) next to the brokers' own cgroups: the start until every broker accepts a produce, the memory of
// each (RSS, and PSS and USS from smaps_rollup: the AOT cache, the jars and the JVM are the same files in
// every container, so much of RSS is shared), the machine while they idle, then all stopped at once and
// checked: exited by themselves and logged their shutdown.
import { join } from "node:path";
import { capture } from "../scripts/lib/run.ts";
import { ensureBaselineImage, BASELINE_LABEL } from "./baseline.ts";
import { busyCores, busySeconds, containerCpu, cpuOf, dockerLogs, dockerPid, dockerReady, dockerRemove, freePorts, hostCpu, hostEnv, hostJava, hostNode, IMAGE, launcherArgv, median, memAvailable, memoryOf, mib, ownCpu, removeDir, run, secs, sleep, startProcess, stopProcess, table, notMeasured, pct, ratio, type HostNode, type Started } from "./lib.ts";
import { waitForProduce } from "../scripts/lib/wire.ts";

/** Which image a run starts: this one as users get it, this one with `--no-healthcheck`, or today's. */
export type ScaleVariant = "image" | "no-healthcheck" | "today";
export type ScaleRun = { n: number; variant?: ScaleVariant };

/** The full run: 10 and 50 with and without the health check, 10 of today's image, and 100. */
export const SCALE_RUNS: ScaleRun[] = [{ n: 10 }, { n: 10, variant: "no-healthcheck" }, { n: 10, variant: "today" }, { n: 50 }, { n: 50, variant: "no-healthcheck" }, { n: 100 }];

/**
 * `baselineS` of the machine alone before each run; after all are ready, `idleS` measured at once (the first
 * minute: the JIT still warming up), then `settleS` more, then `idleS` measured again (settled).
 */
export type ScaleOptions = { runs: ScaleRun[]; where?: "docker" | "host"; baselineS: number; settleS: number; idleS: number; buildVariants?: boolean };

type Memory = { rss: number; pss: number; uss: number };
type Idle = { host: number; own: number };
export type ScaleResult = Result;
type Result = {
  label: string;
  n: number;
  allReadyMs: number;
  readyMs: number[];
  /** CPU seconds per broker from the first start to the last ready: the whole machine's share, and the brokers' own */
  startHost: number;
  startOwn: number;
  memory: Memory[];
  /** the host's MemAvailable given up between before the start and all ready */
  memTaken: number;
  /** % of a core per broker while they idle, right after all were ready and once settled: the whole machine's share, and the brokers' own */
  idleFirst: Idle;
  idleSettled: Idle;
  clean: number;
  stopMs: number;
  failures: string[];
};

/** `docker stop`'s grace period for all of them at once. */
const STOP_TIMEOUT_S = 30;
/**
 * How often each broker is asked while they start: every 250 ms, less often the more there are, so that the
 * probes of a run (each a connection through the engine's port proxy) stay near 40 a second in all.
 */
const probeInterval = (n: number) => Math.max(250, n * 25);

/** The machine's own work (cores busy) with none of our brokers running. */
async function machineAlone(seconds: number): Promise<number> {
  const a = hostCpu();
  const own = ownCpu();
  await sleep(seconds * 1000);
  const b = hostCpu();
  return busyCores(a, b) - (ownCpu() - own) / ((b.at - a.at) / 1000);
}

/** The whole machine over a window, less its own work and this process's: cores busy because of the brokers. */
function windowOf(a: { cpu: ReturnType<typeof hostCpu>; own: number }, b: { cpu: ReturnType<typeof hostCpu>; own: number }, alone: number): { seconds: number; cores: number } {
  const seconds = (b.cpu.at - a.cpu.at) / 1000;
  const cpu = busySeconds(a.cpu, b.cpu) - alone * seconds - (b.own - a.own);
  return { seconds: cpu, cores: cpu / seconds };
}

const mark = () => ({ cpu: hostCpu(), own: ownCpu() });

/** One idle window: % of a core per broker, the whole machine's share (less its own work) and the brokers' own. */
async function idleWindow(n: number, seconds: number, alone: number, brokersCpu: () => number): Promise<Idle> {
  const own0 = brokersCpu();
  const a = mark();
  await sleep(seconds * 1000);
  const b = mark();
  return { host: (windowOf(a, b, alone).cores / n) * 100, own: ((brokersCpu() - own0) / seconds / n) * 100 };
}

export async function dockerScale(n: number, variant: ScaleVariant, image: string, opts: ScaleOptions): Promise<Result> {
  const ports = await freePorts(n);
  const names = ports.map((_, i) => `bench-scale-${process.pid}-${n}-${variant}-${i}`);
  names.forEach(dockerRemove);
  const failures: string[] = [];
  const alone = await machineAlone(opts.baselineS);
  const memBefore = memAvailable();
  const t0 = performance.now();
  const m0 = mark();
  const runs = names.map((name, i) =>
    capture(["docker", "run", "-d", "--name", name, ...(variant === "no-healthcheck" ? ["--no-healthcheck"] : []), "-p", `127.0.0.1:${ports[i]}:9092`, "-e", `KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:${ports[i]}`, image]),
  );
  const probes = ports.map((port, i) => waitForProduce("127.0.0.1", port, `scale-${i}`, 900_000, probeInterval(n)));
  const ids = (await Promise.all(runs)).map((r) => r.stdout.trim());
  const results = await Promise.all(probes);
  const allReadyMs = performance.now() - t0;
  const m1 = mark();
  const brokersCpu = () => ids.reduce((sum, id) => sum + (containerCpu(id) || 0), 0);
  const startBrokers = brokersCpu();
  const readyMs = results.flatMap((r) => (r.ok ? [r.at - t0] : []));
  results.forEach((r, i) => { if (!r.ok) failures.push(`${names[i]}: ${r.reason}`); });
  const memory = names.map(dockerPid).flatMap((p) => (p ? memoryOf(p) ?? [] : []));
  const memTaken = memBefore - memAvailable();
  const idleFirst = await idleWindow(n, opts.idleS, alone, brokersCpu);
  await sleep(opts.settleS * 1000);
  const idleSettled = await idleWindow(n, opts.idleS, alone, brokersCpu);
  const ts = performance.now();
  await Promise.all(names.map((name) => capture(["docker", "stop", "-t", String(STOP_TIMEOUT_S), name])));
  const stopMs = performance.now() - ts;
  let clean = 0;
  for (const name of names) {
    const code = Number(run(["docker", "inspect", "-f", "{{.State.ExitCode}}", name]).out.trim());
    if ((code === 0 || code === 143) && /shut down completed/i.test(dockerLogs(name))) clean++;
    else failures.push(`${name}: exit ${code}`);
    dockerRemove(name);
  }
  return {
    label: `${n} (docker${variant === "image" ? "" : variant === "no-healthcheck" ? ", `--no-healthcheck`" : `, ${BASELINE_LABEL}`})`,
    n,
    allReadyMs: readyMs.length < n ? NaN : allReadyMs,
    readyMs,
    startHost: windowOf(m0, m1, alone).seconds / n,
    startOwn: startBrokers / n,
    memory,
    memTaken,
    idleFirst,
    idleSettled,
    clean,
    stopMs,
    failures,
  };
}

async function hostScale(n: number, java: string, opts: ScaleOptions): Promise<Result> {
  const nodes: HostNode[] = [];
  for (let i = 0; i < n; i++) nodes.push(await hostNode(`scale-${n}-${i}`));
  const failures: string[] = [];
  const alone = await machineAlone(opts.baselineS);
  const memBefore = memAvailable();
  const t0 = performance.now();
  const m0 = mark();
  const started: Started[] = nodes.map((node) => startProcess(launcherArgv(node), hostEnv(java), join(node.dir, "broker.log")));
  const results = await Promise.all(nodes.map((node, i) => waitForProduce("127.0.0.1", node.port, `scale-${i}`, 900_000, probeInterval(n))));
  const allReadyMs = performance.now() - t0;
  const m1 = mark();
  const brokersCpu = () => started.reduce((sum, s) => sum + (cpuOf(s.proc.pid) || 0), 0);
  const startBrokers = brokersCpu();
  const readyMs = results.flatMap((r) => (r.ok ? [r.at - t0] : []));
  results.forEach((r, i) => { if (!r.ok) failures.push(`node ${i}: ${r.reason}`); });
  const memory = started.flatMap((s) => memoryOf(s.proc.pid) ?? []);
  const memTaken = memBefore - memAvailable();
  const idleFirst = await idleWindow(n, opts.idleS, alone, brokersCpu);
  await sleep(opts.settleS * 1000);
  const idleSettled = await idleWindow(n, opts.idleS, alone, brokersCpu);
  const ts = performance.now();
  const stops = await Promise.all(started.map((s) => stopProcess(s, 120_000)));
  const stopMs = performance.now() - ts;
  const clean = stops.filter((s) => s.clean).length;
  stops.forEach((s, i) => { if (!s.clean) failures.push(`node ${i}: exit ${s.exitCode}`); });
  nodes.forEach((node) => removeDir(node.dir));
  return {
    label: `${n} (host)`, n, allReadyMs: readyMs.length < n ? NaN : allReadyMs, readyMs, startHost: windowOf(m0, m1, alone).seconds / n, startOwn: startBrokers / n,
    memory, memTaken, idleFirst, idleSettled, clean, stopMs, failures,
  };
}

/** A share of a core over the machine's own idle work: below zero, that work varied more than what was measured. */
const share = (x: number) => (x < 0 ? notMeasured("below the machine's own idle work: too short a window") : pct(x));
/** CPU seconds over the machine's own idle work: below zero, that work varied more than what was measured. */
const cpuS = (x: number) => (!Number.isFinite(x) ? notMeasured("no sample") : x < 0 ? notMeasured("below the machine's own idle work: too short a run") : `${x.toFixed(2)} s`);

function row(r: Result): string[] {
  const each = (f: (m: Memory) => number) => (r.memory.length ? mib(median(r.memory.map(f))) : notMeasured("no sample"));
  const sumPss = r.memory.reduce((s, m) => s + m.pss, 0);
  return [
    r.label,
    `${r.readyMs.length}/${r.n}`,
    secs(r.allReadyMs),
    r.readyMs.length ? `${secs(Math.min(...r.readyMs))} / ${secs(median(r.readyMs))}` : notMeasured("no broker ready"),
    `${cpuS(r.startHost)} (${cpuS(r.startOwn)})`,
    `${each((m) => m.rss)} / ${each((m) => m.pss)} / ${each((m) => m.uss)}`,
    `${mib(sumPss)}; ${mib(r.memTaken)}`,
    `${share(r.idleFirst.host)} (${pct(r.idleFirst.own)})`,
    `**${share(r.idleSettled.host)}** (${pct(r.idleSettled.own)})`,
    `${r.clean}/${r.n} in ${secs(r.stopMs)}`,
  ];
}

export async function scale(opts: ScaleOptions): Promise<string> {
  const d = dockerReady();
  const where = opts.where ?? (d.ok ? "docker" : "host");
  const java = hostJava();
  if (where === "host" && !java) return table("5. Scale", ["brokers", "result"], [["all", "skipped: no docker image and no java"]]);
  const results: Result[] = [];
  const notes: string[] = [];
  const wantsToday = where === "docker" && opts.runs.some((r) => r.variant === "today");
  const baseline = wantsToday ? ensureBaselineImage(opts.buildVariants ?? true) : undefined;
  if (baseline && !baseline.ok) notes.push(`no baseline image: ${baseline.why}`);
  for (const { n, variant = "image" } of opts.runs) {
    if (where === "host" && variant !== "image") continue;
    if (variant === "today" && !baseline?.ok) continue;
    const image = variant === "today" && baseline?.ok ? baseline.image : IMAGE;
    const r = where === "docker" ? await dockerScale(n, variant, image, opts) : await hostScale(n, java!, opts);
    results.push(r);
    notes.push(...r.failures.slice(0, 4).map((f) => `${r.label} failure: ${f}`));
  }
  const byN = (n: number, variant = "(docker)") => results.find((r) => r.n === n && r.label === `${n} ${variant}`);
  const fifty = byN(50);
  const hundred = byN(100);
  notes.unshift(
    where === "docker"
      ? `all \`docker run -d\` calls issued at once (${IMAGE} as users get it, with \`--no-healthcheck\`, or ${BASELINE_LABEL}: bench/baseline.ts; default CMD), each published on an OS-chosen port and advertised as localhost:<port>; ready = a produce accepted (each asked every ${probeInterval(10)} ms, every ${probeInterval(100)} ms when 100 start: some 40 probes a second in all); then ${opts.idleS} s of idle measured at once, ${opts.settleS} s more, and ${opts.idleS} s measured again (settled); then \`docker stop -t ${STOP_TIMEOUT_S}\` of all at once.`
      : "all launchers spawned at once on the host (JVM broker, developer profile), each with its own ports and log dir.",
    "start CPU per broker: the whole machine's CPU seconds from the first `docker run` to the last ready, less the machine's own idle work (measured for " +
      `${opts.baselineS} s just before each run) and this benchmark's own probes, divided by N: brokers, health checks, dockerd, containerd, shims, runc and the kernel; in brackets the brokers' own cgroups.`,
    "idle per broker: the same reading over each idle window, as % of one core per broker; in brackets the brokers' own cgroups (the health checks run in them; the engine's work for each check does not). The first minute after all are ready still has the JIT's warm-up in it (table 3d, and the first window here); settled is minutes 2–3.",
    "memory each: median RSS / PSS / USS of the brokers' PID 1 (smaps_rollup) once all were ready; total: the sum of their PSS (every page counted once), then how much the host's MemAvailable dropped from before the start (page cache, the engine and the shims too).",
  );
  if (fifty && hundred) notes.push(`100 at once ÷ 50 at once, all ready: **${ratio(hundred.allReadyMs, fifty.allReadyMs, 2, ["100 at once", "50 at once"])}** (linear: 2.0); start CPU per broker, whole machine: ${ratio(hundred.startHost, fifty.startHost, 2, ["100 at once", "50 at once"])}.`);
  return table(
    "5. Scale: N brokers started at once on this machine",
    ["brokers", "ready", "all ready after", "first / median ready", "start CPU per broker, machine (brokers)", "RSS / PSS / USS each", "total: PSS; MemAvailable taken", "idle per broker, first minute: machine (brokers)", "idle per broker, settled", "stopped cleanly"],
    results.map(row),
    notes,
  );
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  const where = process.argv.includes("--host") ? "host" : process.argv.includes("--docker") ? "docker" : undefined;
  const only = process.argv.find((a) => /^\d+(,\d+)*$/.test(a));
  const runs = only ? only.split(",").map((n) => ({ n: Number(n) })) : SCALE_RUNS;
  console.log(await scale(smoke ? { runs: [{ n: 2 }], where, baselineS: 1, settleS: 1, idleS: 2 } : { runs, where, baselineS: 15, settleS: 60, idleS: 60 }));
}
