// Table 1 (in the image) — the launcher's start → execve on the path every container start takes:
// `/etc/kafka/docker/run` calls `kafka-launcher` with no arguments (so yargs is never loaded),
// timed inside one container by bash's $EPOCHREALTIME around each command (bash forks and execs it
// and waits), rows interleaved round by round. Upstream's set-up step runs in the same container
// from the image's own jars and Java, with kafka-run-class.sh's options for a tool. The launcher of
// main when issues 22–24 began (bench/baseline.ts) runs beside this one, both from a bind mount.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureBaselineImage, ROUND_START } from "./baseline.ts";
import { buildProbes } from "./overhead.ts";
import { CLUSTER_ID, IMAGE, ROOT, dockerReady, median, notMeasured, over, ratio, run, spread, table } from "./lib.ts";

/** `buildVariants`: build the round-start image when missing (false in the smoke run). */
export type ImageOverheadOptions = { rounds: number; jvmRounds: number; buildVariants: boolean };

const BASELINE_DIR = join(ROOT, "build/bench/launcher-round-start");

/** The round-start image's launcher, copied out into BASELINE_DIR; why not, when it cannot be. */
function roundStartLauncher(build: boolean): { ok: true } | { ok: false; why: string } {
  const image = ensureBaselineImage(build, ROUND_START);
  if (!image.ok) return image;
  rmSync(BASELINE_DIR, { recursive: true, force: true });
  mkdirSync(BASELINE_DIR, { recursive: true });
  const name = `bench-launcher-${process.pid}`;
  const copied = run(["sh", "-c", `docker create --name "$0" "$1" >/dev/null && docker cp "$0":/usr/local/bin/kafka-launcher "$2"; r=$?; docker rm -f "$0" >/dev/null; exit $r`, name, image.image, join(BASELINE_DIR, "kafka-launcher")]);
  return copied.ok ? { ok: true } : { ok: false, why: `cannot copy the launcher out of ${image.image}: ${copied.out.slice(-200)}` };
}

const UPSTREAM_JAVA_OPTS = "-Xmx256M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true";

