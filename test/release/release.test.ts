// scripts/release.ts: the dry run is the release, printed. The script is spawned as a release manager
// runs it; the pure plan (scripts/lib/release-plan.ts) and labels (scripts/lib/labels.ts) are checked
// with literal inputs. Nothing here needs Docker.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { KAFKA_VERSION } from "../../entrypoint/core/version.ts";
import { ociLabels } from "../../scripts/lib/labels.ts";
import { checkRelease, planRelease, stepLine, type ReleaseRequest } from "../../scripts/lib/release-plan.ts";

const ROOT = join(import.meta.dir, "../..");
const SHA = "0123456789abcdef0123456789abcdef01234567";
const SOURCE = "https://github.com/apache/kafka";
const V = KAFKA_VERSION;

function release(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawnSync([process.execPath, join(ROOT, "scripts/release.ts"), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
  return { exitCode: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

const dryRun = (...args: string[]) => release(["--dry-run", "--revision", SHA, "--source", SOURCE, ...args]);
const commands = (stdout: string) => stdout.split("\n").filter((l) => l && !l.startsWith("#"));

const LABELS = (version: string) =>
  [
    "--label 'org.opencontainers.image.title=Apache Kafka (GraalVM native image)'",
    "--label 'org.opencontainers.image.description=Experimental Apache Kafka image with a GraalVM native-image broker in KRaft mode. Recommended only for development and testing, not for production workloads.'",
    `--label org.opencontainers.image.version=${version}`,
    `--label org.opencontainers.image.revision=${SHA}`,
    `--label org.opencontainers.image.source=${SOURCE}`,
    "--label org.opencontainers.image.licenses=Apache-2.0",
  ].join(" ");

describe("release --dry-run", () => {
  test("prints the exact commands for linux/amd64 and linux/arm64, runs nothing", () => {
    expect(dryRun()).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: [
        `# Release apache/kafka-native:${V} (Apache Kafka ${V}) for linux/amd64, linux/arm64: build (no push)`,
        "# dry run: nothing below was executed",
        "# 1. launcher for linux/amd64 (Bun runtime from npm: @oven/bun-linux-x64)",
        "bun build --compile --minify --bytecode --format=esm --splitting --no-compile-autoload-dotenv --no-compile-autoload-bunfig --compile-jit-policy=100 --target=bun-linux-x64 entrypoint/main.ts --outfile dist/linux-amd64/kafka-launcher",
        "# 2. launcher for linux/arm64 (Bun runtime from npm: @oven/bun-linux-aarch64)",
        "bun build --compile --minify --bytecode --format=esm --splitting --no-compile-autoload-dotenv --no-compile-autoload-bunfig --compile-jit-policy=100 --target=bun-linux-arm64 entrypoint/main.ts --outfile dist/linux-arm64/kafka-launcher",
        "# 3. broker jars for the native-image stage (Maven Central)",
        "scripts/install-broker.sh",
        "# 4. buildx builder kafka-native-release (docker-container driver), unless it exists",
        "docker buildx inspect kafka-native-release >/dev/null 2>&1 || docker buildx create --name kafka-native-release --driver docker-container",
        "# 5. folder of the OCI archive",
        "mkdir -p build/release",
        `# 6. build linux/amd64 + linux/arm64 into build/release/kafka-native-${V}.oci.tar (nothing is pushed)`,
        `docker buildx build --builder kafka-native-release --platform linux/amd64,linux/arm64 -f docker/native/Dockerfile --build-arg KAFKA_VERSION=${V} ${LABELS(V)} -t apache/kafka-native:${V} --output type=oci,dest=build/release/kafka-native-${V}.oci.tar .`,
        "",
      ].join("\n"),
    });
  });

  test("--push: pushes the version tag and checks both platforms landed", () => {
    const run = dryRun("--push");
    expect(run.exitCode).toBe(0);
    expect(commands(run.stdout).slice(-2)).toEqual([
      `docker buildx build --builder kafka-native-release --platform linux/amd64,linux/arm64 -f docker/native/Dockerfile --build-arg KAFKA_VERSION=${V} ${LABELS(V)} -t apache/kafka-native:${V} --push .`,
      `docker buildx imagetools inspect apache/kafka-native:${V}`,
    ]);
    expect(run.stdout).not.toContain("--output");
  });

  test("--suffix 1: a Docker-only re-release keeps the Kafka version in the tag and the version label", () => {
    const run = dryRun("--push", "--suffix", "1");
    expect(run.stdout).toContain(`-t apache/kafka-native:${V}-1 --push .`);
    expect(run.stdout).toContain(`--label org.opencontainers.image.version=${V}-1 `);
    expect(run.stdout).toContain(`--build-arg KAFKA_VERSION=${V} `);
    expect(run.stdout).toContain(`docker buildx imagetools inspect apache/kafka-native:${V}-1\n`);
  });

  test("--image and --latest: a release candidate in the release manager's own repository", () => {
    const run = dryRun("--push", "--image", "rm-user/kafka-native", "--latest");
    expect(run.stdout).toContain(`-t rm-user/kafka-native:${V} -t rm-user/kafka-native:latest --push .`);
    expect(run.stdout).not.toContain("apache/kafka-native:");
  });

  test("every printed command reads back, through a shell, as the argv the script runs", () => {
    const req: ReleaseRequest = { kafkaVersion: V, pinnedVersion: V, image: "apache/kafka-native", push: true, latest: false, revision: SHA, source: SOURCE };
    for (const step of planRelease(req).steps.filter((s) => !s.unless)) {
      const proc = Bun.spawnSync(["bash", "-c", `set -- ${stepLine(step)}; printf '%s\\0' "$@"`]);
      expect(proc.stdout.toString().split("\0").slice(0, -1)).toEqual(step.argv);
    }
  });

  test("defaults: revision is git HEAD, source from GITHUB_SERVER_URL/GITHUB_REPOSITORY when set", () => {
    const head = Bun.spawnSync(["git", "rev-parse", "HEAD"], { cwd: ROOT }).stdout.toString().trim();
    expect(release(["--dry-run"]).stdout).toContain(`--label org.opencontainers.image.revision=${head} --label org.opencontainers.image.source=${SOURCE} `);
    const gh = release(["--dry-run"], { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "someone/kafka" });
    expect(gh.stdout).toContain("--label org.opencontainers.image.source=https://github.com/someone/kafka ");
  });
});

describe("release: bad command lines exit 64 with the flag, the reason and an example", () => {
  test.each([
    ["4.4", `"4.4" is not a Kafka release version (MAJOR.MINOR.PATCH)`],
    ["v4.4.0", `"v4.4.0" is not a Kafka release version (MAJOR.MINOR.PATCH)`],
    ["4.4.0-rc1", `"4.4.0-rc1" is not a Kafka release version (MAJOR.MINOR.PATCH)`],
    ["", `"" is not a Kafka release version (MAJOR.MINOR.PATCH)`],
  ])("--kafka-version %p", (version, message) => {
    expect(dryRun("--kafka-version", version)).toEqual({
      exitCode: 64,
      stdout: "",
      stderr: `release: cannot release: 1 problem\n  ✗ --kafka-version: ${message}\n      fix: pass the Kafka version the image packages, e.g. --kafka-version ${V}\n`,
    });
  });

  test("a well-formed version that is not the pom's pin", () => {
    expect(dryRun("--kafka-version", "9.9.9")).toEqual({
      exitCode: 64,
      stdout: "",
      stderr:
        "release: cannot release: 1 problem\n" +
        `  ✗ --kafka-version: 9.9.9 is not the pinned Kafka version ${V}; the broker jars, the labels and \`kafka-launcher --version\` all come from the pin\n` +
        `      fix: set <kafka.version>9.9.9</kafka.version> in resources/broker/pom.xml and commit it, or pass --kafka-version ${V}\n`,
    });
  });

  test("every problem at once: version, suffix and image", () => {
    const run = dryRun("--kafka-version", "4.4", "--suffix", "rc1", "--image", "Apache/Kafka:latest");
    expect(run.exitCode).toBe(64);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n").filter((l) => l.startsWith("  ✗"))).toEqual([
      `  ✗ --kafka-version: "4.4" is not a Kafka release version (MAJOR.MINOR.PATCH)`,
      `  ✗ --suffix: "rc1" is not the number of a Docker-only re-release`,
      `  ✗ --image: "Apache/Kafka:latest" is not an image repository name (lower case, no tag)`,
    ]);
  });

  test("an unknown flag", () => {
    expect(dryRun("--tag", "x")).toEqual({ exitCode: 64, stdout: "", stderr: "release: Unknown argument: tag\nRun `release --help` for the options.\n" });
  });
});

