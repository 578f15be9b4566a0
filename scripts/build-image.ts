#!/usr/bin/env bun
/**
 * `npm run image`: build the JVM-backed apache/kafka-native image with no container registry at all.
 *
 *   check inputs → jlink the Java runtime → base rootfs → build context → docker build → check → report
 *
 * Inputs (all produced by the repository's own steps, nothing pulled):
 *   dist/kafka-launcher        npm run build
 *   build/kafka/libs/*.jar     scripts/install-broker.sh (with kafka-native-wrapper.jar, the dispatcher)
 *   the image's Java           scripts/lib/java.ts: a JDK from Debian's archive, installed by
 *                              scripts/install-java.ts into a root of its suite (build/java/<suite>/),
 *                              jlink'd to a small runtime inside that root
 *   busybox, bash, glibc       Debian packages of the same root (docker/shared/rootfs.sh run there), so
 *                              the image has the glibc the Java was built for; a host JDK (--jdk, or
 *                              --java temurin-25) takes this machine's, as before
 * Output: apache/kafka-native:<kafka version> and :latest in the local engine (only $KAFKA_NATIVE_IMAGE
 * when that is set: scripts/lib/image.ts), and a size report.
 *
 * Options: --java ID (scripts/lib/java.ts JAVAS; default $KAFKA_NATIVE_JAVA, else DEFAULT_JAVA),
 * --jdk DIR (a JDK of this machine instead), --libs DIR, --launcher FILE, --tag VERSION, --no-check,
 * --no-aot (skip the AOT cache training).
 */
import { parseArgs } from "node:util";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { train as trainAotCache } from "./aot-train.ts";
import { inRoot } from "./lib/chroot.ts";
import { fitDockerfileFile } from "./lib/dockerfile.ts";
import { jdkDir, javaChoice, JAVA_ENV, suiteRoot, type JavaChoice } from "./lib/java.ts";
import { localImageTags } from "./lib/image.ts";
import { labelArgs, ociLabels, sourceUrl } from "./lib/labels.ts";
import { run as runChecked } from "./lib/run.ts";

/**
 * Java modules of the runtime. Derived with `jdeps --print-module-deps --ignore-missing-deps` over the
 * broker jars (kafka_2.13, kafka-clients, log4j-core, metrics-core, ...) plus what runs only when
 * configured: remote JMX (java.management.rmi, jdk.management.agent), Kerberos/JAAS login modules
 * (java.security.jgss, jdk.security.auth), DNS lookups (jdk.naming.dns), zipfs, extra charsets.
 * java.desktop is needed for java.beans (log4j-core's LoggerContext fires PropertyChangeEvents), but
 * none of its native graphics libraries are: they are left out (JLINK_OPTIONS), which also keeps X11 and
 * ALSA libraries out of the base rootfs.
 */
const JAVA_MODULES = [
  "java.base",
  "java.compiler",
  "java.desktop",
  "java.logging",
  "java.management",
  "java.management.rmi",
  "java.naming",
  "java.rmi",
  "java.scripting",
  "java.security.jgss",
  "java.security.sasl",
  "java.sql",
  "java.xml",
  "jdk.charsets",
  "jdk.crypto.ec",
  "jdk.management",
  "jdk.management.agent",
  "jdk.naming.dns",
  "jdk.security.auth",
  "jdk.unsupported",
  "jdk.zipfs",
];
const UNUSED_NATIVE_LIBRARIES = [
  "libawt_xawt.so",
  "libjawt.so",
  "libsplashscreen.so",
  "libjsound.so",
  "libfontmanager.so",
  "libfreetype.so",
  "liblcms.so",
  "libjavajpeg.so",
  "libmlib_image.so",
];
const JLINK_OPTIONS = [
  "--strip-debug",
  "--no-man-pages",
  "--no-header-files",
  "--compress=zip-6",
  // Debian trixie's jmods carry libjvm's separate debug info (libjvm.debuginfo, 700 MiB), which
  // --strip-debug leaves in place
  `--exclude-files=${[...UNUSED_NATIVE_LIBRARIES, "*.debuginfo"].map((name) => `**/${name}`).join(",")}`,
];

