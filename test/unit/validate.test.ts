// entrypoint/core/kafka/validate.ts: each value against its ConfigDef check, and KafkaConfig's cross-key rules for KRaft
// nodes, one literal configuration per rule (test/oracle checks the same verdicts against Kafka itself).
import { describe, expect, test } from "bun:test";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { RELATIONS } from "../../entrypoint/core/kafka/validate.ts";
import { ENV_ONLY_NODE, errorSubjects, plan } from "./fixtures.ts";

const MOUNTED = "process.roles=broker,controller\nnode.id=7\ncontroller.quorum.voters=7@localhost:9093\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n";
const NODE = { ...ENV_ONLY_NODE, KAFKA_LOG_DIRS: "/var/lib/kafka/data" };
const BROKER = { ...NODE, KAFKA_PROCESS_ROLES: "broker", KAFKA_NODE_ID: "4", KAFKA_LISTENERS: "PLAINTEXT://:9092", KAFKA_CONTROLLER_QUORUM_VOTERS: "1@c:9093" };
const CONTROLLER = { ...NODE, KAFKA_PROCESS_ROLES: "controller", KAFKA_LISTENERS: "CONTROLLER://:9093", KAFKA_ADVERTISED_LISTENERS: "" };

describe("the broker's own config catalog", () => {
  test.each([
    ["KAFKA_ADVERTISED_LISTENER", "advertised.listeners"],
    ["KAFKA_NUM_PARTITONS", "num.partitions"],
    ["KAFKA_URL", "advertised.listeners"],
    ["KAFKA_LOG_DIR_S", "log.dirs"],
  ])("%s warns with a did-you-mean %s", (name, guess) => {
    const p = plan({ env: { [name]: "x" } });
    expect(p.problems.map((x) => x.severity)).toEqual(["warning"]);
    expect(p.problems[0]!.fix).toContain(guess);
  });
  test("cluster.id in a file says CLUSTER_ID", () => {
    const p = plan({ server: MOUNTED + "cluster.id=abc\n" });
    expect(p.problems[0]!.fix).toContain("CLUSTER_ID");
  });
  test("LAUNCHER_STRICT=1 makes unknown keys errors; prefixed families are known", () => {
    expect(errorSubjects(plan({ env: { KAFKA_URL: "x", LAUNCHER_STRICT: "1" } }))).toEqual(["url"]);
    expect(plan({ env: { KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG: "x", LAUNCHER_STRICT: "1" } }).problems).toEqual([]);
  });
  test.each([
    ["KAFKA_NUM_PARTITIONS", "three"],
    ["KAFKA_NUM_PARTITIONS", "99999999999"],
    ["KAFKA_LOG_RETENTION_MS", ""],
    ["KAFKA_AUTO_CREATE_TOPICS_ENABLE", "yes"],
    ["KAFKA_LOG_CLEANER_MIN_CLEANABLE_RATIO", "half"],
  ])("%s=%j is refused as Kafka's ConfigDef would", (name, value) => {
    expect(plan({ env: { [name]: value } }).problems.filter((x) => x.severity === "error")).toHaveLength(1);
  });
  test.each([["KAFKA_NUM_PARTITIONS", " 3 "], ["KAFKA_AUTO_CREATE_TOPICS_ENABLE", "FALSE"], ["KAFKA_LOG_RETENTION_MS", "-1"]])("%s=%j is fine", (name, value) => {
    expect(plan({ env: { [name]: value } }).problems).toEqual([]);
  });
});

