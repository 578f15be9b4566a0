// A first start of the JVM runtime formats in the broker's own JVM (the dispatcher's
// `storage-tool format … --then kafka …`, resources/java/kafka/KafkaNativeWrapper.java). Kafka is the
// oracle: for every kind of node, the launcher's format, run for real (scripts/lib/java-format-only.sh
// turns the broker that follows into `kafka --version`), leaves on disk what the real storage tool,
// run alone as it was before, writes for the same configuration and flags: the same files,
// meta.properties key for key, and the bootstrap checkpoint record for record as Kafka's own reader
// decodes it (test/java/CheckpointOracle.java), except the random directory id and the time of the
// format. A format Kafka refuses stops the start with Kafka's message and the launcher's exit codes.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DEFAULTS_DIR, LIBS, ROOT, cleanup, nodeDirs, requirePrerequisites, run, runLauncher, type NodeDirs } from "./harness.ts";

requirePrerequisites();
afterAll(cleanup);

const JAVA = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin/java") : (Bun.which("java") ?? "java");
const FORMAT_ONLY = join(ROOT, "scripts/lib/java-format-only.sh");
const TIMEOUT = 120_000;
// nothing listens in these tests (the broker never starts), so the ports are only words in the config
const BROKER = 19092;
const CONTROLLER = 19093;

type Quorum = "static" | "dynamic";

