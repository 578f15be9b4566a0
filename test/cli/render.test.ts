// The compiled launcher end to end, short of a real broker (test/broker has those): what it
// renders, as java.util.Properties reads it; what explain shows; --help/--version; the execve.
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, launch, SANDBOX_FLAGS, type Run } from "./launcher.ts";

const runs: Run[] = [];
afterAll(() => runs.forEach(cleanup));
const keep = (run: Run) => (runs.push(run), run);

/** What the real java.util.Properties reads from a file (the oracle of test/java). */
function javaReads(file: string): Record<string, string> {
  const proc = Bun.spawnSync(["java", join(import.meta.dir, "../java/PropertiesOracle.java"), file]);
  const line = JSON.parse(proc.stdout.toString().trim()) as { entries?: [string, string][]; error?: string };
  if (!line.entries) throw new Error(`Java could not read ${file}: ${line.error}`);
  return Object.fromEntries(line.entries);
}

const MOUNTED = [
  "# user's broker",
  "process.roles = broker,controller",
  "node.id: 1",
  "controller.quorum.voters 1@localhost:9093",
  "listeners=PLAINTEXT://:9092,\\",
  "          CONTROLLER://:9093",
  "controller.listener.names=CONTROLLER",
  "advertised.listeners=PLAINTEXT://localhost:9092",
  "num.partitions=3",
  "listener.name.plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\",
  '    username="admin" \\',
  '    password="adm\\u00efn-s3cret";',
  "",
].join("\n");

describe("render", () => {
  test("mounted file + env: Java reads exactly the intended keys and values", () => {
    const run = keep(
      launch(["render", ...SANDBOX_FLAGS], {
        mounted: { "server.properties": MOUNTED },
        env: {
          KAFKA_NUM_PARTITIONS: "5",
          KAFKA_LOG_DIRS: "/var/lib/kafka/data",
          KAFKA_BROKER_RACK: "",
          KAFKA_SOME___ODD__KEY: "  value with = and : and \\ and # and é ",
          KAFKA_SASL_JAAS_CONFIG_FILE: "jaas.txt",
        },
        secrets: { "jaas.txt": 'x required username="a" password="b";\n' },
      }),
    );
    expect(run.exitCode).toBe(0);
    expect(run.mountedAfter).toBe(run.mountedBefore);
    expect(javaReads(join(run.dir, "final/server.properties"))).toEqual({
      "process.roles": "broker,controller",
      "node.id": "1",
      "controller.quorum.voters": "1@localhost:9093",
      listeners: "PLAINTEXT://:9092,CONTROLLER://:9093",
      "controller.listener.names": "CONTROLLER",
      "advertised.listeners": "PLAINTEXT://localhost:9092",
      "num.partitions": "5",
      "listener.name.plaintext.plain.sasl.jaas.config": 'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admïn-s3cret";',
      "log.dirs": "/var/lib/kafka/data",
      "broker.rack": "",
      "some-odd_key": "  value with = and : and \\ and # and é ",
      "sasl.jaas.config": 'x required username="a" password="b";',
      "group.initial.rebalance.delay.ms": "0",
      "log.cleaner.dedupe.buffer.size": "4194304",
      "offsets.topic.num.partitions": "1",
      "metadata.max.idle.interval.ms": "0",
      "num.io.threads": "2",
      "num.network.threads": "1",
      "group.coordinator.threads": "1",
      "background.threads": "2",
      // a cluster of one: the profile's internal-topic settings
      "offsets.topic.replication.factor": "1",
      "transaction.state.log.replication.factor": "1",
      "transaction.state.log.min.isr": "1",
      "share.coordinator.state.topic.replication.factor": "1",
      "share.coordinator.state.topic.min.isr": "1",
    });
  });

  test("defaults only: Java reads the contract's default node", () => {
    const run = keep(launch(["render", ...SANDBOX_FLAGS]));
    const props = javaReads(join(run.dir, "final/server.properties"));
    expect(props).toMatchObject({
      "process.roles": "broker,controller",
      "node.id": "1",
      "controller.quorum.voters": "1@localhost:9093",
      listeners: "PLAINTEXT://:9092,CONTROLLER://:9093",
      "advertised.listeners": "PLAINTEXT://localhost:9092",
      "log.dirs": "/tmp/kraft-combined-logs",
    });
    expect(readFileSync(join(run.dir, "final/log4j2.yaml"), "utf8")).toBe(readFileSync(join(import.meta.dir, "../../resources/defaults/log4j2.yaml"), "utf8"));
  });

  test("render writes the three files and nothing else, and prints one line per step", () => {
    const run = keep(launch(["render", ...SANDBOX_FLAGS], { env: { KAFKA_LOG4J_ROOT_LOGLEVEL: "DEBUG" } }));
    const final = join(run.dir, "final");
    expect(Bun.spawnSync(["ls", final]).stdout.toString().split("\n").filter(Boolean)).toEqual(["log4j2.yaml", "server.properties", "tools-log4j2.yaml"]);
    expect(run.stderr).toMatch(/^kafka-launcher: plan +[\d.]+ ms +\d+ keys .*\nkafka-launcher: render +[\d.]+ ms /);
    expect(readFileSync(join(final, "log4j2.yaml"), "utf8")).toContain("level: DEBUG");
  });
});