/** The image's Java: its JDK on this machine, and the suite root it runs in (none for a host JDK). */
type Java = { label: string; id: string; jdk: string; root?: string; noAotCache?: string };

type Inputs = {
  repo: string;
  libs: string;
  launcher: string;
  java: Java;
  version: string;
  check: boolean;
  aot: boolean;
};

const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
const work = join(repo, "build", "image");
const context = join(work, "context");

function step(message: string): void {
  console.log(`==> ${message}`);
}

function fail(problems: string[]): never {
  console.error("build-image: cannot build the image:");
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}

/** Run a command, its output streamed to ours; a failure ends the build with the command. */
function run(argv: string[], env: Record<string, string> = {}): void {
  const ran = runChecked(argv, { inherit: true, env: { ...process.env, ...env } });
  if (!ran.ok) fail([ran.message]);
}

/** Run a command and return its stdout; a failure ends the build with the command and its stderr. */
function capture(argv: string[]): string {
  const ran = runChecked(argv);
  if (!ran.ok) fail([ran.message]);
  return ran.stdout;
}

/** Docker's name for this machine's architecture (the launcher and the JDK are the host's). */
function hostArch(): string {
  return process.arch === "x64" ? "amd64" : process.arch;
}

/**
 * The Kafka version: build/kafka/kafka-version.txt (written by scripts/install-broker.sh from the one pin
 * in resources/broker/pom.xml), else read off the kafka-clients jar name (kafka-clients-4.4.0.jar → 4.4.0).
 */
