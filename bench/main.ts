// `npm run bench [-- --smoke] [-- --only overhead,image-overhead,ready,roundtrip,memory,profile,settled,image,scale,churn,health,java]`
//
// Prints the tables of docs/benchmarks.md (and writes them to build/reports/bench.md):
//   1  launcher overhead: start → execve, host and in the image, vs the floor and upstream's set-up
//   2  time to ready: host and Docker, first start and restart, with and without the AOT cache;
//      2c the test's path (a record consumed in a new group) against today's image and the upstream recipe
//   3  broker RSS with and without the launcher in front; 3b the developer profile's JVM terms (host);
//      3c its broker keys, with the idle CPU and threads of a ready broker (Docker); 3d the same
//      variants idle once settled, all running at once
//   4  image size and the launcher's share
//   5  10, 50 and 100 brokers at once, the whole machine's CPU and each broker's memory, with and
//      without the health check, and 10 of today's image; 5b churn of 100 lifecycles
//   6  the image's health check: one check in the container against today's, what the engine adds,
//      and what the HEALTHCHECK's intervals make of it
//   7  the image's Java: each Java of scripts/lib/java.ts with each of its AOT cache options (7a), and
//      the image on each side by side: the test's path, memory, size, 50 at once, 100 of the default (7b)
// --smoke runs every benchmark once with tiny counts (CI: no figure is asserted, only that each
// benchmark runs and prints its table). Needs: dist/kafka-launcher, build/kafka/libs (npm run
// build, scripts/install-broker.sh); Docker parts are skipped with a reason when there is no engine
// or image.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { health } from "./health.ts";
import { image } from "./image.ts";
import { hostJava, javaVersion, LAUNCHER, machine, ROOT, run } from "./lib.ts";
import { memory } from "./memory.ts";
import { overhead } from "./overhead.ts";
import { overheadInImage } from "./overhead-image.ts";
import { churn } from "./churn.ts";
import { profileTerms, settledIdle } from "./profile.ts";
import { ready } from "./ready.ts";
import { roundTrip } from "./roundtrip.ts";
import { scale, SCALE_RUNS } from "./scale.ts";
import { javas } from "./java.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const onlyArg = args.find((a) => a.startsWith("--only"));
const only = onlyArg ? new Set((onlyArg.includes("=") ? onlyArg.split("=")[1]! : args[args.indexOf(onlyArg) + 1] ?? "").split(",")) : undefined;
const want = (name: string) => !only || only.has(name);

const SECTIONS: [string, () => Promise<string>][] = [
  ["image-overhead", () => overheadInImage(smoke ? { rounds: 1, jvmRounds: 1, buildVariants: false } : { rounds: 15, jvmRounds: 7, buildVariants: true })],
  ["overhead", () => overhead(smoke ? { rounds: 1, reps: 1, jvmRounds: 1 } : { rounds: 15, reps: 3, jvmRounds: 7 })],
  ["ready", () => ready(smoke ? { rounds: 1, dockerRounds: 1 } : { rounds: 5, dockerRounds: 5 })],
  ["roundtrip", () => roundTrip({ rounds: smoke ? 1 : 10, buildVariants: !smoke })],
  ["memory", () => memory(smoke ? { rounds: 1, messages: 1000 } : { rounds: 3, messages: 10_000 })],
  ["profile", () => profileTerms(smoke ? { rounds: 1, settleS: 1, idleS: 2, buildVariants: false } : { rounds: 3, settleS: 5, idleS: 30, buildVariants: true })],
  ["settled", () => settledIdle(smoke ? { rounds: 1, settleS: 1, idleS: 2, buildVariants: false } : { rounds: 3, settleS: 120, idleS: 120, buildVariants: true })],
  ["image", () => image()],
  ["scale", () => scale(smoke ? { runs: [{ n: 2 }], baselineS: 1, settleS: 1, idleS: 2 } : { runs: SCALE_RUNS, baselineS: 15, settleS: 60, idleS: 60 })],
  ["churn", () => churn({ lifecycles: smoke ? 2 : 100 })],
  ["health", () => health(smoke ? { rounds: 1, waitS: 2, buildVariants: false } : { rounds: 40, waitS: 30, buildVariants: true })],
  ["java", () => javas(smoke ? { rounds: 1, optionRounds: 1, idleS: 1, atOnce: 0, hundred: false, build: false } : { rounds: 5, optionRounds: 3, idleS: 10, atOnce: 50, hundred: true, build: true })],
];

const java = hostJava();
const header = [
  `# kafka-native benchmarks${smoke ? " (smoke run: one sample each, figures not meaningful)" : ""}`,
  "",
  `- date: ${new Date().toISOString()}`,
  `- machine: ${machine()}`,
  `- launcher: ${run([LAUNCHER, "--version"]).out.trim()} (${(Bun.file(LAUNCHER).size / 1024 / 1024).toFixed(0)} MiB, Bun ${Bun.version})`,
  `- java on the host: ${java ? javaVersion(java) : "none"}; docker: ${run(["docker", "version", "--format", "{{.Server.Version}}"]).out.trim() || "no engine"}`,
  "",
].join("\n");
console.log(header);
const parts = [header];
let failed = 0;
for (const [name, section] of SECTIONS) {
  if (!want(name)) continue;
  const t = performance.now();
  let text: string;
  try {
    text = await section();
  } catch (e) {
    failed++;
    text = `### ${name}\n\nthe benchmark failed: ${(e as Error).stack ?? e}\n`;
  }
  text += `\n_(${name}: ${((performance.now() - t) / 1000).toFixed(0)} s)_\n`;
  console.log(text);
  parts.push(text);
}
mkdirSync(join(ROOT, "build/reports"), { recursive: true });
writeFileSync(join(ROOT, "build/reports", smoke ? "bench-smoke.md" : "bench.md"), parts.join("\n"));
// A benchmark that throws is a broken benchmark (exit 1); slow figures never fail the run.
process.exit(failed ? 1 : 0);
