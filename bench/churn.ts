// Table 5b — churn: N throwaway brokers one after the other, the way a test suite uses them:
// `docker run` → a record produced and consumed back in a new group → `docker rm -f -v`. Reports
// lifecycles per minute, CPU seconds per lifecycle (the container's cgroup, read just before the
// removal), and what is left behind afterwards: containers and volumes, the engine's disk use
// (`docker system df`), and memory (the host's MemAvailable, the engine's RSS).
import { readFileSync } from "node:fs";
import { containerCpu, dockerPid, dockerReady, dockerRemove, dockerStart, IMAGE, median, mib, rssOf, run, secs, spread, table, waitRoundTrip } from "./lib.ts";

export type ChurnOptions = { lifecycles: number };

type Footprint = { containers: number; volumes: number; containersBytes: number; volumesBytes: number; memAvailable: number; engineRss: number };

const PREFIX = `bench-churn-${process.pid}-`;

function bytes(text: string): number {
  const m = /([\d.]+)\s*([kMGT]?B)/i.exec(text);
  if (!m) return NaN;
  const unit = { B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }[m[2]!] ?? NaN;
  return Number(m[1]) * unit;
}

function footprint(): Footprint {
  const names = run(["docker", "ps", "-a", "--format", "{{.Names}}"]).out.split("\n").filter((n) => n.startsWith(PREFIX));
  const volumes = run(["docker", "volume", "ls", "-q"]).out.split("\n").filter(Boolean).length;
  const df = new Map(run(["docker", "system", "df", "--format", "{{.Type}}\t{{.Size}}"]).out.split("\n").filter(Boolean).map((l) => l.split("\t") as [string, string]));
  const memAvailable = Number(/MemAvailable:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1]) * 1024;
  const engine = ["dockerd", "containerd"].flatMap((name) => run(["pidof", name]).out.trim().split(/\s+/).filter(Boolean).map(Number));
  return {
    containers: names.length,
    volumes,
    containersBytes: bytes(df.get("Containers") ?? ""),
    volumesBytes: bytes(df.get("Local Volumes") ?? ""),
    memAvailable,
    engineRss: engine.reduce((sum, pid) => sum + (rssOf(pid)?.rss ?? 0), 0),
  };
}

export async function churn(opts: ChurnOptions): Promise<string> {
  const title = `5b. Churn: ${opts.lifecycles} throwaway brokers one after the other (\`docker run\` → round trip → \`docker rm -f -v\`)`;
  const d = dockerReady();
  if (!d.ok) return table(title, ["what", "result"], [["all", `skipped: ${d.why}`]]);
  const before = footprint();
  const cycles: { ms: number; cpuS: number; consumedMs: number }[] = [];
  const failures: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < opts.lifecycles; i++) {
    const name = `${PREFIX}${i}`;
    const t = performance.now();
    try {
      const { started, port } = await dockerStart(name, {}, IMAGE);
      const r = await waitRoundTrip(started.t0, port, 180_000, { id: started.id!, pid: () => dockerPid(name) });
      const cpuS = containerCpu(started.id!);
      dockerRemove(name);
      if (r.ok) cycles.push({ ms: performance.now() - t, cpuS, consumedMs: r.consumedMs });
      else failures.push(`${name}: ${r.reason}`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.slice(0, 200)}`);
      dockerRemove(name);
    }
  }
  const totalMs = performance.now() - t0;
  const after = footprint();
  const delta = (f: (x: Footprint) => number, fmt: (x: number) => string) => `${fmt(f(before))} → ${fmt(f(after))}`;
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${mib(x)}`;
  const rows = [
    ["lifecycles completed", `${cycles.length}/${opts.lifecycles} in ${secs(totalMs)}`],
    ["lifecycles per minute", (cycles.length / (totalMs / 60_000)).toFixed(1)],
    ["one lifecycle (run → consumed → removed)", spread(cycles.map((c) => c.ms), secs)],
    ["… of which `docker run` → first record consumed", spread(cycles.map((c) => c.consumedMs), secs)],
    ["CPU seconds per lifecycle (the container's)", spread(cycles.map((c) => c.cpuS * 1000), secs)],
    ["our containers left", delta((f) => f.containers, String)],
    ["volumes (all of the engine's)", delta((f) => f.volumes, String)],
    ["engine disk use: containers / volumes (`docker system df`)", `${delta((f) => f.containersBytes, mib)} / ${delta((f) => f.volumesBytes, mib)}`],
    ["host MemAvailable", `${delta((f) => f.memAvailable, mib)} (${signed(after.memAvailable - before.memAvailable)})`],
    ["dockerd + containerd RSS", `${delta((f) => f.engineRss, mib)} (${signed(after.engineRss - before.engineRss)})`],
  ];
  return table(title, ["what", "measured"], rows, [
    `${IMAGE}, default CMD, \`docker run -d -p <port>:9092 -e KAFKA_ADVERTISED_LISTENERS=…\`; the round trip of table 2c; \`docker rm -f -v\` right after (what a test suite's teardown does). CPU per lifecycle: median ${secs(median(cycles.map((c) => c.cpuS * 1000)))}.`,
    "the engine's disk use and the host's memory are shared with everything else on this machine: other work moves them too; our containers and volumes are counted exactly.",
    ...failures.slice(0, 5).map((f) => `failure: ${f.replace(/\s+/g, " ")}`),
  ]);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await churn({ lifecycles: smoke ? 2 : 100 }));
}
