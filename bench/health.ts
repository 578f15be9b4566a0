// Table 6 — the image's health check. One check inside the container, wall and CPU (bash's $EPOCHREALTIME
// and its cutime+cstime around each run), interleaved round by round with the floor, an empty Bun program
// and today's check (the launcher of bench/baseline.ts's image, copied in beside this one so both files are
// read alike); then what the engine adds: `docker exec` of a check from the host, its wall time and the
// whole machine's CPU per exec (/proc/stat over the loop, less the machine's own idle work and this
// process's); then what the HEALTHCHECK makes of it: a running broker checked at the image's interval, and
// one waiting check while a broker starts (`--wait` against a port nobody listens on yet).
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BASELINE_LABEL, ensureBaselineImage } from "./baseline.ts";
import { buildProbes } from "./overhead.ts";
import { busySeconds, CLUSTER_ID, dockerReady, dockerRemove, dockerStart, hostCpu, IMAGE, LAUNCHER, median, mib, ms, over, ownCpu, pct, ratio, ROOT, run, sleep, spread, table, waitReady } from "./lib.ts";

export type HealthOptions = { rounds: number; waitS: number; buildVariants: boolean };

/** What each row runs inside the container; /bench holds the copies (read-only bind mount). */
const ROWS: Record<string, { label: string; command: string }> = {
  true: { label: "floor: `/bin/true`", command: "/bin/true" },
  empty: { label: "a Bun-compiled program that does nothing", command: "/bench/empty" },
  today: { label: `${BASELINE_LABEL}: \`kafka-launcher health\``, command: "/bench/today health" },
  this: { label: "**this `kafka-launcher health`**", command: "/bench/this health" },
  image: { label: "this `kafka-launcher health` as the HEALTHCHECK runs it (the image's own file)", command: "kafka-launcher health --wait 60000 --timeout 3000" },
  flag: { label: "this `kafka-launcher health --bootstrap localhost:9092`", command: "/bench/this health --bootstrap localhost:9092" },
  version: { label: "this `kafka-launcher --version` (arguments: yargs)", command: "/bench/this --version" },
};

/** Inside the container: `T label start end cpu_ticks` per run, then one waiting check's CPU and memory. */
function script(rows: string[], rounds: number, waitS: number): string {
  return `
set -u
ticks() { local f; read -r -a f </proc/$$/stat; echo $(( f[15] + f[16] )); }
${rows.map((k) => `row_${k}() { ${ROWS[k]!.command}; }`).join("\n")}
t() {
  local label=$1 s e c0 c1
  c0=$(ticks); s=$EPOCHREALTIME
  if "row_$label" >/tmp/out 2>&1; then
    e=$EPOCHREALTIME; c1=$(ticks)
    echo "T $label $s $e $(( c1 - c0 ))"
  else
    echo "F $label $(tail -c 200 /tmp/out | tr '\\n' ' ')"
  fi
}
${rows.map((k) => `row_${k} >/dev/null 2>&1;`).join(" ")} # one round not counted: each file read in once
for r in $(seq ${rounds}); do ${rows.map((k) => `t ${k};`).join(" ")} done
echo "HZ $(getconf CLK_TCK 2>/dev/null || echo 100)"
c0=$(ticks)
kafka-launcher health --wait ${waitS * 1000} --bootstrap 127.0.0.1:1 >/tmp/wait.out 2>&1 &
sleep ${Math.max(1, waitS / 2)}
m=$(awk '/^(Rss|Pss|Private_Clean|Private_Dirty):/ {v[$1]=$2} END {print v["Rss:"], v["Pss:"], v["Private_Clean:"] + v["Private_Dirty:"]}' /proc/$!/smaps_rollup)
wait $!
echo "WAIT $(( $(ticks) - c0 )) $m"
`;
}

/** The launcher of today's image, copied out of it; undefined when that image is not there. */
function todaysLauncher(dir: string, build: boolean, notes: string[]): boolean {
  const baseline = ensureBaselineImage(build);
  if (!baseline.ok) {
    notes.push(`no ${BASELINE_LABEL}: ${baseline.why}`);
    return false;
  }
  const name = `kafka-native-bench-today-${process.pid}`;
  run(["docker", "create", "--name", name, baseline.image]);
  const copied = run(["docker", "cp", `${name}:/usr/local/bin/kafka-launcher`, join(dir, "today")]).ok;
  run(["docker", "rm", name]);
  return copied;
}

