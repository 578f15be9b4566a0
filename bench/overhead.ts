// Table 1 — launcher overhead: process start → execve of the broker, on the restart path (storage
// already formatted: no child process) and on the first start, against the floor (the exec target
// alone, and a process that only execs it) and against Apache Kafka's own set-up step
// (`kafka.docker.KafkaDockerWrapper setup`, run from the same Maven jars with kafka-run-class.sh's
// JVM options, as apache/kafka runs it on every container start).
//
// Table 1b — where the launcher's own start-up goes: Bun-compiled probe binaries (same build flags
// as the launcher), each doing one thing the launcher does at start-up.
//
// Every row is timed spawn → exit of the whole process tree, all rows interleaved round by round
// (A B C … A B C …) so that the machine's noise hits every row alike; figures are medians.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUILD_FLAGS } from "../scripts/lib/launcher-build.ts";
import { CLUSTER_ID, DEFAULTS, LAUNCHER, LIBS, ROOT, hostJava, median, ms, notMeasured, over, ratio, run, spread, table, tempDir, timeSync, removeDir } from "./lib.ts";

export type OverheadOptions = { rounds: number; reps: number; jvmRounds: number };

const BUN = join(ROOT, "node_modules/.bin/bun");
const PROBES = ["empty", "exec-only", "process-execve", "zod", "dot-properties", "lazy-yargs", "yargs", "ffi-dlopen", "yaml", "fs", "stages"] as const;

/** kafka-run-class.sh's defaults for a tool class (heap 256M, G1 performance options, tools log4j2). */
function upstreamSetupArgv(java: string, dirs: { mounted: string; final: string }): string[] {
  return [
    java,
    "-Xmx256M",
    "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${join(DEFAULTS, "tools-log4j2.yaml")}`,
    "-cp", `${LIBS}/*`,
    "kafka.docker.KafkaDockerWrapper", "setup",
    "--default-configs-dir", DEFAULTS,
    "--mounted-configs-dir", dirs.mounted,
    "--final-configs-dir", dirs.final,
  ];
}

/** The launcher built with one of its build flags left out: what that flag buys, side by side (table 1);
 * "launcher-all-flags" is the shipped build, written and run like the others (a freshly written file
 * starts faster than one read in from disk, as the image's copy was: docs/benchmarks.md). */
export const LAUNCHER_VARIANTS: Record<string, string> = {
  "launcher-all-flags": "",
  "launcher-no-splitting": "--splitting",
  "launcher-no-jit-policy": "--compile-jit-policy=100",
};

let probesBuilt: Map<string, string> | undefined;

/** Built once per run (tables 1 and 1b both use them); the launcher variants always, since they follow entrypoint/. */
export function buildProbes(): Map<string, string> {
  if (probesBuilt) return probesBuilt;
  const out = join(ROOT, "build/bench/probes");
  mkdirSync(out, { recursive: true });
  const built = new Map<string, string>();
  for (const name of PROBES) {
    const src = join(ROOT, "bench/probes", `${name}.ts`);
    const bin = join(out, name);
    // the stages probe imports the launcher's modules (entrypoint/start.ts): rebuilt every run, like the launcher variants
    const stale = name === "stages" || !existsSync(bin) || Bun.file(src).lastModified > Bun.file(bin).lastModified;
    if (stale) {
      const r = run([BUN, "build", ...BUILD_FLAGS, src, "--outfile", bin]);
      if (!r.ok) throw new Error(`cannot build probe ${name}: ${r.out}`);
    }
    built.set(name, bin);
  }
  for (const [name, without] of Object.entries(LAUNCHER_VARIANTS)) {
    const bin = join(out, name);
    const r = run([BUN, "build", ...BUILD_FLAGS.filter((f) => f !== without), join(ROOT, "entrypoint/main.ts"), "--outfile", bin]);
    if (!r.ok) throw new Error(`cannot build ${name}: ${r.out}`);
    built.set(name, bin);
  }
  probesBuilt = built;
  return built;
}

