// `npm run bench [-- --smoke] [-- --only overhead,image-overhead,ready,memory,image,scale]`
//
// Prints the tables of docs/benchmarks.md (and writes them to build/reports/bench.md):
//   1  launcher overhead: start → execve, host and in the image, vs the floor and upstream's set-up
//   2  time to ready: host and Docker, first start and restart, with and without the AOT cache
//   3  broker RSS with and without the launcher in front; 3b the developer profile term by term
//   4  image size and the launcher's share
//   5  10 and 20 brokers at once
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
import { ready } from "./ready.ts";
import { scale } from "./scale.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const onlyArg = args.find((a) => a.startsWith("--only"));
const only = onlyArg ? new Set((onlyArg.includes("=") ? onlyArg.split("=")[1]! : args[args.indexOf(onlyArg) + 1] ?? "").split(",")) : undefined;
const want = (name: string) => !only || only.has(name);

const SECTIONS: [string, () => Promise<string>][] = [
  ["image-overhead", () => overheadInImage(smoke ? { rounds: 1, jvmRounds: 1 } : { rounds: 15, jvmRounds: 7 })],
  ["overhead", () => overhead(smoke ? { rounds: 1, reps: 1, jvmRounds: 1 } : { rounds: 15, reps: 3, jvmRounds: 7 })],
  ["ready", () => ready(smoke ? { rounds: 1, dockerRounds: 1 } : { rounds: 5, dockerRounds: 5 })],
  ["memory", () => memory(smoke ? { rounds: 1, messages: 1000 } : { rounds: 3, messages: 10_000 })],
  ["image", () => image()],
  ["scale", () => scale({ counts: smoke ? [2] : [10, 20] })],
  ["health", () => health(smoke ? { rounds: 1 } : { rounds: 20 })],
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
