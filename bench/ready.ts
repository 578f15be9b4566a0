// Table 2 — time to ready: process start (spawn of the launcher, or `docker run` / `docker start`)
// → the broker accepts a produce (scripts/lib/wire.ts: Metadata with auto-creation, then Produce acks=1
// answered with error code 0). On the host and in Docker, first start (empty storage: the launcher
// formats) and restart (formatted: no extra process). With and without the JDK AOT cache: on the
// host a cache this benchmark trains itself (same JDK and jars), in Docker the image's own cache
// (LAUNCHER_AOT_CACHE=off switches it off). CPU seconds to ready are read from /proc at the moment
// of the accepted produce: on a busy machine they vary far less than wall time.
import { existsSync, rmSync } from "node:fs";
import { AOT_MODULE_OPTIONS } from "../entrypoint/core/aot.ts";
import { aotTrainingOptions } from "../scripts/lib/java.ts";
import { join } from "node:path";
import {
  IMAGE, dockerLogs, dockerPid, javaFeatureOf, dockerReady, dockerRemove, dockerStart, dockerStop, hostEnv, hostJava, hostNode, launcherArgv, median, removeDir, ROOT, run, secs, spread, startProcess,
  rotated, stopProcess, table, waitReady, type HostNode, type Ready,
} from "./lib.ts";
import { workload } from "../scripts/lib/workload.ts";

export type ReadyOptions = { rounds: number; dockerRounds: number };
const TIMEOUT = 180_000;
type Sample = { readyMs: number; cpuS: number; stopMs?: number; clean?: boolean };

/** One start of a host node through the launcher: ready, then a clean stop. */
async function hostRun(node: HostNode, java: string, extraEnv: Record<string, string>, label: string): Promise<Sample & { ok: boolean; reason?: string }> {
  const started = startProcess(launcherArgv(node), hostEnv(java, extraEnv), join(node.dir, `${label}.log`));
  const ready = await waitReady(started, node.port, TIMEOUT);
  const stop = await stopProcess(started);
  return { ...ready, stopMs: stop.stopMs, clean: stop.clean };
}

/**
 * Trains an AOT cache on the host the way the image build does: a first start (format) that is
 * stopped, then a restart with -XX:AOTCacheOutput under a real client workload, then a clean stop
 * (the JVM writes the cache as it exits).
 */
export async function trainHostCache(java: string, file: string): Promise<{ ok: boolean; why?: string }> {
  rmSync(file, { force: true });
  const feature = javaFeatureOf(java);
  if (feature < 25) return { ok: false, why: `${java} is JDK ${feature || "?"}: -XX:AOTCacheOutput needs JDK 25` };
  const node = await hostNode("aot-train");
  try {
    const first = await hostRun(node, java, {}, "format");
    if (!first.ok) return { ok: false, why: `first start: ${first.reason}` };
    const started = startProcess(launcherArgv(node), hostEnv(java, { KAFKA_OPTS: [...AOT_MODULE_OPTIONS, ...aotTrainingOptions(feature), `-XX:AOTCacheOutput=${file}`].join(" ") }), join(node.dir, "train.log"));
    const ready = await waitReady(started, node.port, TIMEOUT);
    if (!ready.ok) return { ok: false, why: `training start: ${ready.reason}` };
    await workload(`127.0.0.1:${node.port}`, 2_000);
    await stopProcess(started, 180_000);
    return existsSync(file) ? { ok: true } : { ok: false, why: "the JVM wrote no cache" };
  } finally {
    removeDir(node.dir);
  }
}

export async function ready(opts: ReadyOptions): Promise<string> {
  const out: string[] = [];
  out.push(await hostReady(opts));
  out.push(await dockerReadyTable(opts));
  return out.join("\n");
}

async function hostReady(opts: ReadyOptions): Promise<string> {
  const java = hostJava();
  if (!java) return table("2a. Time to ready on the host", ["variant", "result"], [["all", "skipped: no java"]]);
  const cache = join(ROOT, "build/bench/host-kafka.aot");
  const trained = await trainHostCache(java, cache);
  // the launcher's own path: LAUNCHER_AOT_CACHE names the cache, the launcher adds -XX:AOTCache (entrypoint/core/aot.ts)
  const withCache = trained.ok ? { LAUNCHER_AOT_CACHE: cache } : undefined;
  const variants = [
    { key: "first", label: "host, first start (format + broker)", aot: false },
    { key: "restart", label: "host, restart", aot: false },
    ...(withCache ? [
      { key: "first-aot", label: "host, first start, AOT cache", aot: true },
      { key: "restart-aot", label: "host, restart, AOT cache", aot: true },
    ] : []),
  ];
  const samples = new Map<string, Sample[]>(variants.map((v) => [v.key, []]));
  const failures: string[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (const aot of withCache ? [false, true] : [false]) {
      const node = await hostNode(`ready-${aot ? "aot" : "plain"}`);
      const env = aot ? withCache! : {};
      for (const phase of ["first", "restart"]) {
        const r = await hostRun(node, java, env, phase);
        if (r.ok) samples.get(`${phase}${aot ? "-aot" : ""}`)!.push(r);
        else failures.push(`${phase}${aot ? " aot" : ""}: ${r.reason}`);
      }
      removeDir(node.dir);
    }
  }
  const rows = variants.map((v) => {
    const xs = samples.get(v.key)!;
    const base = samples.get(v.key.replace("-aot", ""))!;
    const ratio = v.aot && xs.length && base.length ? `${(median(xs.map((x) => x.readyMs)) / median(base.map((x) => x.readyMs))).toFixed(2)} of without` : "—";
    return [v.label, spread(xs.map((x) => x.readyMs), secs), spread(xs.map((x) => x.cpuS * 1000), secs), ratio, spread(xs.map((x) => x.stopMs ?? NaN), secs), `${xs.filter((x) => x.clean).length}/${xs.length}`];
  });
  const notes = [
    `java ${java}; the developer profile (default); the host cache: ${trained.ok ? `${cache}, trained by a format / start / produce / consume / stop run` : `not trained (${trained.why})`}.`,
    "first start = an empty log dir: the broker's JVM formats it before the broker starts (one JVM); restart = the same dir again: no format.",
    ...failures.slice(0, 5).map((f) => `failure: ${f}`),
  ];
  return table("2a. Time to ready on the host (launcher start → a produce is accepted)", ["variant", "time to ready", "CPU to ready", "AOT ratio", "stop (SIGTERM → exit)", "clean stops"], rows, notes);
}

