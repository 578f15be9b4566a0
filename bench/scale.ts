// Table 5 — scale: N brokers started at once on this machine (in Docker when the image is there,
// else on the host through the launcher), each on its own OS-chosen port: time until every one
// accepts a produce, RSS of each broker once all are ready, then all stopped at once (SIGTERM /
// docker stop) and checked: exited by themselves and logged their shutdown.
import { join } from "node:path";
import { capture } from "../scripts/lib/run.ts";
import { ensureBaselineImage } from "./baseline.ts";
import {
  containerCpu, sleep, cpuOf, dockerLogs, dockerPid, dockerReady, dockerRemove, freePorts, hostEnv, hostJava, hostNode, IMAGE, launcherArgv, median, mib, removeDir, rssOf, run, secs, startProcess, stopProcess, table,
  type HostNode, type Started,
} from "./lib.ts";
import { waitForProduce } from "../scripts/lib/wire.ts";

/** `runs`: how many brokers, and (Docker) which image: this one by default, or today's for the side-by-side row. */
/** The full run: 10, 20 and 50 brokers of this image, and 50 of today's image side by side. */
export const SCALE_RUNS = [{ n: 10 }, { n: 20 }, { n: 50 }, { n: 50, baseline: true }];

export type ScaleOptions = { runs: { n: number; baseline?: boolean }[]; where?: "docker" | "host"; idleS?: number; buildVariants?: boolean };

type Result = { n: number; where: string; allReadyMs: number; readyMs: number[]; rss: number[]; cpu: number; idlePct?: number; clean: number; stopMs: number; failures: string[] };

/** `docker stop`'s grace period for all of them at once: the issue's measurement used 30 s. */
const STOP_TIMEOUT_S = 30;

async function dockerScale(n: number, image: string, idleS: number): Promise<Result> {
  const ports = await freePorts(n);
  const names = ports.map((_, i) => `bench-scale-${process.pid}-${n}-${i}`);
  names.forEach(dockerRemove);
  const failures: string[] = [];
  const t0 = performance.now();
  const runs = names.map((name, i) => capture(["docker", "run", "-d", "--name", name, "-p", `127.0.0.1:${ports[i]}:9092`, "-e", `KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:${ports[i]}`, image]));
  const probes = ports.map((port, i) => waitForProduce("127.0.0.1", port, `scale-${i}`, 900_000, 100));
  const ids = (await Promise.all(runs)).map((r) => r.stdout.trim());
  const results = await Promise.all(probes);
  const allReadyMs = performance.now() - t0;
  const readyMs = results.flatMap((r) => (r.ok ? [r.at - t0] : []));
  results.forEach((r, i) => { if (!r.ok) failures.push(`${names[i]}: ${r.reason}`); });
  const pids = names.map(dockerPid);
  const rss = pids.map((p) => (p ? rssOf(p)?.rss ?? NaN : NaN)).filter(Number.isFinite);
  const cpuAt = () => ids.reduce((sum, id) => sum + (containerCpu(id) || 0), 0);
  const cpu = cpuAt();
  await sleep(idleS * 1000);
  const idlePct = ((cpuAt() - cpu) / idleS) * 100;
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
  return { n, where: image === IMAGE ? "docker" : "docker, today's image", allReadyMs: readyMs.length < n ? NaN : allReadyMs, readyMs, rss, cpu, idlePct, clean, stopMs, failures };
}

