// Table 6 — what the image's HEALTHCHECK costs: one `kafka-launcher health` against the running broker,
// wall and CPU, timed inside the container (bash's $EPOCHREALTIME around each command, CPU from bash's
// cutime+cstime in /proc, clock ticks), rows interleaved round by round next to the floor /bin/true.
// Then the same from the host through `docker exec`, which is how dockerd runs every check.
import { CLUSTER_ID, IMAGE, dockerReady, dockerRemove, dockerStart, median, ms, run, spread, table, waitReady } from "./lib.ts";

export type HealthOptions = { rounds: number };

/** Inside the container: `T label start end cpu_ticks` per run. */
function script(rounds: number): string {
  return `
set -u
row_true() { /bin/true; }
row_version() { kafka-launcher --version; }
row_file() { kafka-launcher health; }
row_flag() { kafka-launcher health --bootstrap localhost:9092; }
ticks() { local f; read -r -a f </proc/$$/stat; echo $(( f[15] + f[16] )); }
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
for r in $(seq ${rounds}); do t true; t version; t file; t flag; done
echo "HZ $(getconf CLK_TCK 2>/dev/null || echo 100)"
`;
}

const LABELS: Record<string, string> = {
  true: "floor: `/bin/true`",
  version: "`kafka-launcher --version` (the launcher with arguments: Bun, its modules, yargs; no network)",
  file: "**`kafka-launcher health`** (listener from /opt/kafka/config/server.properties, what the HEALTHCHECK runs)",
  flag: "`kafka-launcher health --bootstrap localhost:9092`",
  execTrue: "`docker exec <container> true` (from the host)",
  execHealth: "`docker exec <container> kafka-launcher health` (from the host: what dockerd pays per check)",
};

type Samples = Map<string, { wall: number[]; ticks: number[] }>;

function add(samples: Samples, label: string, wall: number, ticks = NaN): void {
  const s = samples.get(label) ?? { wall: [], ticks: [] };
  s.wall.push(wall);
  s.ticks.push(ticks);
  samples.set(label, s);
}

export async function health(opts: HealthOptions): Promise<string> {
  const title = "6. The image's health check: the cost of one `kafka-launcher health`";
  const d = dockerReady();
  if (!d.ok) return table(title, ["what", "result"], [["all", `skipped: ${d.why}`]]);
  const name = `kafka-native-bench-health-${process.pid}`;
  const samples: Samples = new Map();
  const notes: string[] = [];
  let hz = 100;
  try {
    const { started, port } = await dockerStart(name, { CLUSTER_ID });
    const ready = await waitReady(started, port, 120_000, () => undefined);
    if (!ready.ok) throw new Error(`the broker never became ready: ${ready.reason}`);
    const inside = run(["docker", "exec", name, "bash", "-c", script(opts.rounds)]);
    for (const line of inside.out.split("\n")) {
      const [kind, label, a, b, ticks] = line.split(" ");
      if (kind === "T" && label) add(samples, label, (Number(b) - Number(a)) * 1000, Number(ticks));
      if (kind === "F" && label) notes.push(`failure in ${label}: ${line.slice(4 + label.length, 200)}`);
      if (kind === "HZ") hz = Number(label) || 100;
    }
    for (let r = 0; r < opts.rounds; r++) {
      for (const [label, argv] of [["execTrue", ["true"]], ["execHealth", ["kafka-launcher", "health"]]] as const) {
        const t0 = performance.now();
        const ok = run(["docker", "exec", name, ...argv]).ok;
        if (ok) add(samples, label, performance.now() - t0);
        else notes.push(`failure in ${label}`);
      }
    }
  } finally {
    dockerRemove(name);
  }
  const cpu = (label: string) => {
    const t = samples.get(label)?.ticks.filter(Number.isFinite) ?? [];
    return t.length ? (t.reduce((a, b) => a + b, 0) / t.length / hz) * 1000 : NaN;
  };
  const wall = (label: string) => median(samples.get(label)?.wall ?? []);
  const rows = ["true", "version", "file", "flag", "execTrue", "execHealth"].map((label) => [
    LABELS[label]!,
    samples.get(label) ? spread(samples.get(label)!.wall) : "no sample",
    Number.isFinite(cpu(label)) ? ms(cpu(label)) : "—",
  ]);
  const perCheck = cpu("file");
  notes.unshift(
    `one check over the floor: ${ms(wall("file") - wall("true"))} wall, ${ms(perCheck - cpu("true"))} CPU (mean of ${opts.rounds} runs, ${hz} ticks/s); ` +
      `at the image's interval of 2 s that is ${((perCheck / 2000) * 100).toFixed(2)} % of one core while the container runs.`,
    `the check ÷ the launcher's own start with arguments (\`--version\`), side by side: ${(wall("file") / wall("version")).toFixed(2)}× wall, ${(cpu("file") / cpu("version")).toFixed(2)}× CPU: most of a check is starting the launcher (Bun, its modules, yargs), not the request.`,
    `docker exec itself costs ${ms(wall("execTrue"))} of the ${ms(wall("execHealth"))} a check takes end to end from the host.`,
    `${IMAGE}, a broker started with only CLUSTER_ID and ready (a produce accepted) before the first round.`,
  );
  return table(title, ["what", "wall, median (p25–p75, n)", "CPU per run (mean)"], rows, notes);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await health(smoke ? { rounds: 1 } : { rounds: 20 }));
}
