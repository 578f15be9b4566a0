// The one-node keys of the developer profile and the warnings of replication factors a cluster can never hold
// (entrypoint/core/config/replicas.ts), from literal inputs. test/oracle checks the same keys and defaults against Kafka.
import { describe, expect, test } from "bun:test";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { describeCluster, REPLICA_SETTINGS } from "../../entrypoint/core/config/replicas.ts";
import { ENV_ONLY_NODE, plan } from "./fixtures.ts";
import { TESTCONTAINERS_ENV } from "../../scripts/lib/testcontainers.ts";

const ONE_NODE_KEYS = [
  "offsets.topic.replication.factor",
  "transaction.state.log.replication.factor",
  "transaction.state.log.min.isr",
  "share.coordinator.state.topic.replication.factor",
  "share.coordinator.state.topic.min.isr",
];
const RLMM_KEYS = ["rlmm.config.remote.log.metadata.topic.replication.factor", "rlmm.config.remote.log.metadata.topic.min.isr"];

const THREE_COMBINED = { ...ENV_ONLY_NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "1@a:9093,2@b:9093,3@c:9093" };
const BROKER_ONLY = {
  KAFKA_NODE_ID: "4",
  KAFKA_PROCESS_ROLES: "broker",
  KAFKA_LISTENERS: "PLAINTEXT://:9092",
  KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://broker-4:9092",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@c1:9093",
};
const DYNAMIC = (servers: string) => {
  const { KAFKA_CONTROLLER_QUORUM_VOTERS: _, ...env } = ENV_ONLY_NODE;
  return { ...env, KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: servers };
};
const MOUNTED_ONE_NODE = "process.roles=broker,controller\nnode.id=7\ncontroller.quorum.voters=7@localhost:9093\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\nlog.dirs=/data\n";

type Row = [name: string, given: Parameters<typeof plan>[0], profileKeys: string[], warned: string[]];

// what the profile set (source `profile dev`) of the replica settings, and which settings are warned of
const ROWS: Row[] = [
  ["Testcontainers' env: the share-group state keys it does not set", { env: { ...TESTCONTAINERS_ENV } }, ["share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr"], []],
  ["env naming the structure, no replication factor", { env: ENV_ONLY_NODE }, ONE_NODE_KEYS, []],
  ["the same, LAUNCHER_PROFILE=off: Kafka's own, each replication factor warned of", { env: { ...ENV_ONLY_NODE, LAUNCHER_PROFILE: "off" } }, [], ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "share.coordinator.state.topic.replication.factor"]],
  ["a replication factor the user set wins, and is warned of", { env: { ...ENV_ONLY_NODE, KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "3" } }, ONE_NODE_KEYS.slice(1), ["offsets.topic.replication.factor"]],
  ["a min ISR the user set above 1: no warning (Kafka caps it at the replicas)", { env: { ...ENV_ONLY_NODE, KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "2", KAFKA_MIN_INSYNC_REPLICAS: "2" } }, ONE_NODE_KEYS.filter((k) => k !== "transaction.state.log.min.isr"), []],
  ["default.replication.factor above the cluster", { env: { ...ENV_ONLY_NODE, KAFKA_DEFAULT_REPLICATION_FACTOR: "2" } }, ONE_NODE_KEYS, ["default.replication.factor"]],
  ["the image defaults: their own lines of 1, nothing for the profile", {}, [], []],
  ["a mounted one-node file without replication factors", { server: MOUNTED_ONE_NODE }, ONE_NODE_KEYS, []],
  ["three combined voters: Kafka's 3 fit", { env: THREE_COMBINED }, [], []],
  ["two combined voters: 3 replicas cannot be placed", { env: { ...ENV_ONLY_NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "1@a:9093,2@b:9093" } }, [], ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "share.coordinator.state.topic.replication.factor"]],
  ["a broker-only node: its cluster's size is unknown", { env: BROKER_ONLY }, [], []],
  ["a standalone dynamic quorum of itself", { env: DYNAMIC("localhost:9093") }, ONE_NODE_KEYS, []],
  ["a dynamic quorum of three controllers", { env: DYNAMIC("a:9093,b:9093,c:9093") }, [], []],
  ["tiered storage on a cluster of one: the remote log metadata topic too", { env: { ...ENV_ONLY_NODE, KAFKA_REMOTE_LOG_STORAGE_SYSTEM_ENABLE: "true" } }, [...ONE_NODE_KEYS, ...RLMM_KEYS], []],
  [
    "tiered storage with its own prefix for the metadata manager's keys",
    { env: { ...ENV_ONLY_NODE, KAFKA_REMOTE_LOG_STORAGE_SYSTEM_ENABLE: "true", KAFKA_REMOTE_LOG_METADATA_MANAGER_IMPL_PREFIX: "rlmm." } },
    [...ONE_NODE_KEYS, "rlmm.remote.log.metadata.topic.replication.factor", "rlmm.remote.log.metadata.topic.min.isr"],
    [],
  ],
];