function findKafkaVersion(libs: string): string | undefined {
  const pinned = join(libs, "..", "kafka-version.txt");
  if (existsSync(pinned)) return readFileSync(pinned, "utf8").trim();
  if (!existsSync(libs)) return undefined;
  for (const name of readdirSync(libs)) {
    const match = /^kafka-clients-(\d[\w.-]*)\.jar$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}

function checkInputs(argv: string[]): Inputs {
  const { values } = parseArgs({
    args: argv,
    options: {
      java: { type: "string" },
      libs: { type: "string" },
      launcher: { type: "string" },
      jdk: { type: "string" },
      tag: { type: "string" },
      "no-check": { type: "boolean", default: false },
      "no-aot": { type: "boolean", default: false },
    },
    strict: true,
  });
  const libs = resolve(values.libs ?? join(repo, "build", "kafka", "libs"));
  const launcher = resolve(values.launcher ?? join(repo, "dist", "kafka-launcher"));
  const problems: string[] = [];
  const java = chooseJava(values.java, values.jdk, problems);
  if (!existsSync(launcher)) problems.push(`no launcher at ${launcher}: run \`npm run build\` first`);
  if (!existsSync(join(libs, "kafka-native-wrapper.jar"))) {
    problems.push(`no ${join(libs, "kafka-native-wrapper.jar")}: run \`scripts/install-broker.sh\` first`);
  }
  const version = values.tag ?? findKafkaVersion(libs);
  if (!version) problems.push(`no kafka-clients-<version>.jar in ${libs}, so no tag: pass --tag VERSION`);
  // a Debian Java's root has its own busybox (scripts/install-java.ts); a host JDK takes this machine's
  if (java && !java.root && !Bun.which("busybox")) problems.push("no busybox on this machine: apt-get install busybox-static");
  if (!Bun.which("docker")) problems.push("no docker client: apt-get install docker.io");
  else if (!runChecked(["docker", "info"]).ok) {
    problems.push("the Docker engine does not answer: scripts/docker-engine.sh start");
  }
  if (problems.length > 0) fail(problems);
  return { repo, libs, launcher, java: java!, version: version!, check: !values["no-check"], aot: !values["no-aot"] };
}

/** --jdk DIR (a JDK of this machine), else the Java of --java / $KAFKA_NATIVE_JAVA, installed or not. */
function chooseJava(id: string | undefined, jdk: string | undefined, problems: string[]): Java | undefined {
  if (jdk) {
    const dir = resolve(jdk);
    if (!existsSync(join(dir, "bin", "jlink"))) problems.push(`--jdk ${dir}: no bin/jlink there`);
    return { label: `the JDK at ${dir}`, id: "host", jdk: dir };
  }
  let choice: JavaChoice;
  try {
    choice = javaChoice(id);
  } catch (e) {
    problems.push((e as Error).message);
    return undefined;
  }
  const dir = jdkDir(repo, choice);
  if (!dir) {
    problems.push(choice.kind === "debian"
      ? `${choice.label} (${choice.package}=${choice.version}) is not installed in build/java/${choice.suite}: bash scripts/setup.sh java (as root${choice.id === javaChoice().id ? "" : `, with ${JAVA_ENV}=${choice.id}`})`
      : `${choice.label}: no /usr/lib/jvm entry matches ${choice.pattern} on this machine (no registry serves it): pass --java with one of Debian's`);
    return undefined;
  }
  return choice.kind === "debian"
    ? { label: choice.label, id: choice.id, jdk: dir, root: suiteRoot(repo, choice.suite), noAotCache: choice.noAotCache }
    : { label: choice.label, id: choice.id, jdk: dir };
}

/** Where build/image is seen inside a suite's root while jlink and rootfs.sh run there. */
const IN_ROOT = "/kafka-native-build";

/** A command of the build: on this machine for a host JDK, else inside the Java's suite root with build/image bound at IN_ROOT. */
function runFor(java: Java, argv: string[]): void {
  if (!java.root) return run(argv);
  const inside = argv.map((a) => (a.startsWith(work) ? IN_ROOT + a.slice(work.length) : a.startsWith(java.root!) ? a.slice(java.root!.length) : a));
  const ran = inRoot(java.root, inside, { binds: [{ host: work, at: IN_ROOT }], inherit: true });
  if (!ran.ok) fail([`in build/java/${java.root.split("/").pop()}: ${ran.message}`]);
}

/** jlink a runtime into build/image/java, reusing the last one when JDK, modules and options match. */
function linkJavaRuntime(java: Java): string {
  const out = join(work, "java");
  const stampFile = join(work, "java.stamp");
  const release = readFileSync(join(java.jdk, "release"), "utf8");
  const stamp = JSON.stringify({ jdk: java.jdk, release, modules: JAVA_MODULES, options: JLINK_OPTIONS });
  if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
    step(`Java runtime: reusing ${out} (${java.label})`);
    return out;
  }
  step(`Java runtime: jlink ${JAVA_MODULES.length} modules from ${java.label} (${java.jdk})`);
  rmSync(out, { recursive: true, force: true });
  rmSync(stampFile, { force: true });
  mkdirSync(work, { recursive: true });
  runFor(java, [join(java.jdk, "bin", "jlink"), "--add-modules", JAVA_MODULES.join(","), ...JLINK_OPTIONS, "--output", out]);
  writeFileSync(stampFile, stamp);
  return out;
}

/**
 * The build context mirrors the repository paths the Dockerfile copies from (so docker/jvm/Dockerfile
 * and docker/native/Dockerfile name the shared files the same way), with the host-made parts under build/.
 */
function assembleContext(inputs: Inputs, java: string): void {
  const suite = inputs.java.root ? `Debian packages of build/java/${inputs.java.root.split("/").pop()}` : "Debian packages of this machine";
  step(`Build context: ${context}`);
  rmSync(context, { recursive: true, force: true });
  mkdirSync(join(context, "build", "kafka"), { recursive: true });
  mkdirSync(join(context, "dist", `linux-${hostArch()}`), { recursive: true });
  mkdirSync(join(context, "resources"), { recursive: true });
  // Hard links where possible: the jars and the runtime are most of the bytes.
  run(["cp", "-al", java, join(context, "build", "java")]);
  run(["cp", "-rL", inputs.libs, join(context, "build", "kafka", "libs")]);
  const launcher = join(context, "dist", `linux-${hostArch()}`, "kafka-launcher");
  run(["cp", "-L", inputs.launcher, launcher]);
  run(["chmod", "0755", launcher]);
  run(["cp", "-a", join(repo, "docker"), join(context, "docker")]);
  run(["cp", "-a", join(repo, "resources", "defaults"), join(context, "resources", "defaults")]);
  const fitted = fitDockerfileFile(join(context, "docker", "jvm", "Dockerfile"));
  if (fitted) step(fitted);
  step(`Base rootfs: docker/shared/rootfs.sh (busybox, bash, glibc: ${suite})`);
  runFor(inputs.java, ["bash", join(context, "docker", "shared", "rootfs.sh"), join(context, "build", "rootfs"), java, launcher]);
}