describe("KafkaConfig's rules, one case each", () => {
  test.each([
    ["a complete combined node", NODE, []],
    ["a broker-only node", BROKER, []],
    ["a controller-only node", CONTROLLER, []],
    ["node.id missing", { ...NODE, KAFKA_NODE_ID: undefined }, ["node.id"]],
    ["node.id from broker.id", { ...NODE, KAFKA_NODE_ID: undefined, KAFKA_BROKER_ID: "1" }, []],
    ["node.id and broker.id differ", { ...NODE, KAFKA_BROKER_ID: "2" }, ["broker.id"]],
    ["process.roles with an unknown role", { ...NODE, KAFKA_PROCESS_ROLES: "broker,zookeeper" }, ["process.roles"]],
    ["process.roles with a role twice (Kafka drops the duplicate)", { ...NODE, KAFKA_PROCESS_ROLES: "broker,broker,controller" }, []],
    ["a trailing comma in listeners (dropped with a warning: lenient.ts)", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093," }, []],
    ["an empty entry in controller.listener.names (not dropped: only the listener lists are)", { ...NODE, KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER," }, ["controller.listener.names"]],
    ["a listener that does not parse", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT:9092,CONTROLLER://:9093" }, ["listeners"]],
    ["a listener name twice", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,PLAINTEXT://:9094,CONTROLLER://:9093" }, ["listeners"]],
    ["a port twice", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9092" }, ["listeners"]],
    ["one port for an IPv4 and an IPv6 listener", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://127.0.0.1:9092,INTERNAL://[::1]:9092,CONTROLLER://:9093", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT" }, []],
    ["a listener the map does not know", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:9094" }, ["listener.security.protocol.map"]],
    ["a map entry without a protocol", { ...NODE, KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER,PLAINTEXT:PLAINTEXT" }, ["listener.security.protocol.map", "listener.security.protocol.map"]],
    ["advertising 0.0.0.0", { ...NODE, KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://0.0.0.0:9092" }, ["advertised.listeners"]],
    ["listening on 0.0.0.0 with nothing advertised (brokers advertise their listeners)", { ...NODE, KAFKA_ADVERTISED_LISTENERS: undefined, KAFKA_LISTENERS: "PLAINTEXT://0.0.0.0:9092,CONTROLLER://:9093" }, ["listeners"]],
    ["advertising a listener not in listeners", { ...NODE, KAFKA_ADVERTISED_LISTENERS: "OTHER://localhost:9099", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT" }, ["inter.broker.listener.name", "advertised.listeners"]],
    ["the inter-broker listener not advertised", { ...NODE, KAFKA_INTER_BROKER_LISTENER_NAME: "CONTROLLER" }, ["inter.broker.listener.name"]],
    ["inter.broker.listener.name and security.inter.broker.protocol", { ...NODE, KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT", KAFKA_SECURITY_INTER_BROKER_PROTOCOL: "PLAINTEXT" }, ["inter.broker.listener.name"]],
    ["inter.broker.listener.name = the controller listener on a controller", { ...CONTROLLER, KAFKA_INTER_BROKER_LISTENER_NAME: "CONTROLLER" }, ["inter.broker.listener.name"]],
    ["controller.listener.names not among a controller's listeners", { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092" }, ["controller.listener.names"]],
    ["controller.listener.names in lower case (names compare exactly)", { ...NODE, KAFKA_CONTROLLER_LISTENER_NAMES: "controller" }, ["controller.listener.names"]],
    ["a controller-only node with a broker listener", { ...CONTROLLER, KAFKA_LISTENERS: "CONTROLLER://:9093,PLAINTEXT://:9092" }, ["listeners"]],
    ["a broker-only node with the controller listener", { ...BROKER, KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093" }, ["listeners"]],
    ["a broker-only node that is a voter", { ...BROKER, KAFKA_CONTROLLER_QUORUM_VOTERS: "4@localhost:9093" }, ["controller.quorum.voters"]],
    ["a broker-only node joining the quorum", { ...BROKER, KAFKA_CONTROLLER_QUORUM_AUTO_JOIN_ENABLE: "true" }, ["controller.quorum.auto.join.enable"]],
    ["voters without this controller", { ...NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "2@localhost:9093" }, ["controller.quorum.voters"]],
    ["no voters and no bootstrap servers", { ...NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "" }, ["controller.quorum.voters"]],
    ["bootstrap servers only (dynamic quorum)", { ...NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: undefined, KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: "localhost:9093" }, []],
    ["a voter port above 65535", { ...NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:99999" }, ["controller.quorum.voters"]],
    ["an empty log.dirs", { ...NODE, KAFKA_LOG_DIRS: "" }, ["log.dirs"]],
    ["cordoned.log.dirs outside log.dirs", { ...NODE, KAFKA_CORDONED_LOG_DIRS: "/elsewhere" }, ["cordoned.log.dirs"]],
    ["a dedupe buffer of 1 MiB per cleaner thread", { ...NODE, KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE: "2097152", KAFKA_LOG_CLEANER_THREADS: "2" }, ["log.cleaner.dedupe.buffer.size"]],
    ["log.roll.ms=0", { ...NODE, KAFKA_LOG_ROLL_MS: "0" }, ["log.roll.ms"]],
    ["a retention of 0 ms", { ...NODE, KAFKA_LOG_RETENTION_MINUTES: "0" }, ["log.retention.minutes"]],
    ["queued.max.request.bytes below socket.request.max.bytes", { ...NODE, KAFKA_QUEUED_MAX_REQUEST_BYTES: "1000" }, ["queued.max.request.bytes"]],
    ["max.connections.per.ip=0 without overrides", { ...NODE, KAFKA_MAX_CONNECTIONS_PER_IP: "0" }, ["max.connections.per.ip"]],
    ["a failed-login delay as long as idle connections live", { ...NODE, KAFKA_CONNECTION_FAILED_AUTHENTICATION_DELAY_MS: "600000" }, ["connection.failed.authentication.delay.ms"]],
    ["the classic group protocol turned off", { ...NODE, KAFKA_GROUP_COORDINATOR_REBALANCE_PROTOCOLS: "consumer" }, ["group.coordinator.rebalance.protocols"]],
    ["early.start.listeners naming no listener", { ...NODE, KAFKA_EARLY_START_LISTENERS: "OTHER" }, ["early.start.listeners"]],
    ["a SASL mechanism between brokers that is not enabled", { ...NODE, KAFKA_LISTENERS: "SASL_PLAINTEXT://:9092,CONTROLLER://:9093", KAFKA_ADVERTISED_LISTENERS: "SASL_PLAINTEXT://localhost:9092", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT", KAFKA_INTER_BROKER_LISTENER_NAME: "SASL_PLAINTEXT", KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN", KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "SCRAM-SHA-256", KAFKA_SASL_JAAS_CONFIG: "x required;" }, ["sasl.mechanism.inter.broker.protocol"]],
    ["two keys Kafka compares (GroupCoordinatorConfig)", { ...NODE, KAFKA_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS: "45000" }, ["group.consumer.heartbeat.interval.ms"]],
    ["two keys Kafka compares (ShareGroupConfig)", { ...NODE, KAFKA_GROUP_SHARE_MAX_SHARE_SESSIONS: "1" }, ["group.share.max.share.sessions"]],
  ] as [string, Record<string, string | undefined>, string[]][])("%s", (_name, env, subjects) => {
    const given = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    expect(errorSubjects(plan({ env: given }))).toEqual(subjects);
  });

  test("every key the compared pairs name is a key Kafka knows", () => {
    const keys = loadCatalog().keys;
    expect(RELATIONS.flatMap(([a, , b]) => [a, b]).filter((k) => !keys.has(k))).toEqual([]);
  });

  test("a value from a secret file is masked where a problem quotes it", () => {
    const { KAFKA_NODE_ID: _, ...withoutId } = NODE;
    const p = plan({ env: { ...withoutId, KAFKA_NODE_ID_FILE: "id" }, secrets: { id: "not-a-number" } });
    expect(p.problems.map((x) => x.message)).toEqual(['node.id is ******, which is not a whole number']);
  });
});