async function hostScale(n: number, java: string): Promise<Result> {
  const nodes: HostNode[] = [];
  for (let i = 0; i < n; i++) nodes.push(await hostNode(`scale-${n}-${i}`));
  const failures: string[] = [];
  const t0 = performance.now();
  const started: Started[] = nodes.map((node) => startProcess(launcherArgv(node), hostEnv(java), join(node.dir, "broker.log")));
  const results = await Promise.all(nodes.map((node, i) => waitForProduce("127.0.0.1", node.port, `scale-${i}`, 900_000, 100)));
  const allReadyMs = performance.now() - t0;
  const readyMs = results.flatMap((r) => (r.ok ? [r.at - t0] : []));
  results.forEach((r, i) => { if (!r.ok) failures.push(`node ${i}: ${r.reason}`); });
  const rss = started.map((s) => rssOf(s.proc.pid)?.rss ?? NaN).filter(Number.isFinite);
  const cpu = started.reduce((sum, s) => sum + (cpuOf(s.proc.pid) || 0), 0);
  const ts = performance.now();
  const stops = await Promise.all(started.map((s) => stopProcess(s, 120_000)));
  const stopMs = performance.now() - ts;
  const clean = stops.filter((s) => s.clean).length;
  stops.forEach((s, i) => { if (!s.clean) failures.push(`node ${i}: exit ${s.exitCode}`); });
  nodes.forEach((node) => removeDir(node.dir));
  return { n, where: "host", allReadyMs: readyMs.length < n ? NaN : allReadyMs, readyMs, rss, clean, stopMs, failures, cpu };
}

export async function scale(opts: ScaleOptions): Promise<string> {
  const d = dockerReady();
  const where = opts.where ?? (d.ok ? "docker" : "host");
  const java = hostJava();
  if (where === "host" && !java) return table("5. Scale", ["brokers", "result"], [["all", "skipped: no docker image and no java"]]);
  const rows: string[][] = [];
  const notes: string[] = [];
  const baseline = where === "docker" && opts.runs.some((r) => r.baseline) ? ensureBaselineImage(opts.buildVariants ?? true) : undefined;
  if (baseline && !baseline.ok) notes.push(`no baseline image: ${baseline.why}`);
  for (const { n, baseline: old } of opts.runs) {
    if (old && !baseline?.ok) continue;
    const image = old && baseline?.ok ? baseline.image : IMAGE;
    const r = where === "docker" ? await dockerScale(n, image, opts.idleS ?? 10) : await hostScale(n, java!);
    const sumRss = r.rss.reduce((s, x) => s + x, 0);
    rows.push([
      `${n} (${r.where})`,
      `${r.readyMs.length}/${n}`,
      secs(r.allReadyMs),
      r.readyMs.length ? `${secs(Math.min(...r.readyMs))} / ${secs(median(r.readyMs))}` : "n/a",
      r.rss.length ? `${mib(median(r.rss))} (${mib(Math.min(...r.rss))}–${mib(Math.max(...r.rss))})` : "n/a",
      mib(sumRss),
      Number.isFinite(r.cpu) && r.cpu > 0 ? `${r.cpu.toFixed(0)} s` : "n/a",
      r.idlePct !== undefined && Number.isFinite(r.idlePct) ? `${(r.idlePct / 100).toFixed(2)} cores` : "n/a",
      `${r.clean}/${n} in ${secs(r.stopMs)}`,
    ]);
    notes.push(...r.failures.slice(0, 4).map((f) => `${n} (${r.where}) failure: ${f}`));
  }
  notes.unshift(
    where === "docker"
      ? `all \`docker run -d\` calls issued at once (${IMAGE}, or today's image: bench/baseline.ts; default CMD), each published on an OS-chosen port and advertised as localhost:<port>; time from the first call to the last accepted produce; then all idle for ${opts.idleS ?? 10} s (their cgroups' CPU: "idle, all"), then \`docker stop -t ${STOP_TIMEOUT_S}\` of all at once.`
      : "all launchers spawned at once on the host (JVM broker, developer profile), each with its own ports and log dir.",
    "RSS each: median (min–max) of the brokers' PID-1 processes once all were ready; CPU: sum over the containers' cgroups (host: the brokers) up to then.",
  );
  return table("5. Scale: N brokers started at once on this machine", ["brokers", "ready", "all ready after", "first / median ready", "RSS each", "RSS total", "CPU total", "idle, all", "stopped cleanly"], rows, notes);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  const where = process.argv.includes("--host") ? "host" : process.argv.includes("--docker") ? "docker" : undefined;
  console.log(await scale({ runs: smoke ? [{ n: 2 }] : SCALE_RUNS, where }));
}