/** The commit the image is built from; `-dirty` (git describe's mark) when tracked files differ from it. */
function gitRevision(): string {
  const head = runChecked(["git", "-C", repo, "rev-parse", "HEAD"]);
  if (!head.ok) return "unknown (not a git checkout)";
  const status = runChecked(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"]);
  return `${head.stdout.trim()}${status.ok && status.stdout.trim() ? "-dirty" : ""}`;
}

function buildImage(version: string, java: Java): string[] {
  const tags = localImageTags(version);
  // The release's OCI labels (scripts/lib/labels.ts), with the JVM-backed image's title and description.
  const labels = ociLabels({ version, revision: gitRevision(), source: sourceUrl(process.env), broker: "jvm" });
  step(`docker build ${tags.join(" ")} on ${java.label} (labels: version ${version}, revision ${labels.find(([k]) => k.endsWith(".revision"))![1]})`);
  run(
    [
      "docker", "build",
      "-f", join(context, "docker", "jvm", "Dockerfile"),
      "--build-arg", `TARGETARCH=${hostArch()}`,
      ...labelArgs(labels),
      ...tags.flatMap((t) => ["-t", t]),
      context,
    ],
    // The legacy builder is part of every engine; BuildKit is not (and needs nothing from it here).
    { DOCKER_BUILDKIT: "0" },
  );
  return tags;
}

/** A few seconds that catch a broken base (missing library, no fractional sleep, wrong user). */
function checkImage(tag: string): void {
  step("Check: sh, bash, sleep 0.1, java, kafka.Kafka, user");
  const script = [
    "set -e",
    "sleep 0.1",
    "bash -c 'test \"$BASH_VERSION\"'",
    "test \"$(id -u):$(id -g)\" = 1000:0",
    "java -version 2>&1 | head -n 1",
    "kafka-launcher --help >/dev/null",
    "test -x /opt/kafka/kafka.Kafka",
    "touch /opt/kafka/config/.w /var/lib/kafka/data/.w /tmp/.w",
    "echo ok",
  ].join("\n");
  const out = capture(["docker", "run", "--rm", "--entrypoint", "/bin/sh", tag, "-c", script]);
  process.stdout.write(out.replace(/^/gm, "    "));
}

function reportImage(tag: string): void {
  const size = Number(capture(["docker", "image", "inspect", "--format", "{{.Size}}", tag]).trim());
  console.log(`\n${tag}: ${(size / 1024 / 1024).toFixed(1)} MiB`);
  const history = capture(["docker", "history", "--no-trunc", "--format", "{{.Size}}\t{{.CreatedBy}}", tag]);
  for (const line of history.trim().split("\n")) {
    const [layerSize = "", createdBy = ""] = line.split("\t");
    const what = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, "").replace(/\s+/g, " ");
    console.log(`  ${layerSize.padStart(8)}  ${what.length > 100 ? `${what.slice(0, 97)}...` : what}`);
  }
}

const inputs = checkInputs(Bun.argv.slice(2));
const java = linkJavaRuntime(inputs.java);
assembleContext(inputs, java);
const tags = buildImage(inputs.version, inputs.java);
// JDK AOT cache trained by a real format / start / produce / consume / stop run (scripts/aot-train.ts)
if (inputs.aot && inputs.java.noAotCache) step(`AOT cache: none on ${inputs.java.label}: ${inputs.java.noAotCache} (scripts/lib/java.ts)`);
else if (inputs.aot) await trainAotCache(tags);
if (inputs.check) checkImage(tags[0]!);
reportImage(tags[0]!);