describe("the developer profile on a cluster of one, and replication factors a cluster cannot hold", () => {
  test.each(ROWS)("%s", (_, given, profileKeys, warned) => {
    const p = plan(given);
    const fromProfile = [...p.config.values()].filter((e) => e.source.kind === "profile" && (e.key.includes("replication.factor") || e.key.includes("min.isr")));
    expect(fromProfile.map((e) => [e.key, e.value])).toEqual(profileKeys.map((k) => [k, "1"]));
    expect(p.problems.filter((x) => x.severity === "warning").map((x) => x.subject)).toEqual(warned);
    expect(p.problems.filter((x) => x.severity === "error")).toEqual([]);
  });

  test("a warning names the key, the number, the cluster and the fix", () => {
    const [off] = plan({ env: { ...ENV_ONLY_NODE, LAUNCHER_PROFILE: "off" } }).problems;
    expect(off).toEqual({
      kind: "config",
      severity: "warning",
      subject: "offsets.topic.replication.factor",
      message:
        "offsets.topic.replication.factor is 3 (Kafka's default), but this node is a cluster of one (the only voter of controller.quorum.voters, with combined roles): __consumer_offsets can never be created, so consumer groups and offset commits fail",
      fix: "set offsets.topic.replication.factor=1 (KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1); LAUNCHER_PROFILE=dev (the default) sets it to 1 on a cluster of one",
      source: undefined,
    });
    const [two] = plan({ env: { ...ENV_ONLY_NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "1@a:9093,2@b:9093" } }).problems;
    expect([two!.message, two!.fix]).toEqual([
      "offsets.topic.replication.factor is 3 (Kafka's default), but this configuration names 2 nodes (the voters of controller.quorum.voters): until more brokers join, __consumer_offsets cannot be created, so consumer groups and offset commits fail",
      "set offsets.topic.replication.factor=2 (KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=2)",
    ]);
    const [set] = plan({ env: { ...ENV_ONLY_NODE, KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "3" } }).problems;
    expect([set!.message.split(":")[0], set!.fix, set!.source]).toEqual([
      "offsets.topic.replication.factor is 3, but this node is a cluster of one (the only voter of controller.quorum.voters, with combined roles)",
      "set offsets.topic.replication.factor=1 (KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1), or leave it unset: the developer profile sets 1 on a cluster of one",
      { kind: "env", name: "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR" },
    ]);
  });

  test.each([
    ["combined, one voter", ENV_ONLY_NODE, 1],
    ["combined, voters of other ids too", THREE_COMBINED, 3],
    ["broker only", BROKER_ONLY, undefined],
  ] as const)("the cluster a %s node describes", (_, env, nodes) => {
    expect(describeCluster(plan({ env }).node)?.nodes).toBe(nodes);
  });

  // The catalog is Kafka's own ConfigDef (scripts/gen-config-catalog.sh): a new internal topic's setting after a
  // Kafka upgrade fails here until the table has it.
  test("the table holds every replication factor and min ISR setting of Kafka's broker, and only keys it knows", () => {
    const { keys } = loadCatalog();
    const table = REPLICA_SETTINGS.map((s) => s.key);
    expect([...keys.keys()].filter((k) => /(replication\.factor|\.min\.isr)$/.test(k) && !table.includes(k))).toEqual([]);
    expect(table.filter((k) => !k.startsWith("{rlmm}") && !keys.has(k))).toEqual([]);
  });
});