/**
 * `docker exec` of each command from the host, interleaved round by round: wall times, and the whole
 * machine's CPU seconds per exec (its busy time around each, less the machine's own work at `alone` cores
 * and this process's).
 */
function execCosts(name: string, commands: Map<string, string[]>, rounds: number, alone: number): Map<string, { wall: number[]; cpu: number }> {
  const costs = new Map([...commands.keys()].map((k) => [k, { wall: [] as number[], cpu: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (const [k, argv] of commands) {
      const a = hostCpu();
      const own = ownCpu();
      const ok = run(["docker", "exec", name, ...argv]).ok;
      const b = hostCpu();
      const c = costs.get(k)!;
      if (ok) c.wall.push(b.at - a.at);
      c.cpu += (busySeconds(a, b) - alone * ((b.at - a.at) / 1000) - (ownCpu() - own)) / rounds;
    }
  }
  return costs;
}

/** The page cache forgets every file, so the launcher copies and the image's own file are read in alike. */
function dropCaches(): boolean {
  return run(["sh", "-c", "sync && echo 3 > /proc/sys/vm/drop_caches"]).ok;
}

export async function health(opts: HealthOptions): Promise<string> {
  const title = "6. The image's health check: one check, what the engine adds, and the HEALTHCHECK's cost";
  const d = dockerReady();
  if (!d.ok) return table(title, ["what", "result"], [["all", `skipped: ${d.why}`]]);
  const notes: string[] = [];
  const dir = join(ROOT, "build/bench/health");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run(["cp", LAUNCHER, join(dir, "this")]);
  const rows = ["true"];
  if (run(["cp", buildProbes().get("empty")!, join(dir, "empty")]).ok) rows.push("empty");
  if (todaysLauncher(dir, opts.buildVariants, notes)) rows.push("today");
  rows.push("this", "image", "flag", "version");
  const name = `kafka-native-bench-health-${process.pid}`;
  const samples = new Map<string, { wall: number[]; ticks: number[] }>();
  let hz = 100;
  let waiting = { ticks: NaN, rss: NaN, pss: NaN, uss: NaN };
  const exec = new Map<string, { wall: number[]; cpu: number }>();
  let interval = NaN;
  try {
    const { started, port } = await dockerStart(name, { CLUSTER_ID }, IMAGE, ["-v", `${dir}:/bench:ro`]);
    const ready = await waitReady(started, port, 120_000, () => undefined);
    if (!ready.ok) throw new Error(`the broker never became ready: ${ready.reason}`);
    interval = (JSON.parse(run(["docker", "image", "inspect", "-f", "{{json .Config.Healthcheck}}", IMAGE]).out) as { Interval: number }).Interval / 1e9;
    if (!dropCaches()) notes.push("the page cache could not be dropped (not root?): the image's own file and the copies may start unlike");
    const inside = run(["docker", "exec", name, "bash", "-c", script(rows, opts.rounds, opts.waitS)]);
    for (const line of inside.out.split("\n")) {
      const [kind, label, a, b, ticks] = line.split(" ");
      if (kind === "T" && label) {
        const s = samples.get(label) ?? { wall: [], ticks: [] };
        s.wall.push((Number(b) - Number(a)) * 1000);
        s.ticks.push(Number(ticks));
        samples.set(label, s);
      }
      if (kind === "F" && label) notes.push(`failure in ${label}: ${line.slice(4 + label.length, 200)}`);
      if (kind === "HZ") hz = Number(label) || 100;
      if (kind === "WAIT") waiting = { ticks: Number(label), rss: Number(a) * 1024, pss: Number(b) * 1024, uss: Number(ticks) * 1024 };
    }
    // the machine alone, then the execs: the engine's work is outside every cgroup of the container
    const a0 = hostCpu();
    const own0 = ownCpu();
    await sleep(10_000);
    const a1 = hostCpu();
    const alone = (busySeconds(a0, a1) - (ownCpu() - own0)) / ((a1.at - a0.at) / 1000);
    const commands = new Map([["execTrue", ["true"]], ...(rows.includes("today") ? [["execToday", ["/bench/today", "health"]] as [string, string[]]] : []), ["execThis", ["kafka-launcher", "health"]]]);
    for (const [k, v] of execCosts(name, commands, opts.rounds, alone)) exec.set(k, v);
  } finally {
    dockerRemove(name);
  }
  const cpu = (label: string) => {
    const t = samples.get(label)?.ticks.filter(Number.isFinite) ?? [];
    return t.length ? (t.reduce((a, b) => a + b, 0) / t.length / hz) * 1000 : NaN;
  };
  const wall = (label: string) => median(samples.get(label)?.wall ?? []);
  const tableRows = rows.map((k) => [ROWS[k]!.label, samples.get(k) ? spread(samples.get(k)!.wall) : "no sample", ms(cpu(k)), "—"]);
  const execLabels: [string, string][] = [
    ["execTrue", "`docker exec <container> true` (from the host: the engine's own work)"],
    ["execToday", `\`docker exec\` of ${BASELINE_LABEL}'s check`],
    ["execThis", "**`docker exec <container> kafka-launcher health`: one check of this image, end to end**"],
  ];
  for (const [k, label] of execLabels) {
    const e = exec.get(k);
    // the machine's busy time less its own idle work: below zero when that work varied more than the exec cost
    if (e) tableRows.push([label, spread(e.wall), "—", over(e.cpu * 1000, 0, undefined, opts.rounds)]);
  }
  const floor = cpu("true");
  // a cost over the floor, as a number for ratios: NaN where the run's noise is larger than the cost
  const overCpu = (k: string) => (cpu(k) - floor >= 0 ? cpu(k) - floor : NaN);
  const overWall = (k: string) => (wall(k) - wall("true") >= 0 ? wall(k) - wall("true") : NaN);
  const perCheck = exec.get("execThis")?.cpu ?? NaN;
  const perToday = exec.get("execToday")?.cpu ?? NaN;
  const names: [string, string] = ["this image's check", `${BASELINE_LABEL}'s check`];
  const tick = `a clock tick is ${ms(1000 / hz)}: one run of less shows as 0`;
  notes.unshift(
    `one check inside the container, over the floor: this **${over(cpu("this"), floor, undefined, opts.rounds)} CPU** (${over(wall("this"), wall("true"))} wall) ÷ today's ${over(cpu("today"), floor, undefined, opts.rounds)} (${over(wall("today"), wall("true"))} wall) = **${ratio(overCpu("this"), overCpu("today"), 2, names)}** (target ≤ 0.25; wall ${ratio(overWall("this"), overWall("today"), 2, names)}); an empty Bun program is ${over(cpu("empty"), floor, undefined, opts.rounds)} of it. CPU per run: the mean of ${opts.rounds} runs in clock ticks (${hz}/s; ${tick}).`,
    `the whole machine per check (\`docker exec\`, engine included): this ${over(perCheck * 1000, 0)}, today's ${over(perToday * 1000, 0)}; the engine's own exec (\`true\`) is ${over((exec.get("execTrue")?.cpu ?? NaN) * 1000, 0)} of it.`,
    `**a running broker, checked at the image's interval (${interval} s): ${pct(perCheck >= 0 ? (perCheck / interval) * 100 : NaN, 3)} of a core per container**, the whole machine; today's check every 2 s: ${pct(perToday >= 0 ? (perToday / 2) * 100 : NaN)}.`,
    `a start: one check keeps asking every 0.5 s until the broker answers (\`--wait\`): ${opts.waitS} s of waiting took ${ms((waiting.ticks / hz) * 1000)} of CPU (${pct(((waiting.ticks / hz) / opts.waitS) * 100)} of a core) and held ${mib(waiting.rss)} RSS, ${mib(waiting.pss)} PSS, ${mib(waiting.uss)} USS while it waited; its \`docker exec\` is paid once.`,
    `${IMAGE}, a broker started with only CLUSTER_ID and ready (a produce accepted) before the first round; the page cache dropped, then one round not counted, then rows interleaved round by round; the execs interleaved likewise, the machine's own work measured for 10 s before them.`,
  );
  return table(title, ["what", "wall, median (p25–p75, n)", "CPU per run, in the container (mean)", "CPU per exec, whole machine"], tableRows, notes);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await health(smoke ? { rounds: 1, waitS: 2, buildVariants: false } : { rounds: 40, waitS: 30, buildVariants: true }));
}