describe("plan and labels (pure)", () => {
  const base: ReleaseRequest = { kafkaVersion: "4.4.0", pinnedVersion: "4.4.0", image: "apache/kafka-native", push: false, latest: false, revision: SHA, source: SOURCE };

  test.each<[string, Partial<ReleaseRequest>, string[]]>([
    ["the pin", {}, []],
    ["suffix 2", { suffix: "2" }, []],
    ["suffix 0", { suffix: "0" }, ["--suffix"]],
    ["suffix -1", { suffix: "-1" }, ["--suffix"]],
    ["registry with port", { image: "localhost:5000/kafka-native" }, []],
    ["image with a tag", { image: "apache/kafka-native:4.4.0" }, ["--image"]],
    ["short revision", { revision: "0123456" }, ["--revision"]],
    ["version 4.4.0.1", { kafkaVersion: "4.4.0.1" }, ["--kafka-version"]],
  ])("checkRelease: %s", (_name, change, subjects) => {
    expect(checkRelease({ ...base, ...change }).map((p) => p.subject)).toEqual(subjects);
  });

  test("tags: <image>:<kafka version>[-n], plus latest on request", () => {
    expect(planRelease(base).tags).toEqual(["apache/kafka-native:4.4.0"]);
    expect(planRelease({ ...base, suffix: "1", latest: true }).tags).toEqual(["apache/kafka-native:4.4.0-1", "apache/kafka-native:latest"]);
  });

  test("OCI labels", () => {
    expect(Object.fromEntries(ociLabels({ version: "4.4.0-1", revision: SHA, source: SOURCE }))).toEqual({
      "org.opencontainers.image.title": "Apache Kafka (GraalVM native image)",
      "org.opencontainers.image.description":
        "Experimental Apache Kafka image with a GraalVM native-image broker in KRaft mode. Recommended only for development and testing, not for production workloads.",
      "org.opencontainers.image.version": "4.4.0-1",
      "org.opencontainers.image.revision": SHA,
      "org.opencontainers.image.source": SOURCE,
      "org.opencontainers.image.licenses": "Apache-2.0",
    });
  });
});
