// Shared pieces of the benchmarks: statistics and tables, process timing, free ports, host brokers
// (the launcher in front of the real JVM broker) and Docker containers, and /proc readings.
// Nothing here asserts a time: the benchmarks report, they never pass or fail on a number.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { javaFeature } from "../entrypoint/core/aot.ts";
import { localImage } from "../scripts/lib/image.ts";
import { reservePorts } from "../scripts/lib/ports.ts";
import { run as runChild } from "../scripts/lib/run.ts";
import { waitForProduce } from "../scripts/lib/wire.ts";
import { consumeFirst } from "../scripts/lib/workload.ts";

export const ROOT = join(import.meta.dir, "..");
export const LAUNCHER = join(ROOT, "dist/kafka-launcher");
export const DEFAULTS = join(ROOT, "resources/defaults");
export const LIBS = join(ROOT, "build/kafka/libs");
export const IMAGE = localImage();
export const CLUSTER_ID = "5L6g3nShT-eMCtK--X86sw";

// ---------------------------------------------------------------------------------------------
// numbers and tables

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
}

/** Where a table has no figure: it says why, and never prints a number it did not measure. */
export function notMeasured(why: string): string {
  return `not measured (${why})`;
}

const NO_SAMPLE = "no sample";

export function ms(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${x.toFixed(digits)} ms` : notMeasured(NO_SAMPLE);
}

export function secs(xMs: number): string {
  return Number.isFinite(xMs) ? `${(xMs / 1000).toFixed(2)} s` : notMeasured(NO_SAMPLE);
}

export function mib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : notMeasured(NO_SAMPLE);
}

export function pct(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${x.toFixed(digits)} %` : notMeasured(NO_SAMPLE);
}

/**
 * A cost over a floor (what a row costs more than the floor row, a check's CPU over an empty program's): a cost
 * cannot be below zero, so a negative difference says the run's noise is larger than the cost, not a figure.
 */
export function over(x: number, floor: number, fmt: (x: number) => string = (v) => ms(v), n?: number): string {
  if (!Number.isFinite(x) || !Number.isFinite(floor)) return notMeasured(NO_SAMPLE);
  if (x - floor < 0) return notMeasured(`below the floor: the noise${n ? ` of n=${n}` : ""} is larger than the cost`);
  return fmt(x - floor);
}

/** a ÷ b, or why there is none (`names`: what a and b are, for the reason). */
export function ratio(a: number, b: number, digits = 2, names: [string, string] = ["the row", "the baseline"]): string {
  if (!Number.isFinite(a)) return notMeasured(`no sample of ${names[0]}`);
  if (!Number.isFinite(b)) return notMeasured(`no sample of ${names[1]}`);
  if (b <= 0) return notMeasured(`${names[1]} is ${b < 0 ? "below zero" : "zero"}`);
  return (a / b).toFixed(digits);
}

/** The variants of round `round` in a rotated order: each takes each place in turn, so none always follows the same one. */
export function rotated<T>(list: readonly T[], round: number): T[] {
  const k = list.length ? round % list.length : 0;
  return [...list.slice(k), ...list.slice(0, k)];
}

/**
 * a ÷ b round by round (the two ran in the same round, so the machine's drift between rounds cancels): "median
 * (p25–p75, n)", or why there is none. `a` and `b` are per round, NaN where that round has no sample.
 */
export function pairedRatio(a: readonly number[], b: readonly number[], names: [string, string] = ["the row", "the baseline"]): string {
  const ratios = a.flatMap((x, i) => (Number.isFinite(x) && Number.isFinite(b[i]!) && b[i]! > 0 ? [x / b[i]!] : []));
  if (ratios.length === 0) return notMeasured(`no round with a sample of both ${names[0]} and ${names[1]}`);
  return spread(ratios, (x) => x.toFixed(2));
}

/** "median (p25–p75, n)" for a sample in milliseconds. */
export function spread(xs: readonly number[], fmt: (x: number) => string = (x) => ms(x)): string {
  if (xs.length === 0) return notMeasured(NO_SAMPLE);
  if (xs.length < 3) return `${fmt(median(xs))} (n=${xs.length})`;
  return `${fmt(median(xs))} (${fmt(quantile(xs, 0.25)).replace(/ .*/, "")}–${fmt(quantile(xs, 0.75))}, n=${xs.length})`;
}