async function dockerReadyTable(opts: ReadyOptions): Promise<string> {
  const d = dockerReady();
  if (!d.ok) return table("2b. Time to ready in Docker", ["variant", "result"], [["all", `skipped: ${d.why}`]]);
  const hasCache = run(["docker", "run", "--rm", "--entrypoint", "/bin/sh", IMAGE, "-c", "test -s /opt/kafka/kafka.aot"]).ok;
  const modes: { aot: boolean; env: Record<string, string> }[] = hasCache ? [{ aot: true, env: {} }, { aot: false, env: { LAUNCHER_AOT_CACHE: "off" } }] : [{ aot: false, env: {} }];
  const samples = new Map<string, Sample[]>();
  const add = (k: string, s: Sample) => samples.set(k, [...(samples.get(k) ?? []), s]);
  const failures: string[] = [];
  for (let round = 0; round < opts.dockerRounds; round++) {
    for (const mode of rotated(modes, round)) {
      const name = `bench-ready-${process.pid}-${round}-${mode.aot ? "aot" : "plain"}`;
      dockerRemove(name);
      try {
        const { started, port } = await dockerStart(name, mode.env);
        const pid = () => dockerPid(name);
        const first = await waitReady(started, port, TIMEOUT, pid);
        const stop1 = dockerStop(name);
        if (first.ok) add(`first${mode.aot ? "-aot" : ""}`, { ...first, stopMs: stop1.stopMs, clean: stop1.clean });
        else failures.push(`first: ${first.reason} ${dockerLogs(name).slice(-300)}`);
        const t0 = performance.now();
        run(["docker", "start", name]);
        const again = await waitReady({ proc: undefined as never, t0, log: "" }, port, TIMEOUT, pid);
        const stop2 = dockerStop(name);
        if (again.ok) add(`restart${mode.aot ? "-aot" : ""}`, { ...again, stopMs: stop2.stopMs, clean: stop2.clean });
        else failures.push(`restart: ${again.reason}`);
      } catch (e) {
        failures.push((e as Error).message.slice(0, 300));
      } finally {
        dockerRemove(name);
      }
    }
  }
  const order = hasCache ? ["first-aot", "first", "restart-aot", "restart"] : ["first", "restart"];
  const labels: Record<string, string> = {
    first: `docker run (first start)${hasCache ? ", cache off" : ""}`,
    restart: `docker start (restart)${hasCache ? ", cache off" : ""}`,
    "first-aot": "docker run (first start), image's AOT cache",
    "restart-aot": "docker start (restart), image's AOT cache",
  };
  const rows = order.map((k) => {
    const xs = samples.get(k) ?? [];
    const base = samples.get(k.replace("-aot", "")) ?? [];
    const ratio = k.endsWith("-aot") && xs.length && base.length ? `${(median(xs.map((x) => x.readyMs)) / median(base.map((x) => x.readyMs))).toFixed(2)} of without` : "—";
    return [labels[k]!, spread(xs.map((x) => x.readyMs), secs), spread(xs.map((x) => x.cpuS * 1000), secs), ratio, spread(xs.map((x) => x.stopMs ?? NaN), secs), `${xs.filter((x) => x.clean).length}/${xs.length}`];
  });
  const notes = [
    "from the `docker run -d` / `docker start` call (container creation included) to the accepted produce on the published port; CPU = the container's PID 1 (the broker, same PID as the launcher; on a first start its JVM also formatted the storage).",
    hasCache ? "the image's cache: /opt/kafka/kafka.aot; \"cache off\" = the same image with LAUNCHER_AOT_CACHE=off." : "the image has no AOT cache (/opt/kafka/kafka.aot): rows without it only.",
    ...failures.slice(0, 5).map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ];
  return table(`2b. Time to ready in Docker (${IMAGE}, JVM-backed)`, ["variant", "time to ready", "CPU to ready", "AOT ratio", "stop (docker stop)", "clean stops"], rows, notes);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await ready(smoke ? { rounds: 1, dockerRounds: 1 } : { rounds: 5, dockerRounds: 5 }));
}

