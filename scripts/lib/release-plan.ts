// The release as data: request in, problems or the exact commands out. Pure (no process, no files, no
// clock), so `release --dry-run` is free and the test needs no Docker. scripts/release.ts is the edge.
//
// Naming follows the proposal (KIP-974 "Image Naming", with KIP-975's format for dedicated Docker
// releases): apache/kafka-native:<kafka version>[-<n>]. The Kafka version always stays in the tag; a
// Docker-only re-release (a CVE in the base layers, an image bug) adds the suffix -1, -2, …
//   Kafka 4.4.0                          → apache/kafka-native:4.4.0
//   Docker-only re-release of 4.4.0      → apache/kafka-native:4.4.0-1   (--suffix 1)
//   Kafka 4.4.1 (fix in Kafka itself)    → apache/kafka-native:4.4.1
import { IMAGE_REPOSITORY } from "./image.ts";
import { labelArgs, ociLabels } from "./labels.ts";
import { ARCHES, launcherBuildArgv, launcherPath, TARGETS } from "./launcher-build.ts";
import { checkKafkaVersion, formatProblems as formatFlagProblems, type FlagProblem } from "./kafka-version.ts";
import { commandLine } from "./shell.ts";

export const NATIVE_DOCKERFILE = "docker/native/Dockerfile";
/** A builder of the docker-container driver: the engine's default builder cannot build two platforms. */
export const BUILDER = "kafka-native-release";
export const PLATFORMS = ARCHES.map((arch) => TARGETS[arch].platform);

const SUFFIX = /^[1-9]\d*$/;
// Docker's repository grammar, lower case, with an optional registry host[:port] in front.
const IMAGE = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

export type ReleaseRequest = {
  kafkaVersion: string;
  /** <kafka.version> of resources/broker/pom.xml, as baked into the launcher (entrypoint/core/version.ts). */
  pinnedVersion: string;
  image: string;
  suffix?: string;
  push: boolean;
  latest: boolean;
  revision: string;
  source: string;
};

export type ReleaseProblem = FlagProblem;

export type Step = {
  title: string;
  argv: string[];
  /** Run `argv` only when this command fails (e.g. create the builder unless it exists). */
  unless?: string[];
};

export type ReleasePlan = {
  /** The version tag, e.g. apache/kafka-native:4.4.0-1. */
  tag: string;
  tags: string[];
  labels: Array<[string, string]>;
  /** Where the multi-platform image goes without --push: an OCI archive under build/release/. */
  archive?: string;
  steps: Step[];
};

/** Every problem of the request at once, each with the flag to change and an example. */
export function checkRelease(req: ReleaseRequest): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const version = checkKafkaVersion(req.kafkaVersion, req.pinnedVersion);
  if (version) problems.push(version);
  if (req.suffix !== undefined && !SUFFIX.test(req.suffix)) {
    problems.push({
      subject: "--suffix",
      message: `"${req.suffix}" is not the number of a Docker-only re-release`,
      fix: `pass a positive number, e.g. --suffix 1 for ${req.image}:${req.pinnedVersion}-1 (the Kafka version stays in the tag)`,
    });
  }
  if (!IMAGE.test(req.image)) {
    problems.push({
      subject: "--image",
      message: `"${req.image}" is not an image repository name (lower case, no tag)`,
      fix: `pass a repository without a tag, e.g. --image ${IMAGE_REPOSITORY} (or your own for a release candidate)`,
    });
  }
  if (!/^[0-9a-f]{40}$/.test(req.revision)) {
    problems.push({ subject: "--revision", message: `"${req.revision}" is not a full git commit id`, fix: "pass the 40-hex commit, e.g. --revision $(git rev-parse HEAD)" });
  }
  return problems;
}

export function imageVersion(kafkaVersion: string, suffix?: string): string {
  return suffix ? `${kafkaVersion}-${suffix}` : kafkaVersion;
}

/** The commands of a release, in order. Call checkRelease first. */
export function planRelease(req: ReleaseRequest): ReleasePlan {
  const version = imageVersion(req.kafkaVersion, req.suffix);
  const tag = `${req.image}:${version}`;
  const tags = req.latest ? [tag, `${req.image}:latest`] : [tag];
  const labels = ociLabels({ version, revision: req.revision, source: req.source });
  const archive = req.push ? undefined : `build/release/kafka-native-${version}.oci.tar`;
  const launchers: Step[] = ARCHES.map((arch) => ({
    title: `launcher for ${TARGETS[arch].platform} (Bun runtime from npm: ${TARGETS[arch].npmPackage})`,
    argv: launcherBuildArgv({ bun: "bun", arch, outfile: launcherPath(arch) }),
  }));
  const build: Step = {
    title: req.push ? `build ${PLATFORMS.join(" + ")} and push ${tags.join(", ")}` : `build ${PLATFORMS.join(" + ")} into ${archive} (nothing is pushed)`,
    argv: [
      "docker", "buildx", "build",
      "--builder", BUILDER,
      "--platform", PLATFORMS.join(","),
      "-f", NATIVE_DOCKERFILE,
      "--build-arg", `KAFKA_VERSION=${req.kafkaVersion}`,
      ...labelArgs(labels),
      ...tags.flatMap((t) => ["-t", t]),
      ...(req.push ? ["--push"] : ["--output", `type=oci,dest=${archive}`]),
      ".",
    ],
  };
  const steps: Step[] = [
    ...launchers,
    { title: "broker jars for the native-image stage (Maven Central)", argv: ["scripts/install-broker.sh"] },
    {
      title: `buildx builder ${BUILDER} (docker-container driver), unless it exists`,
      argv: ["docker", "buildx", "create", "--name", BUILDER, "--driver", "docker-container"],
      unless: ["docker", "buildx", "inspect", BUILDER],
    },
    ...(archive ? [{ title: "folder of the OCI archive", argv: ["mkdir", "-p", "build/release"] }] : []),
    build,
  ];
  if (req.push) steps.push({ title: "check that the pushed tag has both platforms", argv: ["docker", "buildx", "imagetools", "inspect", tag] });
  return { tag, tags, labels, archive, steps };
}

/** A step as one line of shell: `unless` becomes `A >/dev/null 2>&1 || B`. */
export function stepLine(step: Step): string {
  const line = commandLine(step.argv);
  return step.unless ? `${commandLine(step.unless)} >/dev/null 2>&1 || ${line}` : line;
}

/** The dry run's output: a comment per step, then its command; pasted into a shell, it does the release. */
export function formatPlan(req: ReleaseRequest, plan: ReleasePlan): string {
  const what = req.push ? "build and push" : "build (no push)";
  const lines = [`# Release ${plan.tag} (Apache Kafka ${req.kafkaVersion}) for ${PLATFORMS.join(", ")}: ${what}`, `# dry run: nothing below was executed`];
  for (const [i, step] of plan.steps.entries()) lines.push(`# ${i + 1}. ${step.title}`, stepLine(step));
  return `${lines.join("\n")}\n`;
}

export function formatProblems(problems: readonly ReleaseProblem[]): string {
  return formatFlagProblems("release", "release", problems);
}
