// Upstream's broker binary operations and sourced scripts, black-box: `kafka-launcher setup`, `start` and
// `shell-env`, and docker/jvm/kafka.Kafka (the JVM image's /opt/kafka/kafka.Kafka) taking options anywhere, as
// a native image does, and handing setup and start to the launcher. The real storage tool formats.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cleanup, launch, LAUNCHER, NODE_ENV, ROOT, SANDBOX_FLAGS, type Run, type Setup } from "./launcher.ts";

const runs: Run[] = [];
afterAll(() => runs.forEach(cleanup));
const keep = (run: Run) => (runs.push(run), run);

const LIBS = join(ROOT, "build/kafka/libs");
const JVM_SCRIPT = join(ROOT, "docker/jvm/kafka.Kafka");
/** The launcher and java on PATH, the broker jars as the JVM runtime's class path. */
const HOST = { PATH: `${dirname(LAUNCHER)}:${process.env.PATH}`, LAUNCHER_RUNTIME: "jvm", LAUNCHER_CLASSPATH: `${LIBS}/*`, KAFKA_HEAP_OPTS: "-Xmx128m" };
/** A java that only says how it was called: what the launcher hands the broker's JVM. */
const ARGV_JAVA = { java: '#!/bin/sh\necho "java $*"\n' };

describe("kafka-launcher setup: the launcher's start without the broker", () => {
  test("formats a new node, exits 0; a second setup skips the format and exits 0 (upstream: 'already formatted')", () => {
    const setup: Setup = { env: { ...NODE_ENV, ...HOST } };
    const first = keep(launch(["setup", ...SANDBOX_FLAGS], setup));
    expect({ exitCode: first.exitCode, stderr: first.stderr }).toMatchObject({ exitCode: 0, stderr: expect.stringContaining("formatted (new storage") });
    expect(existsSync(join(first.dir, "data/logs/meta.properties"))).toBe(true);
    expect(readFileSync(join(first.dir, "final/server.properties"), "utf8")).toContain("node.id=1\n");
    expect(first.mountedAfter).toBe(first.mountedBefore);
    const again = keep(launch(["setup", "-D", join(ROOT, "resources/defaults"), "-M", "{mounted}", "-F", `${first.dir}/final`], { env: { ...NODE_ENV, ...HOST, KAFKA_LOG_DIRS: `${first.dir}/data/logs` } }));
    expect({ exitCode: again.exitCode, skipped: again.stderr.includes("skip format: all 1 storage dir(s) already formatted") }).toEqual({ exitCode: 0, skipped: true });
  }, 120_000);

  test("a configuration Kafka refuses: the same message and exit code as the image's start, nothing formatted", () => {
    const env = { ...NODE_ENV, ...HOST, KAFKA_LOG_SEGMENT_BYTES: "7" };
    const setup = keep(launch(["setup", ...SANDBOX_FLAGS], { env }));
    const run = keep(launch(["run", ...SANDBOX_FLAGS], { env }));
    const message = (r: Run) => r.stderr.split("\n").filter((l) => l.includes("log.segment.bytes"));
    expect({ exitCode: setup.exitCode, message: message(setup), data: existsSync(join(setup.dir, "data")) }).toEqual({ exitCode: 78, message: message(run), data: false });
    expect(message(setup).length).toBeGreaterThan(0);
  });

  test("upstream's long flags and NAME=value words", () => {
    const run = keep(launch(["setup", "--default-configs-dir", join(ROOT, "resources/defaults"), "--mounted-configs-dir={mounted}", "--final-configs-dir", "{final}", "KAFKA_NUM_PARTITIONS=3"], { env: { ...NODE_ENV, ...HOST } }));
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(run.dir, "final/server.properties"), "utf8")).toContain("num.partitions=3\n");
  }, 120_000);
});

describe("kafka-launcher start --config FILE [options]", () => {
  test.each([
    [["start"], "missing --config FILE"],
    [["start", "--config"], "--config needs a file"],
    [["start", "--config", "/x/server.properties", "--override", "a=b"], 'unknown argument "--override"'],
    [["start", "-C", "/x/server.properties", "-Xlog:gc"], 'unknown argument "-Xlog:gc"'],
  ])("%j: a usage error (64) naming it", (args, said) => {
    const run = keep(launch(args, { env: HOST }));
    expect({ exitCode: run.exitCode, said: run.stderr.includes(said), stdout: run.stdout }).toEqual({ exitCode: 64, said: true, stdout: "" });
  });

  test("JVM runtime: the profile's heap and collector, then the options of the command line (they win), then the dispatcher's start; KAFKA_OPTS is the command line's to pass", () => {
    const run = keep(launch(["start", "--config=/cfg/server.properties", "-Duser.name=appuser", "-Xmx256m"], { env: { ...HOST, KAFKA_HEAP_OPTS: "", KAFKA_OPTS: "-Dfrom.env=1", LAUNCHER_JAVA: "{dir}/java" }, executables: ARGV_JAVA }));
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({
      exitCode: 0,
      stdout: `java -Xms64M -Xmx512M -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true -Duser.name=appuser -Xmx256m -cp ${LIBS}/* kafka.KafkaNativeWrapper start --config /cfg/server.properties\n`,
    });
  });

  test("native runtime: the binary gets the options and the operation as given", () => {
    const run = keep(launch(["start", "-C", "/cfg/server.properties", "-Dlog4j2.configurationFile=file:/cfg/log4j2.yaml"], { env: { LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "{dir}/kafka.Kafka" }, executables: { "kafka.Kafka": '#!/bin/sh\necho "kafka.Kafka $*"\n' } }));
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 0, stdout: "kafka.Kafka -Dlog4j2.configurationFile=file:/cfg/log4j2.yaml start --config /cfg/server.properties\n" });
  });
});

