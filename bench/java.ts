// Table 7 — the image's Java (issue 24): the same image (same launcher, profile, jars) built on each
// Java of scripts/lib/java.ts, side by side in one run.
//   7a  each Java's AOT cache options, each on its own: the cache trained with class linking only, then
//       with method profiles, then with adapter and stub caching too, then that cache with eager
//       compilation at run time; the image's own cache (trained as the build trains it) and no cache.
//       Each trained cache is bind-mounted into the image it was trained in (LAUNCHER_AOT_CACHE).
//   7b  every Java as built: `docker run` → produce accepted → first record consumed, CPU to that point,
//       RSS / PSS / USS of the idle broker, image size; then 50 brokers of each at once (all ready, start
//       CPU per broker), and 100 at once of the image's default Java, right after its 50.
// Every row gets the env Testcontainers passes. A Java whose image is not built (the smoke run builds
// none) or cannot be installed on this machine (Temurin where no /usr/lib/jvm/temurin-25* exists) says
// so in its row: "not measured (why)".
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { trainCache } from "../scripts/aot-train.ts";
import { imageVariant } from "../scripts/lib/image.ts";
import { jdkDir, JAVAS, javaChoice, type JavaChoice } from "../scripts/lib/java.ts";
import { run as runChild } from "../scripts/lib/run.ts";
import { testcontainersEnv } from "../scripts/lib/testcontainers.ts";
import {
  dockerLogs, dockerPid, dockerReady, dockerRemove, dockerStart, dockerStop, median, memoryOf, mib, notMeasured, ratio, ROOT, rotated, run, secs, sleep, spread, table, waitRoundTrip, type RoundTrip,
} from "./lib.ts";
import { dockerScale, type ScaleResult } from "./scale.ts";

/**
 * `rounds` of 7b and `optionRounds` of 7a (variants interleaved); `idleS` after the round trip before
 * memory is read; `atOnce` brokers of each Java at once (0: none) and `hundred` for the default Java;
 * `build`: build each Java's image and train 7a's caches when missing (false in the smoke run).
 */
export type JavaBenchOptions = { rounds: number; optionRounds: number; idleS: number; atOnce: number; hundred: boolean; build: boolean; optionKeys?: string[] };

const TIMEOUT = 180_000;
const CACHE_AT = "/opt/kafka/bench.aot";
const WORK = join(ROOT, "build/bench/java");

/** The image of one Java: the local image's repository, a tag of its own. */
export const javaImage = (java: JavaChoice) => imageVariant(`java-${java.id}`);

/**
 * 7a's cache options. `training` goes to the training run (scripts/aot-train.ts adds the module graph and
 * -XX:AOTCacheOutput); `runtime` to every measured start. JEP 483 (class loading and linking) is what
 * -XX:AOTCacheOutput always does; JEP 515's method profiles are -XX:AOTRecordTraining; the adapter and
 * stub caches are JDK 25's diagnostic flags (on by default from 26 on); AOTCompileEagerly (experimental)
 * compiles at start what the training run's profiles name.
 */
type CacheOption = { key: string; label: string; training: string[] | "image" | "none"; runtime: string[] };
const DIAG = "-XX:+UnlockDiagnosticVMOptions";
const CACHE_OPTIONS: CacheOption[] = [
  { key: "none", label: "no cache (`LAUNCHER_AOT_CACHE=off`)", training: "none", runtime: [] },
  { key: "linking", label: "class loading and linking only", training: [DIAG, "-XX:-AOTRecordTraining", "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching"], runtime: [] },
  { key: "profiles", label: "+ method profiles", training: [DIAG, "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching"], runtime: [] },
  { key: "code", label: "+ adapter and stub caching", training: [DIAG, "-XX:+AOTAdapterCaching", "-XX:+AOTStubCaching"], runtime: [] },
  { key: "eager", label: "+ eager compilation at start (`AOTCompileEagerly`)", training: [DIAG, "-XX:+AOTAdapterCaching", "-XX:+AOTStubCaching"], runtime: ["-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly"] },
  { key: "image", label: "the image's own cache (as `npm run image` trains it)", training: "image", runtime: [] },
];