export function table(title: string, headers: string[], rows: string[][], notes: string[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? "").padEnd(widths[i]!)).join(" | ")} |`;
  const out = [`### ${title}`, "", line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)];
  if (notes.length) out.push("", ...notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// processes

export type Timed = { ms: number; exitCode: number | null; stderr: string; stdout: string };

/**
 * Wall time from spawn to exit, synchronously (least jitter for millisecond-scale processes). The
 * instrument of the overhead tables, not a runner: nothing but the spawn sits between its clock reads.
 */
export function timeSync(argv: string[], env: Record<string, string>, cwd?: string): Timed {
  const t0 = performance.now();
  const r = Bun.spawnSync(argv, { env, cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const t = performance.now() - t0;
  return { ms: t, exitCode: r.exitCode, stderr: r.stderr.toString(), stdout: r.stdout.toString() };
}

/** A command to its end (scripts/lib/run.ts, `env` its whole environment): its stdout, or why it failed with its stderr. */
export function run(argv: string[], env: Record<string, string> = process.env as Record<string, string>): { ok: boolean; out: string } {
  const r = runChild(argv, { env });
  return r.ok ? { ok: true, out: r.stdout } : { ok: false, out: r.message };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ports the OS hands out (scripts/lib/ports.ts), released at once, for a broker started later; where the start is right there, hold them with reservePorts. */
export async function freePorts(n: number): Promise<number[]> {
  const reserved = await reservePorts(n);
  await reserved.release();
  return [...reserved.ports];
}

export function tempDir(label: string): string {
  const base = join(ROOT, "build", "bench");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// /proc

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux

/** Resident set size and its peak, in bytes; undefined once the process is gone. */
export function rssOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

/** CPU seconds the process used, including children it has waited for (the storage-tool format). */
export function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is state (field 3): utime is field 14 → index 11
    const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(fields[i]), 0);
    return ticks / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** The whole machine's CPU so far, from /proc/stat: busy and all jiffies over every core (every process, the kernel too). */
export type HostCpu = { busy: number; total: number; at: number };

export function hostCpu(): HostCpu {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait (fields 4 and 5) are the idle time; everything else is work
  return { busy: total - fields[3]! - (fields[4] ?? 0), total, at: performance.now() };
}

/** Cores the whole machine kept busy between two readings (2.0 = both cores of this machine). */
export function busyCores(from: HostCpu, to: HostCpu): number {
  const cores = readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? 1;
  return to.total > from.total ? ((to.busy - from.busy) / (to.total - from.total)) * cores : NaN;
}

/** CPU seconds the whole machine spent between two readings. */
export function busySeconds(from: HostCpu, to: HostCpu): number {
  return (to.busy - from.busy) / CLK_TCK;
}

/** This benchmark's own CPU seconds so far (its clients and probes run on the same machine). */
export function ownCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * A process's memory, from /proc/<pid>/smaps_rollup: resident (RSS), its fair share of pages shared with
 * other processes (PSS: a page five brokers map counts a fifth each), and what is its alone (USS: private
 * pages, what stopping it would give back). Undefined once the process is gone.
 */
export function memoryOf(pid: number): { rss: number; pss: number; uss: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb("Rss"), pss: kb("Pss"), uss: kb("Private_Clean") + kb("Private_Dirty") };
  } catch {
    return undefined;
  }
}

/** The host's MemAvailable in bytes: what the kernel could hand out now without swapping. */
export function memAvailable(): number {
  return Number(/MemAvailable:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1]) * 1024;
}

export function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "?";
  const cores = readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? 0;
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0);
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  return `${cores} × ${cpu}, ${(memKb / 1024 / 1024).toFixed(0)} GiB RAM, Linux ${kernel}, load average at start ${load}`;
}

// ---------------------------------------------------------------------------------------------
// Java on the host

/** Temurin 25 like the image, else JAVA_HOME, else java on PATH. */
export function hostJava(): string | undefined {
  const jvm = "/usr/lib/jvm";
  if (existsSync(jvm)) {
    const t = readdirSync(jvm).filter((d) => /^temurin-25/.test(d)).sort()[0];
    if (t && existsSync(join(jvm, t, "bin/java"))) return join(jvm, t, "bin/java");
  }
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, "bin/java"))) return join(process.env.JAVA_HOME, "bin/java");
  return Bun.which("java") ?? undefined;
}

/** The java's `release` file (<java home>/release), read rather than asked: no JVM start. */
function javaRelease(java: string): string {
  try {
    return readFileSync(join(dirname(dirname(realpathSync(Bun.which(java) ?? java))), "release"), "utf8");
  } catch {
    return "";
  }
}