function nodeEnv(roles: string, quorum: Quorum, dirs: NodeDirs, multiDir: boolean): Record<string, string> {
  const broker = roles.includes("broker");
  const controller = roles.includes("controller");
  // a controller-only node advertises nothing: its listener is its address
  const listeners = [broker && `PLAINTEXT://:${BROKER}`, controller && `CONTROLLER://${broker ? "" : "localhost"}:${CONTROLLER}`].filter(Boolean).join(",");
  const advertised = [broker && `PLAINTEXT://localhost:${BROKER}`, broker && controller && `CONTROLLER://localhost:${CONTROLLER}`].filter(Boolean).join(",");
  return {
    KAFKA_PROCESS_ROLES: roles,
    KAFKA_NODE_ID: controller ? "1" : "2",
    KAFKA_LISTENERS: listeners,
    ...(advertised ? { KAFKA_ADVERTISED_LISTENERS: advertised } : {}),
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    ...(broker ? { KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT" } : {}),
    ...(quorum === "static" ? { KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER}` } : { KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: `localhost:${CONTROLLER}` }),
    ...(multiDir ? { KAFKA_LOG_DIRS: `${dirs.data}/logs-1,${dirs.data}/logs-2`, KAFKA_METADATA_LOG_DIR: `${dirs.data}/metadata` } : { KAFKA_LOG_DIRS: `${dirs.data}/logs` }),
  };
}

/** The storage-tool arguments the launcher planned, from its exec line. */
function formatArgs(stderr: string): string[] {
  const m = /kafka\.KafkaNativeWrapper storage-tool (.*?) --then kafka /.exec(stderr);
  if (!m) throw new Error(`no one-JVM format in the launcher's exec line:\n${stderr}`);
  return m[1]!.split(" ");
}

/** Every file and folder under `data`: meta.properties without comments and directory.id, the checkpoint as Kafka decodes it. */
async function storageOnDisk(data: string, checkpoints: Map<string, string>): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const rel of readdirSync(data, { recursive: true }).map(String).sort()) {
    const path = join(data, rel);
    if (statSync(path).isDirectory()) files[rel] = "dir";
    else if (rel.endsWith("meta.properties")) files[rel] = meta(readFileSync(path, "latin1")).filter((l) => !l.startsWith("directory.id=")).join("\n");
    else if (rel.endsWith(".checkpoint")) files[rel] = checkpoints.get(join(path, ".."))!;
    else files[rel] = `unexpected file of ${statSync(path).size} bytes`;
  }
  return files;
}

const meta = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#")).sort();

/** Decodes every bootstrap checkpoint under the given roots in one JVM; directory ids become the meta.properties they belong to. */
async function decodeCheckpoints(roots: string[]): Promise<Map<string, string>> {
  const dirs = roots.flatMap((root) => readdirSync(root, { recursive: true }).map(String).filter((r) => r.endsWith("__cluster_metadata-0")).map((r) => join(root, r)));
  const out = await run([JAVA, "-cp", `${LIBS}/*`, join(ROOT, "test/java/CheckpointOracle.java"), ...dirs], { timeoutMs: TIMEOUT });
  if (out.exitCode !== 0) throw new Error(`CheckpointOracle failed: ${out.stderr}`);
  const ids = new Map<string, string>();
  for (const root of roots) {
    for (const rel of readdirSync(root, { recursive: true }).map(String).filter((r) => r.endsWith("meta.properties"))) {
      const id = /^directory\.id=(.*)$/m.exec(readFileSync(join(root, rel), "latin1"))?.[1];
      if (id) ids.set(id, `<directory.id of ${relative(root, join(root, rel, ".."))}>`);
    }
  }
  const decoded = new Map<string, string>();
  for (const section of out.stdout.split(/^== /m).filter(Boolean)) {
    const [dir, ...records] = section.trimEnd().split("\n");
    const text = records.join("\n").replace(/lastContainedLogTimestamp=\d+/g, "lastContainedLogTimestamp=<time of the format>");
    decoded.set(dir!, [...ids].reduce((t, [id, name]) => t.replaceAll(id, name), text));
  }
  return decoded;
}

const CASES: [string, Quorum, boolean, string, boolean][] = [
  ["combined", "static", false, "broker,controller", false],
  ["combined", "dynamic", true, "broker,controller", false],
  ["broker-only", "static", false, "broker", false],
  ["broker-only", "dynamic", false, "broker", false],
  ["controller-only", "static", false, "controller", false],
  ["controller-only", "dynamic", true, "controller", false],
  ["combined (two log dirs and a metadata.log.dir)", "static", false, "broker,controller", true],
];

describe("the format in the broker's JVM writes what the storage tool writes", () => {
  test.each(CASES)("%s node, %s quorum (--standalone: %p)", async (_name, quorum, standalone, roles, multiDir) => {
    // the launcher's first start, for real: format in the broker's JVM, then `kafka --version`
    const ours = nodeDirs("one-jvm");
    const launched = await runLauncher(["run", "-D", DEFAULTS_DIR, "-M", ours.mounted, "-F", ours.final, "-S", ours.secrets], { ...nodeEnv(roles, quorum, ours, multiDir), LAUNCHER_JAVA: FORMAT_ONLY, REAL_JAVA: JAVA }, TIMEOUT);
    expect({ exitCode: launched.exitCode, stderr: launched.stderr }).toEqual({ exitCode: 0, stderr: expect.stringMatching(/storage .* format in the broker's JVM before it starts \(new storage in /) });
    const args = formatArgs(launched.stderr);
    expect(args.includes("--standalone")).toBe(standalone);

    // the real storage tool, alone, on the same rendered configuration (its own dirs) and flags
    const theirs = nodeDirs("storage-tool");
    const config = writeConfig(theirs, readFileSync(join(ours.final, "server.properties"), "latin1").replaceAll(ours.data, theirs.data));
    const argsTheirs = args.map((a, i) => (args[i - 1] === "-c" ? config : a));
    const tool = await run([JAVA, `-Dlog4j2.configurationFile=${join(DEFAULTS_DIR, "tools-log4j2.yaml")}`, "-cp", `${LIBS}/*`, "kafka.tools.StorageTool", ...argsTheirs], { timeoutMs: TIMEOUT });
    expect(tool.exitCode).toBe(0);

    const checkpoints = await decodeCheckpoints([ours.data, theirs.data]);
    const mine = await storageOnDisk(ours.data, new Map([...checkpoints].map(([d, t]) => [d, t.replaceAll(ours.data, "<data>")])));
    const real = await storageOnDisk(theirs.data, new Map([...checkpoints].map(([d, t]) => [d, t.replaceAll(theirs.data, "<data>")])));
    // Kafka writes the bootstrap checkpoint on controllers only; a broker-only node gets meta.properties
    expect(Object.keys(mine).filter((f) => f.endsWith(".checkpoint")).length).toBe(roles.includes("controller") ? 1 : 0);
    expect(mine).toEqual(real);
  }, TIMEOUT);
});

function writeConfig(dirs: NodeDirs, text: string): string {
  const path = join(dirs.final, "server.properties");
  writeFileSync(path, text);
  return path;
}

describe("a format that fails stops the start: Kafka's message, the launcher's exit code, no broker", () => {
  test("Kafka refuses the configuration (a class only Kafka can load): the launcher's start exits 78", async () => {
    const dirs = nodeDirs("refused");
    const out = await runLauncher(["run", "-D", DEFAULTS_DIR, "-M", dirs.mounted, "-F", dirs.final, "-S", dirs.secrets], { KAFKA_LOG_DIRS: dirs.data, KAFKA_PRINCIPAL_BUILDER_CLASS: "com.example.Missing" }, TIMEOUT);
    expect(out.exitCode).toBe(78);
    expect(out.stderr).toContain("Class com.example.Missing could not be found");
    expect(out.stderr).toContain("KafkaNativeWrapper: storage-tool format failed (exit 78); the broker was not started");
    expect(out.stdout).not.toContain("Kafka Server started");
    expect(existsSync(join(dirs.data, "meta.properties"))).toBe(false);
  }, TIMEOUT);

  // the launcher refuses a dir it cannot write before any JVM, so the dispatcher is run directly here
  test("the log dir cannot be written (its parent is a file): the dispatcher exits 70", async () => {
    const dirs = nodeDirs("io");
    const file = join(dirs.root, "a-file");
    writeFileSync(file, "not a folder\n");
    const config = writeConfig(dirs, `process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@localhost:${CONTROLLER}\nlisteners=PLAINTEXT://:${BROKER},CONTROLLER://:${CONTROLLER}\ncontroller.listener.names=CONTROLLER\nlog.dirs=${join(file, "data")}\n`);
    const format = ["storage-tool", "format", "--cluster-id", "5L6g3nShT-eMCtK--X86sw", "-c", config];
    const out = await run([JAVA, "-cp", `${LIBS}/*`, "kafka.KafkaNativeWrapper", ...format, "--then", "kafka", config], { timeoutMs: TIMEOUT });
    expect(out.exitCode).toBe(70);
    expect(out.stderr).toContain("No available log directories to format.");
    expect(out.stderr).toContain("KafkaNativeWrapper: storage-tool format failed (exit 70); the broker was not started");
    expect(out.stdout).not.toContain("Kafka Server started");
  }, TIMEOUT);
});