describe("explain", () => {
  const env = { KAFKA_SSL_KEYSTORE_PASSWORD: "hunter2-store", KAFKA_SASL_JAAS_CONFIG_FILE: "jaas", KAFKA_NUM_PARTITIONS: "4", KAFKA_BOGUS___KEY: "x" };
  const secrets = { jaas: "x required password=hunter2-jaas;" };

  test("text: every key, its source, secrets masked", () => {
    const run = keep(launch(["explain", ...SANDBOX_FLAGS], { env, secrets }));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^num\.partitions +4 +# env KAFKA_NUM_PARTITIONS$/m);
    expect(run.stdout).toMatch(/^node\.id +1 +# default .*server\.properties:4$/m);
    expect(run.stdout).toMatch(/^ssl\.keystore\.password +\*{6} +# env KAFKA_SSL_KEYSTORE_PASSWORD$/m);
    expect(run.stdout).toMatch(/^sasl\.jaas\.config +\*{6} +# secret .*\/jaas \(KAFKA_SASL_JAAS_CONFIG_FILE\)$/m);
    expect(run.stdout + run.stderr).not.toContain("hunter2");
  });

  test("--json: the same as data", () => {
    const run = keep(launch(["explain", "--json", ...SANDBOX_FLAGS], { env, secrets }));
    const doc = JSON.parse(run.stdout);
    expect(doc.base).toBe("image defaults");
    expect(doc.keys.find((k: { key: string }) => k.key === "ssl.keystore.password")).toEqual({ key: "ssl.keystore.password", value: "******", source: "env KAFKA_SSL_KEYSTORE_PASSWORD" });
    expect(run.stdout).not.toContain("hunter2");
  });
});

describe("command line", () => {
  test("--help lists every variable and path the launcher reads", () => {
    const run = keep(launch(["--help"]));
    expect(run.exitCode).toBe(0);
    for (const word of [
      "KAFKA_SSL_KEYSTORE_FILENAME", "KAFKA_SSL_TRUSTSTORE_CREDENTIALS", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_HEAP_OPTS",
      "KAFKA_JMX_PORT", "CLUSTER_ID", "_FILE", "LAUNCHER_RUNTIME", "LAUNCHER_BROKER_BINARY", "LAUNCHER_JAVA", "LAUNCHER_CLASSPATH",
      "LAUNCHER_MAIN_CLASS", "LAUNCHER_SECRETS_DIR", "LAUNCHER_STRICT", "LAUNCHER_PROFILE", "LAUNCHER_AOT_CACHE", "/etc/kafka/docker", "/mnt/shared/config", "/opt/kafka/config",
      "/etc/kafka/secrets", "/opt/kafka/kafka.Kafka", "render", "explain", "health",
    ])
      expect(run.stdout).toContain(word);
  });

  test("--version names the launcher and Kafka versions", () => {
    const run = keep(launch(["--version"]));
    const pom = readFileSync(join(import.meta.dir, "../../resources/broker/pom.xml"), "utf8");
    const kafka = /<kafka\.version>([^<]+)</.exec(pom)![1];
    expect(run.stdout.trim()).toBe(`kafka-launcher 0.1.0 (Apache Kafka ${kafka})`);
  });

  test("another program as first argument is executed instead, in the same process", () => {
    const run = keep(launch(["sh", "-c", 'echo "$$ $GREETING"'], { env: { GREETING: "hi" } }));
    expect({ stdout: run.stdout, exitCode: run.exitCode }).toEqual({ stdout: `${run.pid} hi\n`, exitCode: 0 });
  });

  // Bun's compiled programs load .env and bunfig.toml from the working directory unless built not to
  test("a .env or bunfig.toml in the working directory changes nothing", () => {
    const files = { ".env": "KAFKA_NUM_PARTITIONS=7\nLAUNCHER_PROFILE=off\n", "bunfig.toml": 'preload = ["./nope.ts"]\n' };
    const run = keep(launch(["explain", ...SANDBOX_FLAGS], { files }));
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(run.stdout).toMatch(/^num\.partitions +1 +# default /m);
    expect(run.stdout).toMatch(/^group\.initial\.rebalance\.delay\.ms +0 +# profile dev$/m);
  });

  test("explain shows each broker key of the developer profile as `profile dev`; env wins over a term; LAUNCHER_PROFILE=off has none", () => {
    const run = keep(launch(["explain", ...SANDBOX_FLAGS, "KAFKA_NUM_IO_THREADS=8"]));
    const terms = run.stdout.split("\n").filter((l) => l.endsWith("# profile dev")).map((l) => l.replace(/ +# profile dev$/, "").split(/ +/).join("="));
    expect(terms).toEqual([
      "group.initial.rebalance.delay.ms=0",
      "log.cleaner.dedupe.buffer.size=4194304",
      "offsets.topic.num.partitions=1",
      "metadata.max.idle.interval.ms=0",
      "num.network.threads=1",
      "group.coordinator.threads=1",
      "background.threads=2",
    ]);
    expect(run.stdout).toMatch(/^num\.io\.threads +8 +# env KAFKA_NUM_IO_THREADS$/m);
    const off = keep(launch(["explain", ...SANDBOX_FLAGS, "LAUNCHER_PROFILE=off"]));
    expect(off.stdout).not.toContain("# profile dev");
  });

  test("NAME=value arguments are env", () => {
    const run = keep(launch(["explain", ...SANDBOX_FLAGS, "KAFKA_NUM_PARTITIONS=7"]));
    expect(run.stdout).toMatch(/^num\.partitions +7 +# env KAFKA_NUM_PARTITIONS$/m);
  });
});

describe("run hands over with execve", () => {
  test("the broker runs as the launcher's PID, with the contract's argv and the whole env", () => {
    // Storage already formatted, so the only process the launcher starts is the broker itself;
    // the "broker" here is a script that prints what it was given (test/broker runs the real one).
    const run = keep(
      launch(["run", ...SANDBOX_FLAGS], {
        env: { LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "{dir}/broker.sh", KAFKA_LOG_DIRS: "{data}/a", MARK: "m1" },
        storage: { a: "cluster.id=5L6g3nShT-eMCtK--X86sw\nnode.id=1\nversion=1\n" },
        executables: { "broker.sh": '#!/bin/sh\necho "pid=$$ mark=$MARK args=$*"\n' },
      }),
    );
    const final = join(run.dir, "final");
    expect({ stdout: run.stdout, exitCode: run.exitCode }).toEqual({
      stdout: `pid=${run.pid} mark=m1 args=-Dlog4j2.configurationFile=${final}/log4j2.yaml kafka ${final}/server.properties\n`,
      exitCode: 0,
    });
    expect(run.stderr).toContain("skip format");
  });
});
