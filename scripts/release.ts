#!/usr/bin/env bun
/**
 * `npm run release -- [--kafka-version X] [--suffix N] [--image REPO] [--latest] [--push] [--dry-run]`
 *
 * Builds apache/kafka-native:<kafka version>[-N] for linux/amd64 and linux/arm64 with docker buildx from
 * docker/native/Dockerfile, labelled (OCI) from the same version source as `kafka-launcher --version`,
 * and pushes it with --push (otherwise it writes an OCI archive under build/release/). --dry-run prints
 * the exact commands and runs nothing. docs/RELEASE.md is the release manager's walk-through.
 *
 *   args → check → plan → (dry run: print) → preconditions → run each step
 *
 * Exit codes: 0 done, 64 bad command line, 69 a tool or a precondition is missing, 1 a step failed.
 */
import { existsSync } from "node:fs";
import { KAFKA_VERSION } from "../entrypoint/core/version.ts";
import { parseArgs, EX_USAGE } from "../entrypoint/cli/yargs.ts";
import { IMAGE_REPOSITORY } from "./lib/image.ts";
import { DEFAULT_SOURCE, sourceUrl } from "./lib/labels.ts";
import { checkRelease, formatPlan, formatProblems, planRelease, stepLine, type ReleaseProblem, type ReleaseRequest, type Step } from "./lib/release-plan.ts";
import { run } from "./lib/run.ts";

const EX_UNAVAILABLE = 69;

type Options = { kafkaVersion: string; image: string; suffix?: string; push: boolean; latest: boolean; dryRun: boolean; revision?: string; source?: string };

function parseOptions(argv: readonly string[]) {
  return parseArgs<Options>("release", argv, (y) =>
    y
      .usage("npm run release -- [options]\n\nBuild apache/kafka-native:<kafka version> for linux/amd64 and linux/arm64, and push it with --push.")
      .option("kafka-version", { type: "string", default: KAFKA_VERSION, describe: "Kafka version the image packages (must equal <kafka.version> in resources/broker/pom.xml)" })
      .option("suffix", { type: "string", describe: "number of a Docker-only re-release (CVE): --suffix 1 tags <kafka version>-1" })
      .option("image", { type: "string", default: IMAGE_REPOSITORY, describe: "repository to tag (a release manager's own for a release candidate)" })
      .option("latest", { type: "boolean", default: false, describe: "also tag <image>:latest" })
      .option("push", { type: "boolean", default: false, describe: "push to the registry (docker login first); without it, write build/release/*.oci.tar" })
      .option("dry-run", { type: "boolean", default: false, describe: "print the exact commands, run nothing" })
      .option("revision", { type: "string", describe: "git commit for org.opencontainers.image.revision (default: git rev-parse HEAD)" })
      .option("source", { type: "string", describe: `repository URL for org.opencontainers.image.source (default: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY, else ${DEFAULT_SOURCE})` }) as never,
  );
}

function gitRevision(): string {
  const ran = run(["git", "rev-parse", "HEAD"]);
  return ran.ok ? ran.stdout.trim() : "(no git commit: not a git checkout?)";
}

/** What a real run needs from this machine; all problems at once. */
function checkMachine(req: ReleaseRequest): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  if (!Bun.which("docker")) {
    problems.push({ subject: "docker", message: "no docker client on PATH", fix: "install Docker (Debian: apt-get install docker.io), then scripts/docker-engine.sh start" });
  } else if (!run(["docker", "buildx", "version"]).ok) {
    problems.push({ subject: "docker buildx", message: "the buildx plugin is missing", fix: "install docker-buildx-plugin (Docker's packages), or use the release workflow in .github/workflows/release.yml" });
  }
  const binfmt = "/proc/sys/fs/binfmt_misc/qemu-aarch64";
  if (process.arch !== "arm64" && !existsSync(binfmt)) {
    problems.push({ subject: "linux/arm64", message: `no binfmt handler for arm64 (${binfmt}), so buildx cannot run the arm64 stages`, fix: "apt-get install qemu-user-static binfmt-support, or docker run --privileged --rm tonistiigi/binfmt --install arm64" });
  }
  if (req.push) {
    const status = run(["git", "status", "--porcelain", "--untracked-files=no"]);
    if (!status.ok || status.stdout.trim()) {
      problems.push({ subject: "--push", message: "the working tree has uncommitted changes, so the revision label would not describe the image", fix: "commit (or drop) the changes, then release again" });
    }
  }
  return problems;
}

function runStep(step: Step): boolean {
  console.log(`==> ${step.title}\n    ${stepLine(step)}`);
  if (step.unless && run(step.unless).ok) return true;
  // "bun" in the plan is the Bun running this script (npm run puts node_modules/.bin first on PATH too).
  const argv = step.argv[0] === "bun" ? [process.execPath, ...step.argv.slice(1)] : step.argv;
  const ran = run(argv, { inherit: true });
  if (!ran.ok) console.error(`release: step failed: ${step.title}\n${ran.message}`);
  return ran.ok;
}

function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  // 1. args: the options as data (--help and usage errors are printed here)
  const parsed = parseOptions(argv);
  if (!parsed.ok) {
    (parsed.exitCode === 0 ? process.stdout : process.stderr).write(parsed.text);
    return parsed.exitCode;
  }
  const o = parsed.args;
  const req: ReleaseRequest = {
    kafkaVersion: o.kafkaVersion,
    pinnedVersion: KAFKA_VERSION,
    image: o.image,
    suffix: o.suffix,
    push: o.push,
    latest: o.latest,
    revision: o.revision ?? gitRevision(),
    source: o.source ?? sourceUrl(env),
  };
  // 2. check: every problem of the request at once
  const problems = checkRelease(req);
  if (problems.length) {
    process.stderr.write(formatProblems(problems));
    return EX_USAGE;
  }
  // 3. plan: the exact commands; a dry run stops here
  const plan = planRelease(req);
  if (o.dryRun) {
    process.stdout.write(formatPlan(req, plan));
    return 0;
  }
  // 4. preconditions of this machine
  const missing = checkMachine(req);
  if (missing.length) {
    process.stderr.write(formatProblems(missing));
    return EX_UNAVAILABLE;
  }
  // 5. run the steps in order, stop at the first failure
  for (const step of plan.steps) if (!runStep(step)) return 1;
  console.log(`\nrelease: ${req.push ? `pushed ${plan.tags.join(", ")}` : `built ${plan.tag} into ${plan.archive}`}`);
  return 0;
}

process.exitCode = main(Bun.argv.slice(2), process.env);