describe("kafka-launcher shell-env: what upstream's configureDefaults and configure export", () => {
  const shellEnv = (args: string[], env: Record<string, string>) => keep(launch(["shell-env", ...args, ...SANDBOX_FLAGS.slice(0, 4)], { env }));

  test.each([
    ["nothing set", ["defaults"], {}, "export CLUSTER_ID='5L6g3nShT-eMCtK--X86sw'\n"],
    ["an empty CLUSTER_ID (upstream: -z)", ["defaults"], { CLUSTER_ID: "" }, "export CLUSTER_ID='5L6g3nShT-eMCtK--X86sw'\n"],
    ["CLUSTER_ID set", ["defaults"], { CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qg" }, ""],
    ["CLUSTER_ID_FILE set (exporting CLUSTER_ID would make both)", ["defaults"], { CLUSTER_ID_FILE: "id" }, ""],
    ["the image defaults", [], { CLUSTER_ID: "x" }, "export KAFKA_JMX_OPTS=''\nexport KAFKA_OPTS=''\n"],
    [
      "listeners derived from the advertised ones, a quote in a value",
      [],
      { ...NODE_ENV, KAFKA_LISTENERS: "", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://it's:9092,CONTROLLER://c:9093", KAFKA_JMX_OPTS: "-Dx=1", KAFKA_OPTS: "" },
      "export CLUSTER_ID='5L6g3nShT-eMCtK--X86sw'\nexport KAFKA_LISTENERS='PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093'\n",
    ],
    [
      "an empty KAFKA_ADVERTISED_LISTENERS on a controller-only node",
      [],
      { ...NODE_ENV, CLUSTER_ID: "x", KAFKA_PROCESS_ROLES: "controller", KAFKA_LISTENERS: "CONTROLLER://:9093", KAFKA_ADVERTISED_LISTENERS: "", KAFKA_JMX_OPTS: "", KAFKA_OPTS: "" },
      "unset KAFKA_ADVERTISED_LISTENERS\n",
    ],
  ])("%s", (_name, args, env, stdout) => {
    const run = shellEnv(args, env as Record<string, string>);
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 0, stdout });
  });

  test("its lines, sourced by bash under set -euo pipefail, leave what later steps expand", () => {
    const script = `set -euo pipefail\neval "$("${LAUNCHER}" shell-env ${SANDBOX_FLAGS.slice(0, 4).join(" ")})"\necho "$CLUSTER_ID|$KAFKA_LISTENERS|$KAFKA_JMX_OPTS|$KAFKA_OPTS|\${KAFKA_ADVERTISED_LISTENERS-unset}"\n`;
    const run = keep(launch(["bash", "-c", script], { wrap: true, env: { ...NODE_ENV, KAFKA_LISTENERS: "", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://h:9092,CONTROLLER://h:9093" } }));
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 0, stdout: "5L6g3nShT-eMCtK--X86sw|PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093|||PLAINTEXT://h:9092,CONTROLLER://h:9093\n" });
  });
});

describe("docker/jvm/kafka.Kafka: options anywhere, as a native image takes them", () => {
  test("setup with options before and after the operation: the launcher's setup (a real format)", () => {
    const run = keep(launch([JVM_SCRIPT, "-Duser.name=appuser", "setup", ...SANDBOX_FLAGS.slice(0, 6), "-Dlog4j.configuration=file:/x"], { wrap: true, env: { ...NODE_ENV, ...HOST } }));
    expect({ exitCode: run.exitCode, formatted: existsSync(join(run.dir, "data/logs/meta.properties")) }).toEqual({ exitCode: 0, formatted: true });
  }, 120_000);

  test("start: options from both sides of the operation reach the launcher, then the JVM", () => {
    const run = keep(launch([JVM_SCRIPT, "-Duser.home=/home/appuser", "start", "--config", "/cfg/server.properties", "-Dkafka.logs.dir=/logs/", "-XX:+UseSerialGC"], { wrap: true, env: { ...HOST, LAUNCHER_JAVA: "{dir}/java" }, executables: ARGV_JAVA }));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toEndWith(`-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true -Duser.home=/home/appuser -Dkafka.logs.dir=/logs/ -XX:+UseSerialGC -cp ${LIBS}/* kafka.KafkaNativeWrapper start --config /cfg/server.properties\n`);
  });

  test("today's operations keep working, with a -D option after the operation (the real dispatcher)", () => {
    const run = keep(launch([JVM_SCRIPT, "storage-tool", "random-uuid", "-Dkafka.native.test=1"], { wrap: true, env: { ...HOST, LAUNCHER_JAVA: "java" } }));
    expect({ exitCode: run.exitCode, uuid: /^[A-Za-z0-9_-]{22}\n$/.test(run.stdout) }).toEqual({ exitCode: 0, uuid: true });
  }, 60_000);

  test("an unknown operation: the dispatcher's usage error (64), which now names setup and start", () => {
    const run = keep(launch([JVM_SCRIPT, "launch"], { wrap: true, env: { ...HOST, LAUNCHER_JAVA: "java" } }));
    expect({ exitCode: run.exitCode, said: run.stderr.includes("unknown operation 'launch' (valid operations: storage-tool, kafka, setup, start)") }).toEqual({ exitCode: 64, said: true });
  }, 60_000);
});
