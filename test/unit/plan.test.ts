import { describe, expect, test } from "bun:test";
import { planConfig, planStorage } from "../../entrypoint/core/plan.ts";
import { ENV_ONLY_NODE, errorSubjects, FACTS, inputs, plan, values } from "./fixtures.ts";

const MOUNTED = `# my broker
process.roles=broker,controller
node.id=7
controller.quorum.voters=7@localhost:9093
listeners=PLAINTEXT://:9092,CONTROLLER://:9093
advertised.listeners=PLAINTEXT://localhost:9092
controller.listener.names=CONTROLLER
num.partitions=3
log.dirs=/var/lib/kafka/data
`;

describe("precedence (contract §3)", () => {
  test("nothing given: the image defaults", () => {
    const p = plan();
    expect(p.base).toBe("image defaults");
    expect(values(p)["node.id"]).toBe("1");
    expect(values(p)["log.dirs"]).toBe("/tmp/kraft-combined-logs");
    expect(p.problems).toEqual([]);
  });

  test("mounted file + env: env wins, every other key of the file stays", () => {
    const p = plan({ server: MOUNTED, env: { KAFKA_NUM_PARTITIONS: "5", KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false" } });
    expect(p.base).toBe("mounted file");
    expect(values(p)).toMatchObject({ "node.id": "7", "num.partitions": "5", "log.dirs": "/var/lib/kafka/data", "auto.create.topics.enable": "false" });
    // not the image defaults' line: the developer profile's, for a cluster of one (replicas.ts)
    expect(p.config.get("offsets.topic.replication.factor")!.source).toEqual({ kind: "profile", name: "dev" });
    expect(p.config.get("num.partitions")!.source).toEqual({ kind: "env", name: "KAFKA_NUM_PARTITIONS" });
    expect(p.config.get("node.id")!.source).toEqual({ kind: "file", path: "/mnt/shared/config/server.properties", line: 3 });
  });

  test("env only with structural keys: no defaults", () => {
    const p = plan({ env: ENV_ONLY_NODE });
    expect(p.base).toBe("environment only");
    expect(values(p)["log.dirs"]).toBeUndefined();
    expect(errorSubjects(p)).toEqual([]);
  });

  test("env without structural keys: defaults stay under the overrides (upstream wipes them)", () => {
    const p = plan({ env: { KAFKA_NUM_NETWORK_THREADS: "4" } });
    expect(p.base).toBe("image defaults");
    expect(values(p)).toMatchObject({ "num.network.threads": "4", "node.id": "1", "process.roles": "broker,controller" });
  });

  test.each([[""], ["   \n\n"], ["# only a comment\n! and another\n"]])("an empty mounted file %j counts as no file, with a warning", (text) => {
    const p = plan({ server: text, env: { KAFKA_NUM_PARTITIONS: "2" } });
    expect(p.base).toBe("image defaults");
    expect(p.problems.map((x) => [x.severity, x.subject])).toEqual([["warning", "/mnt/shared/config/server.properties"]]);
  });

  test("a key twice in the mounted file: the last wins, with a warning naming both lines", () => {
    const p = plan({ server: MOUNTED + "num.partitions=9\n" });
    expect(values(p)["num.partitions"]).toBe("9");
    expect(p.problems[0]!.message).toContain("lines 8 and 10");
  });

  test("listeners derived from advertised.listeners with hosts bound to 0.0.0.0", () => {
    const { KAFKA_LISTENERS: _, ...env } = ENV_ONLY_NODE;
    const p = plan({ env: { ...env, KAFKA_PROCESS_ROLES: "broker", KAFKA_CONTROLLER_QUORUM_VOTERS: "2@c:9093", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://kafka:9092,SSLX://[::1]:9094", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "PLAINTEXT:PLAINTEXT,SSLX:PLAINTEXT,CONTROLLER:PLAINTEXT" } });
    expect(values(p)["listeners"]).toBe("PLAINTEXT://0.0.0.0:9092,SSLX://0.0.0.0:9094");
    expect(p.config.get("listeners")!.source).toEqual({ kind: "derived", from: "advertised.listeners" });
  });

  test("output order: base order, overrides in place, new keys after", () => {
    const p = plan({ server: MOUNTED, env: { KAFKA_B_NEW: "1", KAFKA_A_NEW: "2", KAFKA_NODE_ID: "7", LAUNCHER_PROFILE: "off" } });
    const keys = [...p.config.keys()];
    expect(keys.slice(0, 2)).toEqual(["process.roles", "node.id"]);
    expect(keys.slice(-2)).toEqual(["a.new", "b.new"]);
  });
});

describe("developer profile", () => {
  test("its keys sit under everything else and show their source", () => {
    expect(plan().config.get("group.initial.rebalance.delay.ms")).toMatchObject({ value: "0", source: { kind: "profile", name: "dev" } });
    expect(plan({ env: { KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "3000" } }).config.get("group.initial.rebalance.delay.ms")!.value).toBe("3000");
    expect(plan({ server: MOUNTED.replace("num.partitions=3", "group.initial.rebalance.delay.ms=10") }).config.get("group.initial.rebalance.delay.ms")!.value).toBe("10");
  });
  test("LAUNCHER_PROFILE=off turns it off", () => {
    const config = plan({ env: { LAUNCHER_PROFILE: "off" } }).config;
    expect([config.has("group.initial.rebalance.delay.ms"), config.has("log.cleaner.dedupe.buffer.size")]).toEqual([false, false]);
  });
  // Kafka refuses a dedupe buffer of 1 MiB or less per cleaner thread; the profile's scales with them
  test.each([
    [{}, "4194304"],
    [{ KAFKA_LOG_CLEANER_THREADS: "1" }, "4194304"],
    [{ KAFKA_LOG_CLEANER_THREADS: " 3 " }, "12582912"],
    [{ KAFKA_LOG_CLEANER_THREADS: "many" }, "4194304"],
    [{ KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: "134217728" }, "134217728"],
  ])("log cleaner dedupe buffer with %j: %s", (env, bytes) => {
    expect(plan({ env }).config.get("log.cleaner.dedupe.buffer.size")!.value).toBe(bytes);
  });
});

describe("runtime argv (contract §7)", () => {
  test("JVM: options in kafka-run-class.sh order, dispatcher main class, kafka <config>", () => {
    const p = plan({ env: { KAFKA_HEAP_OPTS: "-Xmx512m  -Xms512m", KAFKA_OPTS: "-Da=1 -Db=2", LAUNCHER_JAVA: "/opt/java/bin/java", LAUNCHER_PROFILE: "off" } });
    expect(p.broker.argv).toEqual([
      "/opt/java/bin/java", "-Xmx512m", "-Xms512m",
      "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
      "-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml",
      "-cp", "/opt/kafka/libs/*", "-Da=1", "-Db=2",
      "kafka.KafkaNativeWrapper", "kafka", "/opt/kafka/config/server.properties",
    ]);
  });
  test("native: the binary with -D and heap options, then the operation", () => {
    const p = plan({ env: { LAUNCHER_RUNTIME: "native", KAFKA_HEAP_OPTS: "-Xmx256m", KAFKA_OPTS: "-Djava.security.auth.login.config=/j -XX:+Foo", KAFKA_JMX_PORT: "9101", KAFKA_JMX_HOSTNAME: "h" } });
    expect(p.broker.argv).toEqual([
      "/opt/kafka/kafka.Kafka", "-Xmx256m", "-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml",
      "-Dcom.sun.management.jmxremote", "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
      "-Dcom.sun.management.jmxremote.port=9101", "-Dcom.sun.management.jmxremote.rmi.port=9101", "-Djava.rmi.server.hostname=h",
      "-Djava.security.auth.login.config=/j", "kafka", "/opt/kafka/config/server.properties",
    ]);
  });
  test("dev profile (default): its JVM options unless KAFKA_*_OPTS say otherwise; off restores upstream's", () => {
    const dev = plan().broker.argv;
    expect(dev).toContain("-XX:+UseSerialGC");
    expect(dev).toContain("-XX:TieredStopAtLevel=1");
    expect(plan({ env: { KAFKA_JVM_PERFORMANCE_OPTS: "-XX:+UseZGC" } }).broker.argv).not.toContain("-XX:+UseSerialGC");
    expect(plan({ env: { LAUNCHER_PROFILE: "off" } }).broker.argv).toContain("-XX:+UseG1GC");
  });
  test("the broker gets the launcher's whole environment", () => {
    expect(plan({ env: { FOO: "bar" } }).broker.env.FOO).toBe("bar");
  });
});

describe("how a first start formats (contract §6, §7)", () => {
  const EMPTY = [{ dir: "/tmp/kraft-combined-logs", meta: { kind: "absent" as const }, access: { ok: true as const } }];
  const FORMAT = ["storage-tool", "format", "--cluster-id", "5L6g3nShT-eMCtK--X86sw", "-c", "/opt/kafka/config/server.properties"];

  test("JVM: the broker's own command, the format chained before its operation (one JVM)", () => {
    const p = plan();
    const s = planStorage(p, EMPTY);
    const op = p.broker.argv.lastIndexOf("kafka");
    expect(s.action === "format" && { inBroker: s.inBroker, argv: s.command.argv }).toEqual({
      inBroker: true,
      argv: [...p.broker.argv.slice(0, op), ...FORMAT, "--then", "kafka", "/opt/kafka/config/server.properties"],
    });
  });
  test("native: the binary contract's storage-tool as a process of its own, before the broker", () => {
    const s = planStorage(plan({ env: { LAUNCHER_RUNTIME: "native" } }), EMPTY);
    expect(s.action === "format" && { inBroker: s.inBroker, argv: s.command.argv }).toEqual({
      inBroker: false,
      argv: ["/opt/kafka/kafka.Kafka", "-Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.yaml", ...FORMAT],
    });
  });
  test("a formatted dir: no format at all, on either runtime", () => {
    const meta = "version=1\ncluster.id=5L6g3nShT-eMCtK--X86sw\nnode.id=1\ndirectory.id=2Gq9aVZ6RjCsmaAsXy3CXw\n";
    const formatted = [{ dir: "/tmp/kraft-combined-logs", meta: { kind: "present" as const, text: meta }, access: { ok: true as const } }];
    expect([plan(), plan({ env: { LAUNCHER_RUNTIME: "native" } })].map((p) => planStorage(p, formatted).action)).toEqual(["skip", "skip"]);
  });
});

describe("JDK AOT cache in the plan", () => {
  const facts = (javaFeature: number) => ({ ...FACTS, aot: { cache: "/opt/kafka/kafka.aot", present: true, javaFeature } });
  test("JDK 25: broker and format both get -XX:AOTCache, right after java", () => {
    const p = planConfig(inputs(), facts(25));
    expect(p.broker.argv.slice(0, 2)).toEqual(["java", "-XX:AOTCache=/opt/kafka/kafka.aot"]);
    const s = planStorage(p, [{ dir: "/tmp/kraft-combined-logs", meta: { kind: "absent" } }]);
    expect(s.action === "format" && s.command.argv[1]).toBe("-XX:AOTCache=/opt/kafka/kafka.aot");
  });
  test("JDK 17: nothing", () => {
    expect(planConfig(inputs(), facts(17)).broker.argv.join(" ")).not.toContain("AOTCache");
  });
});