type Sample = Extract<RoundTrip, { ok: true }> & { memory?: { rss: number; pss: number; uss: number } };
type Candidate = { java: JavaChoice; image?: string; why?: string };

/** Builds one Java's image (set-up of that Java, then the image build with its AOT cache); why not, when it cannot. */
function buildJavaImage(java: JavaChoice, image: string): string | undefined {
  const env = { ...process.env, KAFKA_NATIVE_IMAGE: image };
  const bun = join(ROOT, "node_modules/.bin/bun");
  console.error(`bench: building ${image} on ${java.label} (scripts/install-java.ts, scripts/build-image.ts)`);
  const installed = runChild([bun, "scripts/install-java.ts", java.id], { cwd: ROOT, env, inherit: true });
  if (!installed.ok) return `${java.label} cannot be installed here: ${installed.message.split("\n")[0]}`;
  const built = runChild([bun, "scripts/build-image.ts", "--java", java.id, "--no-check"], { cwd: ROOT, env, inherit: true });
  return built.ok ? undefined : `the image build on ${java.label} failed: ${built.message.split("\n")[0]}`;
}

/** One Java's image, built when missing and `build`; else why it is not measured. */
export function candidate(java: JavaChoice, build: boolean): Candidate {
  const image = javaImage(java);
  if (run(["docker", "image", "inspect", image]).ok) return { java, image };
  if (java.kind === "host" && !jdkDir(ROOT, java)) return { java, why: `no ${java.pattern} under /usr/lib/jvm on this machine, and no registry serves it` };
  if (!build) return { java, why: `${image} is not built (a full \`npm run bench\` builds it)` };
  const why = buildJavaImage(java, image);
  return why ? { java, why } : { java, image };
}

/** Each Java's image, built when missing and `build`; else why it is not measured. */
export function candidates(build: boolean): Candidate[] {
  return JAVAS.map((java) => candidate(java, build));
}

/** Resolves with the end of the container's log once it is no longer running (a JVM that dies at start), so a sample need not wait out the timeout. */
async function exited(name: string, done: { stop: boolean }): Promise<string> {
  while (!done.stop) {
    await sleep(1000);
    const state = run(["docker", "inspect", "-f", "{{.State.Running}} {{.State.ExitCode}}", name]).out.trim();
    if (state.startsWith("false")) return `exited (${state.split(" ")[1]}) before the round trip: ${dockerLogs(name).trim().split("\n").slice(-3).join(" | ")}`;
  }
  return "";
}

/** One first start with the Testcontainers env: the round trip, then `idleS` and the idle broker's memory. */
async function sample(image: string, name: string, env: Record<string, string>, mounts: string[], idleS: number): Promise<Sample | string> {
  dockerRemove(name);
  try {
    const { started, port } = await dockerStart(name, (p) => ({ ...testcontainersEnv(p), ...env }), image, mounts);
    const pid = () => dockerPid(name);
    const done = { stop: false };
    const r = await Promise.race([waitRoundTrip(started.t0, port, TIMEOUT, { id: started.id!, pid }), exited(name, done)]);
    done.stop = true;
    if (typeof r === "string") return r;
    if (!r.ok) return r.reason;
    let memory: Sample["memory"];
    if (idleS > 0) {
      await sleep(idleS * 1000);
      const p = pid();
      memory = p ? memoryOf(p) : undefined;
    }
    const stop = dockerStop(name);
    if (!stop.clean) return `not stopped cleanly (exit ${stop.exitCode})`;
    return { ...r, memory };
  } catch (e) {
    return (e as Error).message.slice(0, 300);
  } finally {
    dockerRemove(name);
  }
}

/** The start options of one 7a row: the cache mounted (or off, or the image's own) and the run-time flags. */
function startOf(o: CacheOption, cache: string | undefined): { env: Record<string, string>; mounts: string[] } {
  const env: Record<string, string> = {};
  if (o.runtime.length) env.KAFKA_OPTS = o.runtime.join(" ");
  if (o.training === "none") return { env: { ...env, LAUNCHER_AOT_CACHE: "off" }, mounts: [] };
  if (o.training === "image") return { env, mounts: [] };
  return { env: { ...env, LAUNCHER_AOT_CACHE: CACHE_AT }, mounts: ["-v", `${cache}:${CACHE_AT}:ro`] };
}