export function javaVersion(java: string): string {
  const release = javaRelease(java);
  const field = (name: string) => new RegExp(`^${name}="(.*)"`, "m").exec(release)?.[1];
  return release ? `${field("IMPLEMENTOR") ?? "java"} ${field("JAVA_VERSION") ?? "?"}` : "?";
}

/** 25 for a JDK 25, from its release file; 0 when unknown. */
export function javaFeatureOf(java: string): number {
  return javaFeature(javaRelease(java)) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// host brokers: the launcher in front of the real JVM broker

export type HostNode = { dir: string; mounted: string; final: string; data: string; port: number; controllerPort: number };

/** A node folder whose mounted server.properties is the image default with OS-chosen ports and its own log dir. */
export async function hostNode(label: string): Promise<HostNode> {
  const dir = tempDir(label);
  const [port, controllerPort] = await freePorts(2);
  const node = { dir, mounted: join(dir, "mounted"), final: join(dir, "final"), data: join(dir, "data"), port: port!, controllerPort: controllerPort! };
  mkdirSync(node.mounted, { recursive: true });
  mkdirSync(node.final, { recursive: true });
  const text = readFileSync(join(DEFAULTS, "server.properties"), "latin1")
    .replace(/:9092\b/g, `:${node.port}`)
    .replace(/:9093\b/g, `:${node.controllerPort}`)
    .replace(/^log\.dirs=.*$/m, `log.dirs=${node.data}`);
  writeFileSync(join(node.mounted, "server.properties"), text);
  return node;
}

export function launcherArgv(node: HostNode, command = "run"): string[] {
  return [LAUNCHER, command, "-D", DEFAULTS, "-M", node.mounted, "-F", node.final];
}

export function hostEnv(java: string, extra: Record<string, string> = {}): Record<string, string> {
  const { PATH = "/usr/bin:/bin", HOME = "/root" } = process.env;
  return { PATH, HOME, LAUNCHER_RUNTIME: "jvm", LAUNCHER_JAVA: java, LAUNCHER_CLASSPATH: `${LIBS}/*`, ...extra };
}

export type Started = {
  proc: ReturnType<typeof Bun.spawn>;
  t0: number;
  log: string;
  /** a container's id, for the Docker benchmarks */
  id?: string;
};

export function startProcess(argv: string[], env: Record<string, string>, log: string): Started {
  const t0 = performance.now();
  const proc = Bun.spawn(argv, { env, stdin: "ignore", stdout: Bun.file(log), stderr: Bun.file(`${log}.err`) });
  return { proc, t0, log };
}

export type Ready = { readyMs: number; cpuS: number; rss: number; ok: boolean; reason?: string };

export async function waitReady(started: Started, port: number, timeoutMs: number, pidOf: () => number | undefined = () => started.proc.pid): Promise<Ready> {
  const probe = await waitForProduce("127.0.0.1", port, `ready-${port}-${Date.now()}`, timeoutMs);
  const pid = pidOf();
  const cpuS = pid ? cpuOf(pid) : NaN;
  const rss = pid ? rssOf(pid)?.rss ?? NaN : NaN;
  if (!probe.ok) return { readyMs: NaN, cpuS, rss, ok: false, reason: probe.reason };
  return { readyMs: probe.at - started.t0, cpuS, rss, ok: true };
}

/** SIGTERM, then wait; "clean" = exited by itself (0 or 143) before the deadline and logged its shutdown. */
export async function stopProcess(started: Started, deadlineMs = 60_000): Promise<{ stopMs: number; clean: boolean; exitCode: number | null }> {
  const t = performance.now();
  started.proc.kill("SIGTERM");
  const exited = await Promise.race([started.proc.exited, sleep(deadlineMs).then(() => "timeout" as const)]);
  const stopMs = performance.now() - t;
  if (exited === "timeout") {
    started.proc.kill("SIGKILL");
    await started.proc.exited;
    return { stopMs, clean: false, exitCode: null };
  }
  const logged = existsSync(started.log) && /shut down completed|shutdown completed/i.test(readFileSync(started.log, "utf8"));
  return { stopMs, clean: (exited === 0 || exited === 143) && logged, exitCode: exited };
}

// ---------------------------------------------------------------------------------------------
// Docker

export function dockerReady(): { ok: boolean; why?: string } {
  if (process.env.BENCH_NO_DOCKER) return { ok: false, why: "BENCH_NO_DOCKER is set" };
  if (!Bun.which("docker")) return { ok: false, why: "no docker client" };
  if (!run(["docker", "info"]).ok) return { ok: false, why: "the Docker engine does not answer (scripts/docker-engine.sh start)" };
  if (!run(["docker", "image", "inspect", IMAGE]).ok) return { ok: false, why: `no ${IMAGE} image (npm run image)` };
  return { ok: true };
}

export function dockerPid(name: string): number | undefined {
  const r = run(["docker", "inspect", "-f", "{{.State.Pid}}", name]);
  const pid = Number(r.out.trim());
  return r.ok && pid > 0 ? pid : undefined;
}

/**
 * A container on an OS-chosen host port, advertised as localhost:<port> (what Testcontainers does);
 * `env` may depend on the port. `started.id` is the container's id.
 */
export async function dockerStart(name: string, env: Record<string, string> | ((port: number) => Record<string, string>) = {}, image = IMAGE, dockerArgs: string[] = []): Promise<{ started: Started; port: number }> {
  const reserved = await reservePorts(1);
  const port = reserved.ports[0]!;
  const given = typeof env === "function" ? env(port) : env;
  const envArgs = Object.entries({ KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`, ...given }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const argv = ["docker", "run", "-d", "--name", name, "-p", `127.0.0.1:${port}:9092`, ...dockerArgs, ...envArgs, image];
  await reserved.release();
  const t0 = performance.now();
  const r = run(argv);
  if (!r.ok) throw new Error(`docker run failed: ${r.out}`);
  return { started: { proc: undefined as never, t0, log: "", id: r.out.trim() }, port };
}


/** CPU seconds of everything in a container so far, from its cgroup (v1 cpuacct or v2 cpu.stat); NaN when unreadable. */
export function containerCpu(id: string): number {
  for (const path of [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, `/sys/fs/cgroup/docker/${id}/cpu.stat`]) {
    try {
      const text = readFileSync(path, "utf8");
      return path.endsWith("cpuacct.usage") ? Number(text) / 1e9 : Number(/^usage_usec (\d+)/m.exec(text)?.[1]) / 1e6;
    } catch {
      // not this cgroup layout
    }
  }
  return NaN;
}

/** Threads of a process (/proc/<pid>/status). */
export function threadsOf(pid: number): number {
  try {
    return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  } catch {
    return NaN;
  }
}

export type RoundTrip =
  | { ok: true; producedMs: number; consumedMs: number; cpuS: number; rss: number; threads: number }
  | { ok: false; reason: string };

/**
 * What a test waits for, from `t0` (the `docker run` / `docker start` call): a produce accepted
 * (scripts/lib/wire.ts), then that record read back by a consumer in a new group (kafkajs); the
 * container's CPU seconds, and the RSS and threads of its PID 1, at that moment.
 */
export async function waitRoundTrip(t0: number, port: number, timeoutMs: number, container: { id: string; pid: () => number | undefined }): Promise<RoundTrip> {
  const topic = `round-trip-${port}-${Date.now()}`;
  const produced = await waitForProduce("127.0.0.1", port, topic, timeoutMs);
  if (!produced.ok) return { ok: false, reason: `produce: ${produced.reason}` };
  let consumedAt: number;
  try {
    consumedAt = await consumeFirst(`127.0.0.1:${port}`, topic, timeoutMs);
  } catch (e) {
    return { ok: false, reason: `consume: ${(e as Error).message}` };
  }
  const cpuS = containerCpu(container.id);
  const pid = container.pid();
  return { ok: true, producedMs: produced.at - t0, consumedMs: consumedAt - t0, cpuS, rss: pid ? rssOf(pid)?.rss ?? NaN : NaN, threads: pid ? threadsOf(pid) : NaN };
}

/** The container's stdout (the broker) and stderr (the launcher), in order. */
export function dockerLogs(name: string): string {
  return run(["sh", "-c", 'docker logs "$0" 2>&1', name]).out;
}

export function dockerStop(name: string, timeoutS = 60): { stopMs: number; clean: boolean; exitCode: number | null } {
  const t = performance.now();
  run(["docker", "stop", "-t", String(timeoutS), name]);
  const stopMs = performance.now() - t;
  const code = Number(run(["docker", "inspect", "-f", "{{.State.ExitCode}}", name]).out.trim());
  const logged = /shut down completed|shutdown completed/i.test(dockerLogs(name));
  return { stopMs, clean: (code === 0 || code === 143) && logged, exitCode: Number.isFinite(code) ? code : null };
}

export function dockerRemove(name: string): void {
  run(["docker", "rm", "-f", "-v", name]);
}

export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : NaN;
}
