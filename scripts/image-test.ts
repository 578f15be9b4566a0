#!/usr/bin/env bun
/**
 * `npm run image:test -- [--kafka-version X] [--image REF]`: build the image for a Kafka version, run
 * the Docker sanity suite (test/docker) against it, and write the test report the vote looks at (npm
 * test runs it too, so CI builds the image and runs the suite once):
 *   build/reports/image-test-<version>.junit.xml   JUnit XML (bun test --reporter=junit), for CI
 *   build/reports/image-test-<version>.md          a short human summary
 *   build/reports/image-test-<version>.log         the suite's console output
 *
 *   args → check → engine → build → inspect → sanity suite → report
 *
 * The image built and tested is the local one (scripts/lib/image.ts: $KAFKA_NATIVE_IMAGE, else
 * apache/kafka-native:<version>); --image REF tests an image that already exists (a release candidate
 * pushed for the vote) instead. The suite finds its image in $KAFKA_NATIVE_IMAGE. The Docker engine
 * must answer: `npm run image:test` starts one when none does (scripts/docker-engine.sh with).
 * Exit codes: 0 all passed, 1 a test failed or no test ran, 64 bad command line, 69 no Docker, 70 the
 * build failed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { KAFKA_VERSION } from "../entrypoint/core/version.ts";
import { parseArgs } from "../entrypoint/cli/yargs.ts";
import { IMAGE_ENV, localImage } from "./lib/image.ts";
import { checkKafkaVersion, formatProblems } from "./lib/kafka-version.ts";
import { run } from "./lib/run.ts";
import { formatSummary, readJUnit, totals, type ImageFacts } from "./lib/test-report.ts";

/** The variable test/docker reads the image reference from. */
// "./" makes Bun take it as a path, not as a substring filter of file names.
const SUITE = "./test/docker";
const repo = resolve(import.meta.dir, "..");

type Options = { kafkaVersion: string; image?: string; reports: string };

function parseOptions(argv: readonly string[]) {
  return parseArgs<Options>("image-test", argv, (y) =>
    y
      .usage("npm run image:test -- [options]\n\nBuild the local image ($KAFKA_NATIVE_IMAGE, else apache/kafka-native:<kafka version>), run the Docker sanity suite against it, write JUnit XML and a summary.")
      .option("kafka-version", { type: "string", default: KAFKA_VERSION, describe: "Kafka version to build and test (must equal <kafka.version> in resources/broker/pom.xml)" })
      .option("image", { type: "string", describe: "test this existing image (e.g. a release candidate) instead of building one" })
      .option("reports", { type: "string", default: "build/reports", describe: "folder for the JUnit XML, the summary and the log" }) as never,
  );
}

/** Paths inside the repository relative to it (as in the docs), others as they are. */
function shown(path: string): string {
  return path.startsWith(`${repo}/`) ? relative(repo, path) : path;
}

function say(message: string): void {
  console.log(`==> ${message}`);
}

function engineAnswers(): boolean {
  return run(["docker", "info"]).ok;
}

/** The suite's console output goes to ours and to the log file; the JUnit file is Bun's. */
async function runSuite(image: string, junit: string, log: string): Promise<number> {
  const argv = [process.execPath, "test", SUITE, "--reporter=junit", `--reporter-outfile=${junit}`];
  say(`sanity suite: ${IMAGE_ENV}=${image} bun test ${SUITE} --reporter=junit --reporter-outfile=${shown(junit)}`);
  const proc = Bun.spawn(argv, { cwd: repo, env: { ...process.env, [IMAGE_ENV]: image }, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  const pump = async (stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      out.write(chunk);
      chunks.push(decoder.decode(chunk, { stream: true }));
    }
  };
  await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)]);
  const code = await proc.exited;
  writeFileSync(log, chunks.join(""));
  return code;
}

function inspectImage(image: string): Pick<ImageFacts, "id" | "sizeBytes" | "labels" | "launcherVersion"> {
  const inspected = run(["docker", "image", "inspect", "--format", "{{json .}}", image]);
  const data = inspected.ok ? (JSON.parse(inspected.stdout) as { Id?: string; Size?: number; Config?: { Labels?: Record<string, string> | null } }) : {};
  const version = run(["docker", "run", "--rm", "--entrypoint", "kafka-launcher", image, "--version"]);
  return {
    id: data.Id ?? "?",
    sizeBytes: data.Size ?? 0,
    labels: data.Config?.Labels ?? {},
    launcherVersion: version.ok ? version.stdout.trim() : `(failed: ${version.message.split("\n")[0]})`,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  // 1. args and check: the version must be the pin, which is what gets built
  const parsed = parseOptions(argv);
  if (!parsed.ok) {
    (parsed.exitCode === 0 ? process.stdout : process.stderr).write(parsed.text);
    return parsed.exitCode;
  }
  const { kafkaVersion, reports } = parsed.args;
  const problem = parsed.args.image ? undefined : checkKafkaVersion(kafkaVersion, KAFKA_VERSION);
  if (problem) {
    process.stderr.write(formatProblems("image-test", "test the image", [problem]));
    return 64;
  }
  const image = parsed.args.image ?? localImage();
  const dir = resolve(repo, reports);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `image-test-${parsed.args.image ? image.replace(/[^\w.-]+/g, "_") : kafkaVersion}`);

  // 2. engine
  if (!engineAnswers()) {
    console.error("image-test: the Docker engine does not answer: start one (scripts/docker-engine.sh start), or run `npm run image:test`, which does");
    return 69;
  }
  // 3. build: set-up (npm packages, broker jars, launcher, the image's Java), then the image tagged with the version
  if (!parsed.args.image) {
    say(`build ${image}`);
    for (const step of [["bash", "scripts/setup.sh", "node", "broker", "launcher", "java"], [process.execPath, "scripts/build-image.ts", "--tag", kafkaVersion]]) {
      const built = run(step, { cwd: repo, inherit: true });
      if (!built.ok) {
        console.error(`image-test: the image build failed\n${built.message}`);
        return 70;
      }
    }
  }
  // 4. inspect, 5. the sanity suite
  const facts = inspectImage(image);
  const junit = `${base}.junit.xml`;
  const suiteExit = await runSuite(image, junit, `${base}.log`);
  // 6. report: the JUnit XML is Bun's; the summary is read back from it
  const cases = existsSync(junit) ? readJUnit(readFileSync(junit, "utf8")) : [];
  const revision = run(["git", "rev-parse", "HEAD"], { cwd: repo });
  const summary = formatSummary(
    {
      image,
      kafkaVersion,
      ...facts,
      revision: revision.ok ? revision.stdout.trim() : "?",
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      junitFile: shown(junit),
      command: `npm run image:test -- ${parsed.args.image ? `--image ${image}` : `--kafka-version ${kafkaVersion}`}`,
    },
    cases,
    suiteExit,
  );
  writeFileSync(`${base}.md`, summary);
  const t = totals(cases);
  console.log(`\nimage-test: ${image}, reports in ${shown(base)}.{junit.xml,md,log}`);
  // The plain closing line CI reads: "N passed, N failed", one word with a colon before it.
  console.log(`image-test: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  return suiteExit === 0 && t.failed === 0 && t.tests > 0 ? 0 : 1;
}

process.exitCode = await main(Bun.argv.slice(2));
