// The storage step of `run` against real parts: Kafka's own storage tool (the dispatcher behind the native
// binary contract, and the JVM runtime) refusing a configuration the launcher cannot judge, a format that fails
// for another reason, and storage dirs the broker could not write, refused before any JVM starts.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cleanup, launch, ROOT, SANDBOX_FLAGS, treeHash, type Run, type Setup } from "./launcher.ts";

const runs: Run[] = [];
afterAll(() => runs.forEach(cleanup));
const keep = (run: Run) => (runs.push(run), run);

const LIBS = join(ROOT, "build/kafka/libs");
const NODE = {
  KAFKA_NODE_ID: "1",
  KAFKA_PROCESS_ROLES: "broker,controller",
  KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
  KAFKA_LOG_DIRS: "{data}/logs",
  KAFKA_HEAP_OPTS: "-Xmx128m",
};
/** The JVM image's /opt/kafka/kafka.Kafka: the native binary contract over the real dispatcher. */
const NATIVE_CONTRACT = { LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: join(ROOT, "docker/jvm/kafka.Kafka"), LAUNCHER_JAVA: "java", LAUNCHER_CLASSPATH: `${LIBS}/*` };
const JVM = { LAUNCHER_RUNTIME: "jvm", LAUNCHER_CLASSPATH: `${LIBS}/*` };
const isRoot = process.getuid?.() === 0;

describe("Kafka's refusal of the configuration is a configuration error", () => {
  // a class Kafka must load: what it can load is the broker's class path's to say, so only Kafka can refuse it
  test.each([
    ["the native binary contract (storage-tool, then kafka)", NATIVE_CONTRACT],
    ["the JVM runtime", JVM],
  ])("%s: exit 78 with Kafka's own message, no advice about data folders", (_name, runtime) => {
    const run = keep(launch(["run", ...SANDBOX_FLAGS], { env: { ...NODE, ...runtime, KAFKA_PRINCIPAL_BUILDER_CLASS: "com.example.Missing" } }));
    expect(run.exitCode).toBe(78);
    expect(run.stderr).toContain("Class com.example.Missing could not be found");
    expect(run.stderr).not.toMatch(/data dir|storage folder|empty data/i);
    expect(existsSync(join(run.dir, "data", "logs", "meta.properties"))).toBe(false);
  }, 120_000);

  test("a format that fails for another reason: 70, and Kafka's output to read", () => {
    const tool = '#!/bin/sh\necho "java.io.IOException: No space left on device" >&2\nexit 1\n';
    const run = keep(launch(["run", ...SANDBOX_FLAGS], { env: { ...NODE, LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "{dir}/kafka.Kafka" }, executables: { "kafka.Kafka": tool } }));
    expect([run.exitCode, run.stderr.includes("No space left on device"), run.stderr.includes("fix: read Kafka's output above")]).toEqual([70, true, true]);
  });
});

describe("storage dirs the broker could not write are refused before any JVM starts", () => {
  const refused = (run: Run, detail: string) => {
    expect(run.exitCode).toBe(77);
    expect(run.stderr).toContain("is not writable");
    expect(run.stderr).toContain(detail);
    expect(run.stderr).not.toContain("Exception"); // no storage tool ran
  };
  const NO_JVM = { LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "/nonexistent/kafka.Kafka" };

  test.skipIf(!isRoot)("a folder of another owner (the launcher as uid 65534)", () => {
    // the sandbox and the final folder open to every uid; the data folder root's own (0755)
    const setup: Setup = { env: { ...NODE, ...NO_JVM, KAFKA_LOG_DIRS: "{data}/logs" }, open: true, dirs: { final: 0o777, data: 0o755, secrets: 0o755 }, wrap: true };
    const run = keep(launch(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "{launcher}", "run", ...SANDBOX_FLAGS], setup));
    refused(run, "by uid 65534: permission denied");
    expect(run.stderr).toContain("chown 65534");
  });

  test.skipIf(!isRoot)("a read-only volume", () => {
    const run = keep(launch(["unshare", "-m", "sh", "-c", 'mkdir -p "$0/ro" && mount -t tmpfs -o ro tmpfs "$0/ro" && exec "$@"', "{data}", "{launcher}", "run", ...SANDBOX_FLAGS], {
      env: { ...NODE, ...NO_JVM, KAFKA_LOG_DIRS: "{data}/ro/logs" },
      wrap: true,
    }));
    refused(run, "read-only file system");
    expect(run.stderr).toContain("no :ro");
  });
});

describe("nothing is changed in a data dir the launcher refuses", () => {
  test("storage of another cluster: the dir is byte for byte as it was", () => {
    const meta = "#\n#Tue Nov 24 22:00:00 UTC 2026\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\ndirectory.id=J8ZrRzq0QSmPnfk-wdoZsA\nnode.id=1\nversion=1\n";
    const run = keep(launch(["run", ...SANDBOX_FLAGS], { env: { ...NODE, LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "/nonexistent/kafka.Kafka", KAFKA_LOG_DIRS: "{data}/a" }, storage: { a: meta } }));
    expect(run.exitCode).toBe(65);
    expect(run.dataAfter).toBe(run.dataBefore);
    expect(treeHash(join(run.dir, "data"))).not.toBe("absent");
  });
});