/** bash inside the container: set-up, then `label start end` lines (microsecond clock). */
function script(rounds: number, jvmRounds: number, probes: boolean, baseline: boolean): string {
  return `
set -u
cd /tmp
export LAUNCHER_RUNTIME=native LAUNCHER_BROKER_BINARY=/bin/true
# a log dir formatted by the real storage tool, for the restart path
KAFKA_LOG_DIRS=/tmp/formatted kafka-launcher render >/dev/null 2>&1
LAUNCHER_RUNTIME=jvm /opt/kafka/kafka.Kafka storage-tool format --cluster-id ${CLUSTER_ID} -c /opt/kafka/config/server.properties >/dev/null 2>&1 || echo "SETUP format failed"
# upstream reads a mounted server.properties (one KAFKA_ variable would drop its defaults)
mkdir -p /tmp/up-restart /tmp/up-first /tmp/up-final
sed 's#^log.dirs=.*#log.dirs=/tmp/up-formatted#' /etc/kafka/docker/server.properties >/tmp/up-restart/server.properties
sed 's#^log.dirs=.*#log.dirs=/tmp/up-fresh#' /etc/kafka/docker/server.properties >/tmp/up-first/server.properties
upstream() { CLUSTER_ID=${CLUSTER_ID} /opt/java/bin/java ${UPSTREAM_JAVA_OPTS} -Dlog4j2.configurationFile=/etc/kafka/docker/tools-log4j2.yaml -cp '/opt/kafka/libs/*' kafka.docker.KafkaDockerWrapper setup --default-configs-dir /etc/kafka/docker --mounted-configs-dir "$1" --final-configs-dir /tmp/up-final; }
upstream /tmp/up-restart >/dev/null 2>&1
row_true() { /bin/true; }
row_sh() { /bin/sh -c 'exec /bin/true'; }
row_empty() { /probes/empty; }
row_restart() { KAFKA_LOG_DIRS=/tmp/formatted kafka-launcher; }
row_allflags() { KAFKA_LOG_DIRS=/tmp/formatted /probes/launcher-all-flags; }
row_nosplit() { KAFKA_LOG_DIRS=/tmp/formatted /probes/launcher-no-splitting; }
row_nojit() { KAFKA_LOG_DIRS=/tmp/formatted /probes/launcher-no-jit-policy; }
row_roundstart() { KAFKA_LOG_DIRS=/tmp/formatted /round-start/kafka-launcher; }
row_first() { KAFKA_LOG_DIRS=/tmp/fresh kafka-launcher; }
row_args() { KAFKA_LOG_DIRS=/tmp/formatted kafka-launcher run; }
row_firstjvm() { LAUNCHER_RUNTIME=jvm LAUNCHER_JAVA=/java-format-only.sh REAL_JAVA=/opt/java/bin/java KAFKA_LOG_DIRS=/tmp/fresh kafka-launcher; }
row_uprestart() { rm -f /tmp/up-final/server.properties; upstream /tmp/up-restart; }
row_upfirst() { rm -f /tmp/up-final/server.properties; upstream /tmp/up-first; }
t() {
  local label=$1 s e
  s=$EPOCHREALTIME
  if "row_$label" >/tmp/out 2>&1 || { [ "$label" = uprestart ] && grep -qi "already formatted" /tmp/out; }; then
    e=$EPOCHREALTIME
    echo "T $label $s $e"
  else
    echo "F $label $(tail -c 200 /tmp/out | tr '\\n' ' ')"
  fi
}
for r in $(seq ${rounds}); do
  for k in 1 2 3; do
    t true; t sh; ${probes ? "t empty; t allflags;" : ""} ${baseline ? "t roundstart;" : ""} ${probes ? "t nosplit; t nojit;" : ""} t restart
    rm -rf /tmp/fresh; t first
    t args
  done
  if [ "$r" -le ${jvmRounds} ]; then
    rm -rf /tmp/fresh; t firstjvm
    t uprestart
    rm -rf /tmp/up-fresh; t upfirst
  fi
done
`;
}

const LABELS: Record<string, string> = {
  true: "floor: `/bin/true` alone",
  sh: "floor: a process that only execs it (`sh -c 'exec /bin/true'`)",
  empty: "a Bun-compiled binary that does nothing",
  restart: "**launcher, restart** (`kafka-launcher`, formatted: skip)",
  allflags: "… the same build, freshly written to a bind mount (the baseline of the two rows below)",
  nosplit: "… built without `--splitting` (yargs in the main bundle), from the bind mount",
  nojit: "… built without `--compile-jit-policy=100`, from the bind mount",
  roundstart: `… the launcher of ${ROUND_START.commit.slice(0, 7)} (main before issues 22–24), from a bind mount`,
  first: "launcher, first start (native runtime, format child = `/bin/true`)",
  args: "launcher, restart, with arguments (`kafka-launcher run`: loads yargs)",
  firstjvm: "launcher, first start, real format in the broker's JVM (then `kafka --version`)",
  uprestart: "upstream `KafkaDockerWrapper setup`, restart (\"already formatted\")",
  upfirst: "upstream `KafkaDockerWrapper setup`, first start (formats)",
};