/** 7a's trained caches of one Java, trained when missing and `build` (in that Java's image, so jars and JVM are the measured ones). */
async function optionCaches(c: Candidate, build: boolean): Promise<Map<string, string>> {
  const caches = new Map<string, string>();
  for (const o of CACHE_OPTIONS) {
    if (!Array.isArray(o.training) || !wanted(o, build)) continue;
    // named by its training flags: rows trained alike (eager compilation's and the row above) share one
    const file = join(WORK, `${c.java.id}-${Bun.hash(o.training.join(" ")).toString(16)}.aot`);
    const fresh = existsSync(file) && statSync(file).mtimeMs > Number(new Date(run(["docker", "image", "inspect", "-f", "{{.Created}}", c.image!]).out.trim()));
    if (!fresh && build) {
      mkdirSync(WORK, { recursive: true });
      try {
        await trainCache(c.image!, file, o.training);
      } catch (e) {
        caches.set(o.key, `why:training failed: ${(e as Error).message.split("\n")[0]}`);
        continue;
      }
    } else if (!fresh) {
      caches.set(o.key, "why:not trained (a full `npm run bench` trains it)");
      continue;
    }
    caches.set(o.key, file);
  }
  return caches;
}

/** The smoke run measures the image's own cache only: training the others takes minutes. */
const SMOKE_OPTIONS = ["image"];
const wanted = (o: CacheOption, build: boolean) => build || SMOKE_OPTIONS.includes(o.key);

export async function cacheOptions(list: Candidate[], opts: JavaBenchOptions): Promise<string> {
  const title = "7a. Each Java's AOT cache options, each on its own: `docker run` → first record consumed";
  const rows: string[][] = [];
  const failures: string[] = [];
  const measured = list.filter((c) => c.image);
  const caches = new Map<string, Map<string, string>>();
  for (const c of measured) caches.set(c.java.id, await optionCaches(c, opts.build));
  const samples = new Map<string, Sample[]>();
  const failed = new Map<string, number>();
  for (let round = 0; round < opts.optionRounds; round++) {
    for (const c of rotated(measured, round)) {
      for (const o of CACHE_OPTIONS.filter((x) => wanted(x, opts.build))) {
        const cache = caches.get(c.java.id)!.get(o.key);
        if (cache?.startsWith("why:") || (o.key === "image" && c.java.kind === "debian" && c.java.noAotCache)) continue;
        const { env, mounts } = startOf(o, cache);
        const s = await sample(c.image!, `bench-java-${process.pid}-${c.java.id}-${o.key}`, env, mounts, 0);
        if (typeof s === "string") {
          failures.push(`${c.java.id} ${o.key}: ${s}`);
          failed.set(`${c.java.id}/${o.key}`, (failed.get(`${c.java.id}/${o.key}`) ?? 0) + 1);
        }
        else samples.set(`${c.java.id}/${o.key}`, [...(samples.get(`${c.java.id}/${o.key}`) ?? []), s]);
      }
    }
  }
  for (const c of list) {
    if (!c.image) {
      rows.push([c.java.label, "—", notMeasured(c.why!), "", ""]);
      continue;
    }
    const none = median((samples.get(`${c.java.id}/none`) ?? []).map((s) => s.consumedMs));
    for (const o of CACHE_OPTIONS) {
      const cache = caches.get(c.java.id)!.get(o.key);
      const xs = samples.get(`${c.java.id}/${o.key}`) ?? [];
      if (o.key === "image" && c.java.kind === "debian" && c.java.noAotCache) {
        rows.push([c.java.label, o.label, notMeasured(`the image carries no cache: ${c.java.noAotCache}`), "", ""]);
        continue;
      }
      if (!wanted(o, opts.build)) {
        rows.push([c.java.label, o.label, notMeasured("the smoke run measures the image's own cache only"), "", ""]);
        continue;
      }
      if (cache?.startsWith("why:")) {
        rows.push([c.java.label, o.label, notMeasured(cache.slice(4)), "", ""]);
        continue;
      }
      const consumed = median(xs.map((s) => s.consumedMs));
      const fails = failed.get(`${c.java.id}/${o.key}`) ?? 0;
      if (fails > 0 && xs.length === 0) {
        rows.push([c.java.label, o.label, `**fails**: ${fails}/${fails} starts (see the failures below)`, "", ""]);
        continue;
      }
      rows.push([c.java.label, o.label, spread(xs.map((s) => s.consumedMs), secs), spread(xs.map((s) => s.cpuS * 1000), secs), o.key === "none" || !xs.length ? "—" : ratio(consumed, none)]);
    }
  }
  return table(title, ["Java", "AOT cache", "first record consumed", "CPU to consumed", "÷ no cache"], rows, [
    `every row: a first start (\`docker run\`) of that Java's image with the env Testcontainers passes, to the first record read back in a new group; CPU = the container's cgroup; rounds: ${opts.optionRounds}, every row of every Java interleaved, the Javas' order rotated by one each round.`,
    "trained caches: one training run each in the Java's own image (scripts/aot-train.ts: format, broker, a client workload, clean stop) with the row's flags, then bind-mounted read-only and named by `LAUNCHER_AOT_CACHE`; run-time flags through `KAFKA_OPTS`. Class loading and linking (JEP 483) is what every cache holds; method profiles (JEP 515) are `-XX:AOTRecordTraining`; adapter and stub caching `-XX:AOTAdapterCaching` / `-XX:AOTStubCaching` (diagnostic; on by default from JDK 26); eager compilation `-XX:+AOTCompileEagerly` (experimental) at run time, on the cache of the row above it.",
    ...failures.slice(0, 8).map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ]);
}

