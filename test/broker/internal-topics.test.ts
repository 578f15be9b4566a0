// A one-node broker configured the way a project generator's compose file does it: the node's structure in env
// (id, roles, listeners, quorum, group delay), no replication factor, no CLUSTER_ID. Such env drops the image
// defaults (it names structural keys), so Kafka's own replication factors (3) apply on a cluster of one. With the
// developer profile the launcher sets the internal topics' replication factors and min ISRs to 1: consumer
// groups and transactions work. With LAUNCHER_PROFILE=off it warns, key by key, and the broker shows why: it
// cannot create __consumer_offsets. kafkajs is the client (groups, transactions, read_committed).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  cleanup,
  DEFAULTS_DIR,
  kafkajs,
  launch,
  nodeDirs,
  Partitioners,
  requirePrerequisites,
  reservePorts,
  runLauncher,
  START_TIMEOUT_MS,
  TEST_TIMEOUT_MS,
  withDeadline,
  type Broker,
  type NodeDirs,
} from "./harness.ts";

/** The internal topics' settings the profile sets on a cluster of one: Kafka's default of each is above 1. */
const ONE_NODE_KEYS = [
  "offsets.topic.replication.factor",
  "transaction.state.log.replication.factor",
  "transaction.state.log.min.isr",
  "share.coordinator.state.topic.replication.factor",
  "share.coordinator.state.topic.min.isr",
];

/** The generator's env: structure and group delay only. */
function generatorEnv(port: number, controllerPort: number, data: string): Record<string, string> {
  return {
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:${controllerPort}`,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`,
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${controllerPort}`,
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    KAFKA_LOG_DIRS: data,
  };
}

type Node = { dirs: NodeDirs; port: number; env: Record<string, string>; broker: Broker };
let dev: Node;
let off: Node;

async function start(label: string, extra: Record<string, string>): Promise<Node> {
  const reserved = await reservePorts(2);
  const [port, controllerPort] = reserved.ports as [number, number];
  const dirs = nodeDirs(label);
  const env = { ...generatorEnv(port, controllerPort, dirs.data), ...extra };
  await reserved.release();
  const broker = launch(label, dirs, env);
  await broker.waitReady(`localhost:${port}`);
  return { dirs, port, env, broker };
}

beforeAll(async () => {
  requirePrerequisites();
  [dev, off] = await Promise.all([start("one-node-dev", {}), start("one-node-off", { LAUNCHER_PROFILE: "off" })]);
}, START_TIMEOUT_MS);

afterAll(cleanup);

/** `explain --json`'s keys for the node's env: key → [value, source]. */
async function explained(node: Node): Promise<Record<string, [string, string]>> {
  const out = await runLauncher(["explain", "--json", "-D", DEFAULTS_DIR, "-M", node.dirs.mounted, "-F", node.dirs.final, "-S", node.dirs.secrets], node.env);
  expect(out.exitCode).toBe(0);
  const rows = JSON.parse(out.stdout).keys as { key: string; value: string; source: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, [r.value, r.source]]));
}

describe("a cluster of one from env that names its structure and no replication factor", () => {
  test("the developer profile sets every internal topic's replication factor and min ISR to 1, shown in explain, and warns of nothing", async () => {
    const keys = await explained(dev);
    expect(Object.fromEntries(ONE_NODE_KEYS.map((k) => [k, keys[k]]))).toEqual(Object.fromEntries(ONE_NODE_KEYS.map((k) => [k, ["1", "profile dev"]])));
    expect(dev.broker.stderr).toMatch(/base: environment only/);
    expect(dev.broker.stderr).not.toMatch(/replication factor|in-sync replicas/);
  });

  test("a consumer group commits its offsets and a read_committed consumer sees only the committed transaction (kafkajs)", async () => {
    const client = kafkajs([`localhost:${dev.port}`]);
    const producer = client.producer({ transactionalId: "one-node-tx", idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic: "tx", messages: [{ key: "k", value: "aborted" }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic: "tx", messages: [{ key: "k", value: "committed" }] });
    await committed.commit();
    await producer.disconnect();

    const consumer = client.consumer({ groupId: "one-node-group", readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic: "tx", fromBeginning: true });
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          seen.push(message.value!.toString());
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          resolve();
        },
      });
    });
    await withDeadline(done, 60_000, () => `no record consumed; seen ${JSON.stringify(seen)}\n${dev.broker.tail()}`);
    await consumer.disconnect();
    const admin = client.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: "one-node-group", topics: ["tx"] });
    await admin.disconnect();
    expect(seen).toEqual(["committed"]);
    // the aborted batch, its marker, the committed record: the group's committed offset is past the record it read
    expect(offsets[0]!.partitions.map((p) => p.offset)).toEqual(["3"]);
  }, TEST_TIMEOUT_MS);
});

describe("the same env with LAUNCHER_PROFILE=off: Kafka's own settings", () => {
  // No warning of the min ISRs (2 by default): Kafka caps a write's min ISR at the partition's replica count.
  test("the launcher warns of each internal topic's replication factor, with the number, the node count and the fix", () => {
    const warnings = off.broker.stderr.split("\n").filter((l) => l.includes("but this node is a cluster of one"));
    expect(warnings.map((l) => /! (\S+) is (\d+) \(Kafka's default\)/.exec(l)?.slice(1))).toEqual([
      ["offsets.topic.replication.factor", "3"],
      ["transaction.state.log.replication.factor", "3"],
      ["share.coordinator.state.topic.replication.factor", "3"],
    ]);
    expect(off.broker.stderr).toContain("fix: set offsets.topic.replication.factor=1 (KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1)");
  });

  test("and Kafka bears the warning out: a consumer group finds no coordinator, because __consumer_offsets cannot be created", async () => {
    const client = kafkajs([`localhost:${off.port}`], { retry: { retries: 2, initialRetryTime: 200 } });
    const admin = client.admin();
    await admin.connect();
    const failed = await admin.fetchOffsets({ groupId: "never", topics: [] }).then(
      () => "answered",
      (e: Error) => e.message,
    );
    await admin.disconnect();
    expect(failed).toMatch(/coordinator/i);
    const line = off.broker.lines.find((l) => l.includes("__consumer_offsets") && l.includes("INVALID_REPLICATION_FACTOR"));
    expect(line ?? off.broker.tail()).toMatch(/__consumer_offsets.*INVALID_REPLICATION_FACTOR/);
  }, TEST_TIMEOUT_MS);
});