export async function overheadInImage(opts: ImageOverheadOptions): Promise<string> {
  const title = "1. Launcher overhead in the image: process start → execve (timed inside the container)";
  const d = dockerReady();
  if (!d.ok) return table(title, ["path", "result"], [["all", `skipped: ${d.why}`]]);
  const probesDir = join(ROOT, "build/bench/probes");
  let probes = false;
  try {
    probes = buildProbes().has("empty");
  } catch {
    // the probe rows are left out; table 1b says why
  }
  const roundStart = roundStartLauncher(opts.buildVariants);
  const argv = [
    "docker", "run", "--rm", "--entrypoint", "/bin/bash",
    "-v", `${join(ROOT, "scripts/lib/java-format-only.sh")}:/java-format-only.sh:ro`,
    ...(probes ? ["-v", `${probesDir}:/probes:ro`] : []),
    ...(roundStart.ok ? ["-v", `${BASELINE_DIR}:/round-start:ro`] : []),
    IMAGE, "-c", script(opts.rounds, opts.jvmRounds, probes, roundStart.ok),
  ];
  const r = run(argv);
  const samples = new Map<string, number[]>();
  const failures = new Map<string, string>();
  const setup: string[] = [];
  for (const line of r.out.split("\n")) {
    const [kind, label, a, b] = line.split(" ");
    if (kind === "T" && label) samples.set(label, [...(samples.get(label) ?? []), (Number(b) - Number(a)) * 1000]);
    else if (kind === "F" && label) failures.set(label, line.slice(4 + label.length));
    else if (kind === "SETUP") setup.push(line);
  }
  const med = (k: string) => median(samples.get(k) ?? []);
  const floor = med("true");
  const order = ["true", "sh", ...(probes ? ["empty"] : []), "restart", ...(probes ? ["allflags", "nosplit", "nojit"] : []), ...(roundStart.ok ? ["roundstart"] : []), "first", "args", "firstjvm", "uprestart", "upfirst"];
  const rows = order.map((k) => {
    const xs = samples.get(k) ?? [];
    const overFloor = k === "true" ? "—" : over(med(k), floor, undefined, xs.length);
    const up: [string, string] = ["upstream's set-up", "this row"];
    const faster = (upstream: string, digits: number) => `${ratio(med(upstream), med(k), digits, up)}× faster`.replace(/^(not measured .*)× faster$/, "$1");
    let vs = "—";
    if (["restart", "args", "allflags", "nosplit", "nojit", "roundstart"].includes(k)) vs = faster("uprestart", 0);
    if (k === "first") vs = faster("upfirst", 0);
    if (k === "firstjvm") vs = faster("upfirst", 1);
    return [LABELS[k]!, xs.length ? spread(xs) : `failed: ${failures.get(k) ?? "no sample"}`, overFloor, vs];
  });
  const up: [string, string] = ["upstream's set-up", "the launcher"];
  const notes = [
    `**launcher start → execve on a container restart: ${over(med("restart"), floor)} over the floor** (median); a Bun-compiled binary that does nothing costs ${probes ? over(med("empty"), floor) : notMeasured("no probes built")} of it.`,
    `upstream's set-up step ÷ launcher: restart ${ratio(med("uprestart"), med("restart"), 0, up)}×, first start ${ratio(med("upfirst"), med("first"), 0, up)}× (stubbed format), ${ratio(med("upfirst"), med("firstjvm"), 1, up)}× with the real format on both sides.`,
    `issue 23 (no slower): the restart path of this launcher ÷ ${ROUND_START.commit.slice(0, 7)}'s, both freshly written to a bind mount: **${probes && roundStart.ok ? ratio(med("allflags"), med("roundstart"), 2, ["this launcher", "the round start's"]) : notMeasured(roundStart.ok ? "no probes built" : roundStart.why)}**.`,
    `rounds: ${opts.rounds} × 3 for millisecond rows, ${opts.jvmRounds} for JVM rows; ${IMAGE}; the launcher execs \`/bin/true\` (LAUNCHER_RUNTIME=native, LAUNCHER_BROKER_BINARY=/bin/true).`,
    ...setup,
    ...[...failures].filter(([k]) => !samples.has(k)).map(([k, v]) => `failure in ${k}: ${v.slice(0, 200)}`),
  ];
  if (!r.ok && samples.size === 0) notes.push(`docker run failed: ${r.out.slice(-300)}`);
  return table(title, ["path", "wall, median (p25–p75, n)", "over the floor", "vs upstream set-up"], rows, notes);
}

if (import.meta.main) {
  const smoke = process.argv.includes("--smoke");
  console.log(await overheadInImage(smoke ? { rounds: 1, jvmRounds: 1, buildVariants: false } : { rounds: 15, jvmRounds: 7, buildVariants: true }));
}