/** The launcher's step lines, as rows of table 1c. */
const STEP_NAMES: Record<string, (detail: string) => string> = {
  plan: () => "start(): gather (read files) and plan (merge, validate, logging YAML, argv)",
  render: () => "start(): render (write 3 files)",
  storage: (detail) => `start(): storage decision (${detail.startsWith("skip") ? "skip" : "format"})`,
};

type Row = { label: string; argv: () => string[]; env: () => Record<string, string>; jvm?: boolean; check?: (t: ReturnType<typeof timeSync>) => string | undefined; after?: () => void };

export async function overhead(opts: OverheadOptions): Promise<string> {
  const java = hostJava();
  const work = tempDir("overhead");
  // Every row gets the same input: a mounted server.properties = the image defaults with its own
  // log dir (upstream drops all defaults as soon as one KAFKA_ variable is set, so no env is used).
  const defaultsText = readFileSync(join(DEFAULTS, "server.properties"), "latin1");
  let mounts = 0;
  const mountFor = (logDir: string) => {
    const dir = join(work, `mnt-${mounts++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "server.properties"), defaultsText.replace(/^log\.dirs=.*$/m, `log.dirs=${logDir}`));
    return dir;
  };
  const base = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" };
  const native = { ...base, LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "/bin/true" };

  // The restart path needs a log dir formatted by the real storage tool, once.
  const formatted = join(work, "formatted");
  const finalR = join(work, "final-restart");
  const notes: string[] = [];
  let haveFormatted = false;
  if (java) {
    run([LAUNCHER, "render", "-D", DEFAULTS, "-M", mountFor(formatted), "-F", finalR], native);
    const f = run([java, "-cp", `${LIBS}/*`, "kafka.KafkaNativeWrapper", "storage-tool", "format", "--cluster-id", CLUSTER_ID, "-c", join(finalR, "server.properties")]);
    haveFormatted = f.ok && existsSync(join(formatted, "meta.properties"));
    if (!haveFormatted) notes.push(`could not format the restart log dir: ${f.out.slice(0, 200)}`);
  } else notes.push("no java: the storage tool and upstream rows are skipped");

  let fresh = 0;
  const freshDir = () => join(work, `fresh-${fresh++}`);
  const restartMount = haveFormatted ? mountFor(formatted) : "";
  let pending = "";
  /** argv() runs after env(), which picks the log dir of this sample */
  const launcherRun = (finalDir: string) => [LAUNCHER, "run", "-D", DEFAULTS, "-M", pending, "-F", finalDir];
  const next = (logDir: string, env: Record<string, string>) => {
    pending = mountFor(logDir);
    return env;
  };
  const selfReported: Record<string, number[]> = { restart: [], first: [] };
  const grab = (key: string) => (t: ReturnType<typeof timeSync>) => {
    const m = /exec .*?, ([\d.]+) ms after process start/.exec(t.stderr);
    if (m) selfReported[key]!.push(Number(m[1]));
    return t.exitCode === 0 ? undefined : `exit ${t.exitCode}: ${t.stderr.slice(-300)}`;
  };
  const exit0 = (t: ReturnType<typeof timeSync>) => (t.exitCode === 0 ? undefined : `exit ${t.exitCode}: ${t.stderr.slice(-300)}`);

  let upstreamFresh = "";
  const rows: Row[] = [
    { label: "floor: `/bin/true` alone", argv: () => ["/bin/true"], env: () => base, check: exit0 },
    { label: "floor: a process that only execs it (`sh -c 'exec /bin/true'`)", argv: () => ["/bin/sh", "-c", "exec /bin/true"], env: () => base, check: exit0 },
    ...(haveFormatted ? [{ label: "launcher, restart (storage formatted: skip)", argv: () => launcherRun(finalR), env: () => ((pending = restartMount), native), check: grab("restart") }] : []),
    { label: "launcher, first start (native runtime, format child = `/bin/true`)", argv: () => launcherRun(join(work, "final-first")), env: () => next(freshDir(), native), check: grab("first") },
  ];
  if (java) {
    const stub = join(ROOT, "scripts/lib/java-format-only.sh");
    const jvmEnv = { ...base, LAUNCHER_RUNTIME: "jvm", LAUNCHER_JAVA: stub, REAL_JAVA: java, LAUNCHER_CLASSPATH: `${LIBS}/*` };
    rows.push({ label: "launcher, first start, real format in the broker's JVM (JVM image path; then `kafka --version`)", argv: () => launcherRun(join(work, "final-jvm")), env: () => next(freshDir(), jvmEnv), jvm: true, check: exit0 });
    const upFinalRestart = join(work, "up-restart-final"); // not "up-final-*": those are cleaned up every round
    mkdirSync(upFinalRestart, { recursive: true });
    // a formatted dir of upstream's own for its restart row
    const upFormatted = join(work, "up-formatted");
    const upRestartMount = mountFor(upFormatted);
    run(upstreamSetupArgv(java, { mounted: upRestartMount, final: upFinalRestart }), { ...base, CLUSTER_ID });
    rows.push({
      label: "upstream `KafkaDockerWrapper setup`, restart (\"already formatted\")",
      argv: () => upstreamSetupArgv(java, { mounted: upRestartMount, final: upFinalRestart }),
      // upstream's configure script deletes the old final server.properties first (the wrapper refuses to overwrite it)
      env: () => (rmSync(join(upFinalRestart, "server.properties"), { force: true }), { ...base, CLUSTER_ID }),
      jvm: true,
      // upstream exits 1 on a formatted dir and its start script greps the output for "already formatted"
      check: (t) => (t.exitCode === 0 || /already formatted/i.test(t.stdout + t.stderr) ? undefined : `exit ${t.exitCode}: ${(t.stdout + t.stderr).slice(-300)}`),
    });
    rows.push({
      label: "upstream `KafkaDockerWrapper setup`, first start (formats)",
      argv: () => {
        const final = join(work, `up-final-${fresh}`);
        mkdirSync(final, { recursive: true });
        return upstreamSetupArgv(java, { mounted: pending, final });
      },
      env: () => {
        upstreamFresh = freshDir();
        return next(upstreamFresh, { ...base, CLUSTER_ID });
      },
      jvm: true,
      check: (t) => (t.exitCode === 0 && existsSync(join(upstreamFresh, "meta.properties")) ? undefined : `exit ${t.exitCode}: ${(t.stdout + t.stderr).slice(-300)}`),
    });
  }

  const samples = new Map<string, number[]>(rows.map((r) => [r.label, []]));
  const failures = new Map<string, string>();
  for (let round = 0; round < opts.rounds; round++) {
    for (const row of rows) {
      if (row.jvm && round >= opts.jvmRounds) continue;
      for (let k = 0; k < (row.jvm ? 1 : opts.reps); k++) {
        const env = row.env();
        const t = timeSync(row.argv(), env);
        const problem = row.check?.(t);
        if (problem) failures.set(row.label, problem);
        else samples.get(row.label)!.push(t.ms);
      }
    }
    // fresh dirs pile up: drop them as we go
    for (const name of readdirSync(work)) if (/^(fresh|up-final)-/.test(name)) rmSync(join(work, name), { recursive: true, force: true });
  }

  const floor = median(samples.get(rows[0]!.label)!);
  const execFloor = median(samples.get(rows[1]!.label)!);
  const med = (label: string) => median(samples.get(label) ?? []);
  const restart = med("launcher, restart (storage formatted: skip)");
  const first = med("launcher, first start (native runtime, format child = `/bin/true`)");
  const firstJvm = med("launcher, first start, real format in the broker's JVM (JVM image path; then `kafka --version`)");
  const upRestart = med("upstream `KafkaDockerWrapper setup`, restart (\"already formatted\")");
  const upFirst = med("upstream `KafkaDockerWrapper setup`, first start (formats)");
  const body = rows.map((r) => {
    const xs = samples.get(r.label)!;
    const m = median(xs);
    const overFloor = r.label.startsWith("floor") ? "—" : over(m, floor, undefined, samples.get(r.label)!.length);
    const faster = (up: number, digits: number) => `${ratio(up, m, digits, ["upstream's set-up", "this row"])}× faster`.replace(/^(not measured .*)× faster$/, "$1");
    let vsUpstream = "—";
    if (r.label.includes("restart") && !r.label.startsWith("upstream")) vsUpstream = faster(upRestart, 0);
    if (r.label.includes("first start") && !r.label.startsWith("upstream")) vsUpstream = faster(upFirst, r.jvm ? 1 : 0);
    return [r.label, failures.has(r.label) && xs.length === 0 ? `failed: ${failures.get(r.label)}` : spread(xs), overFloor, vsUpstream];
  });
  const sr = (k: string) => (selfReported[k]!.length ? ms(median(selfReported[k]!)) : notMeasured("no exec line"));
  const up: [string, string] = ["upstream's set-up", "the launcher"];
  notes.unshift(
    `"over the floor" = median − median of \`/bin/true\` alone (${ms(floor)}); a process that only execs it costs ${over(execFloor, floor)} more.`,
    `launcher start → execve = restart row − floor = **${over(restart, floor)}** (first start, stubbed format: ${over(first, floor)}); the launcher's own exec line says ${sr("restart")} / ${sr("first")} "after process start" (Bun's clock starts after the runtime is up).`,
    `upstream set-up ÷ launcher: restart ${ratio(upRestart, restart, 0, up)}×, first start ${ratio(upFirst, first, 0, up)}× (stubbed format) and ${ratio(upFirst, firstJvm, 1, up)}× (both with a real JVM format).`,
    `rounds: ${opts.rounds} (×${opts.reps} for millisecond rows), JVM rows ${Math.min(opts.jvmRounds, opts.rounds)}; java: ${java ?? "none"}.`,
  );
  for (const [label, why] of failures) notes.push(`failure in "${label}": ${why.replace(/\s+/g, " ").slice(0, 200)}`);
  const t1 = table("1 (host). Launcher overhead on the host, with arguments (`run -D -M -F`): process start → execve", ["path", "wall, median (p25–p75, n)", "over the floor", "vs upstream set-up"], body, notes);

  const t1b = breakdown(opts, base, haveFormatted ? formatted : undefined);
  removeDir(work);
  return `${t1}\n${t1b}`;
}

function breakdown(opts: OverheadOptions, base: Record<string, string>, formatted: string | undefined): string {
  let probes: Map<string, string>;
  try {
    probes = buildProbes();
  } catch (e) {
    return table("1b. Where the launcher's start-up goes", ["probe", "result"], [["build", (e as Error).message.slice(0, 200)]]);
  }
  const work = tempDir("probes");
  const empty = join(work, "mounted");
  mkdirSync(empty, { recursive: true });
  const native = { ...base, LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "/bin/true", KAFKA_LOG_DIRS: formatted ?? join(work, "data") };
  const final = join(work, "final");
  const rows: { label: string; argv: string[]; env: Record<string, string> }[] = [
    { label: "`/bin/true` (floor)", argv: ["/bin/true"], env: base },
    { label: "Bun-compiled binary that does nothing", argv: [probes.get("empty")!], env: base },
    { label: "… that only execve's `/bin/true` via bun:ffi (dlopen, TinyCC)", argv: [probes.get("exec-only")!, "/bin/true"], env: base },
    { label: "… that only execve's `/bin/true` via `process.execve`", argv: [probes.get("process-execve")!, "/bin/true"], env: base },
    { label: "… import zod/mini + one schema", argv: [probes.get("zod")!], env: base },
    { label: "… import dot-properties + parse defaults", argv: [probes.get("dot-properties")!], env: base },
    { label: "… yargs in the bundle, never evaluated", argv: [probes.get("lazy-yargs")!], env: base },
    { label: "… yargs evaluated (launcher: only with arguments)", argv: [probes.get("yargs")!], env: base },
    { label: "… bun:ffi dlopen libc, 3 symbols", argv: [probes.get("ffi-dlopen")!], env: base },
    { label: "… Bun.YAML parse + stringify log4j2.yaml", argv: [probes.get("yaml")!], env: base },
    { label: "… fs: read 3 defaults, write 3 files, read meta", argv: [probes.get("fs")!, DEFAULTS, join(work, "fs-out")], env: base },
    { label: "the launcher's modules, then start.ts's start() → execve (no arguments: no yargs)", argv: [probes.get("stages")!, DEFAULTS, empty, final], env: native },
    { label: "launcher `--version` (evaluates yargs)", argv: [LAUNCHER, "--version"], env: base },
    { label: `launcher \`run -D -M -F\` → execve \`/bin/true\` (${formatted ? "restart" : "first start"})`, argv: [LAUNCHER, "run", "-D", DEFAULTS, "-M", empty, "-F", final], env: native },
  ];
  const samples = rows.map(() => [] as number[]);
  const marks = new Map<string, number[]>();
  const fails: string[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    rows.forEach((r, i) => {
      for (let k = 0; k < opts.reps; k++) {
        const t = timeSync(r.argv, r.env);
        for (const m of t.stderr.matchAll(/^mark\t([^\t]+)\t[^\t]+\t([\d.]+)$/gm)) marks.set(m[1]!, [...(marks.get(m[1]!) ?? []), Number(m[2])]);
        // the stages probe's start() reports its steps itself
        if (r.label.startsWith("the launcher's modules")) for (const m of t.stderr.matchAll(/^kafka-launcher: (plan|render|storage)\s+([\d.]+) ms  (.*)$/gm)) {
          const name = STEP_NAMES[m[1]!]!(m[3]!);
          marks.set(name, [...(marks.get(name) ?? []), Number(m[2])]);
        }
        if (t.exitCode === 0) samples[i]!.push(t.ms);
        else if (fails.length < 5) fails.push(`${r.label}: exit ${t.exitCode} ${t.stderr.slice(-200)}`);
      }
    });
  }
  const emptyMed = median(samples[1]!);
  const body = rows.map((r, i) => {
    const m = median(samples[i]!);
    const delta = i <= 1 ? "—" : over(m, emptyMed, undefined, samples[i]!.length);
    return [r.label, spread(samples[i]!), delta];
  });
  removeDir(work);
  const notes = [
    `probes are built with the launcher's flags (\`bun build ${BUILD_FLAGS.join(" ")}\`); "over an empty Bun binary" isolates each part's own cost.`,
    `the launcher binary is ${(Bun.file(LAUNCHER).size / 1024 / 1024).toFixed(0)} MiB (the Bun runtime is most of it); an empty Bun binary is ${(Bun.file(probes.get("empty")!).size / 1024 / 1024).toFixed(0)} MiB.`,
    ...fails.map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ];
  const t1b = table("1b. Where the launcher's start-up goes (Bun-compiled probes, same build flags)", ["probe", "wall, median (p25–p75, n)", "over an empty Bun binary"], body, notes);
  const markRows = [...marks].map(([name, xs]) => [name.replace(/^(first line)$/, "Bun runtime up, bundle loaded → first line of the program"), ms(median(xs), 2)]);
  const t1c = table(
    "1c. Inside the launcher's restart path (in-process marks of the stages probe, medians)",
    ["step (in the launcher's order)", "time since the previous mark"],
    markRows,
    ["the first row counts from Bun's time origin (the runtime is already partly up); the import rows are the probe's marks; the start() rows are the launcher's own step lines (bench/probes/stages.ts runs entrypoint/start.ts's start(), the real pipeline); the execve follows the storage decision."],
  );
  return `${t1b}\n${t1c}`;
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await overhead(smoke ? { rounds: 1, reps: 1, jvmRounds: 1 } : { rounds: 15, reps: 3, jvmRounds: 7 }));
}