const imageSize = (image: string) => Number(run(["docker", "image", "inspect", "--format", "{{.Size}}", image]).out.trim());

async function sideBySide(list: Candidate[], opts: JavaBenchOptions): Promise<string> {
  const title = "7b. The image on each Java, side by side: the test's path, memory, size, and many at once";
  const measured = list.filter((c) => c.image);
  const samples = new Map<string, Sample[]>();
  const failures: string[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (const c of rotated(measured, round)) {
      const s = await sample(c.image!, `bench-java-${process.pid}-${round}-${c.java.id}`, {}, [], opts.idleS);
      if (typeof s === "string") failures.push(`${c.java.id}: ${s}`);
      else samples.set(c.java.id, [...(samples.get(c.java.id) ?? []), s]);
    }
  }
  const scale = new Map<string, ScaleResult>();
  const scaleOpts = { runs: [], baselineS: 10, settleS: 0, idleS: 5 };
  let hundred: ScaleResult | undefined;
  const chosen = javaChoice();
  if (opts.atOnce > 0) {
    for (const c of measured) {
      const r = await dockerScale(opts.atOnce, "image", c.image!, scaleOpts);
      scale.set(c.java.id, r);
      failures.push(...r.failures.slice(0, 2).map((f) => `${c.java.id} ${opts.atOnce} at once: ${f}`));
      if (c.java.id === chosen.id && opts.hundred) hundred = await dockerScale(100, "image", c.image!, scaleOpts);
    }
  }
  const baseline = list.find((c) => c.java.kind === "host" && c.image) ?? measured[0];
  const med = (id: string, f: (s: Sample) => number) => median((samples.get(id) ?? []).map(f));
  const rows = list.map((c) => {
    if (!c.image) return [c.java.label, notMeasured(c.why!), "", "", "", "", "", "", ""];
    const xs = samples.get(c.java.id) ?? [];
    const mem = xs.flatMap((s) => (s.memory ? [s.memory] : []));
    const each = (f: (m: { rss: number; pss: number; uss: number }) => number) => (mem.length ? mib(median(mem.map(f))) : notMeasured("no sample"));
    const s = scale.get(c.java.id);
    const vs = baseline && c !== baseline ? ` (${ratio(med(c.java.id, (x) => x.consumedMs), med(baseline.java.id, (x) => x.consumedMs))})` : "";
    return [
      `${c.java.id === chosen.id ? "**" : ""}${c.java.label}${c.java.id === chosen.id ? "** (the image's default)" : ""}`,
      spread(xs.map((x) => x.producedMs), secs),
      `${spread(xs.map((x) => x.consumedMs), secs)}${vs}`,
      spread(xs.map((x) => x.cpuS * 1000), secs),
      `${each((m) => m.rss)} / ${each((m) => m.pss)} / ${each((m) => m.uss)}`,
      mib(imageSize(c.image)),
      s ? `${s.readyMs.length}/${s.n}: ${secs(s.allReadyMs)}` : notMeasured(opts.atOnce ? "the run failed" : "the smoke run starts none at once"),
      s ? `${secs(s.startHost * 1000)} (${secs(s.startOwn * 1000)})${baseline && c !== baseline && scale.get(baseline.java.id) ? ` (${ratio(s.startHost, scale.get(baseline.java.id)!.startHost)})` : ""}` : "",
      s ? `${s.clean}/${s.n}` : "",
    ];
  });
  const notes = [
    `first start (\`docker run\`) with the env Testcontainers passes; times from the \`docker run -d\` call; CPU = the container's cgroup to the consumed record; memory = PID 1's RSS / PSS / USS (smaps_rollup) ${opts.idleS} s after the consumed record, one broker running; rounds: ${opts.rounds}, Javas interleaved, their order rotated by one each round. In brackets: ÷ ${baseline?.java.label ?? "the first row"} of this run.`,
    `${opts.atOnce || "N"} at once: scale.ts's run (table 5) on that Java's image, one Java after the other: all \`docker run -d\` at once, ready = a produce accepted; start CPU per broker = the whole machine's CPU seconds from the first \`docker run\` to the last ready, less its own work, ÷ N (in brackets the brokers' cgroups), then ÷ the baseline's; then \`docker stop\` of all.`,
  ];
  if (hundred) {
    const fifty = scale.get(chosen.id);
    notes.push(`100 at once on ${chosen.label}, right after its ${opts.atOnce}: ${hundred.readyMs.length}/100 ready in ${secs(hundred.allReadyMs)}, start CPU per broker ${secs(hundred.startHost * 1000)}, ${hundred.clean}/100 stopped cleanly; **÷ ${opts.atOnce} at once: ${fifty ? ratio(hundred.allReadyMs, fifty.allReadyMs, 2, ["100 at once", `${opts.atOnce} at once`]) : notMeasured(`no ${opts.atOnce} at once on this Java`)}** (linear: ${(100 / opts.atOnce).toFixed(1)}).`);
  }
  notes.push(...failures.slice(0, 8).map((f) => `failure: ${f.replace(/\s+/g, " ")}`));
  return table(title, ["Java", "produce accepted", "first record consumed", "CPU to consumed", "idle RSS / PSS / USS", "image", `${opts.atOnce || "N"} at once: all ready`, "start CPU per broker", "stopped cleanly"], rows, notes);
}

export async function javas(opts: JavaBenchOptions): Promise<string> {
  const d = dockerReady();
  if (!d.ok) return table("7. The image's Java", ["Java", "result"], JAVAS.map((j) => [j.label, notMeasured(`skipped: ${d.why}`)]));
  const list = candidates(opts.build);
  return `${await cacheOptions(list, opts)}\n${await sideBySide(list, opts)}`;
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  const only = process.argv.find((a) => a.startsWith("--part="))?.slice(7);
  const opts: JavaBenchOptions = smoke
    ? { rounds: 1, optionRounds: 1, idleS: 1, atOnce: 0, hundred: false, build: false }
    : { rounds: 5, optionRounds: 3, idleS: 10, atOnce: 50, hundred: true, build: true };
  if (only === "build") {
    const list = candidates(true);
    for (const c of list.filter((x) => x.image)) await optionCaches(c, true);
    console.log(list.map((c) => `${c.java.id}: ${c.image ?? c.why}`).join("\n"));
  } else if (only === "options") console.log(await cacheOptions(candidates(opts.build), opts));
  else if (only === "side") console.log(await sideBySide(candidates(opts.build), opts));
  else console.log(await javas(opts));
}
