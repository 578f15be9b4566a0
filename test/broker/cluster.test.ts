// A three-node combined KRaft cluster on loopback (static voters 1@localhost:c1,2@localhost:c2,3@localhost:c3),
// each node configured by the environment alone and started through its own launcher: a topic with
// replication factor 3 is produced (acks=all) through one node and consumed through another, and
// survives one node's shutdown.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  cleanup,
  effectiveConfig,
  health,
  kafkajs,
  kcat,
  kcatReadAll,
  launch,
  nodeDirs,
  Partitioners,
  plainList,
  requirePrerequisites,
  reservePorts,
  START_TIMEOUT_MS,
  TEST_TIMEOUT_MS,
  type Broker,
  type NodeDirs,
} from "./harness.ts";

type Node = { id: number; port: number; dirs: NodeDirs; broker: Broker };
const nodes: Node[] = [];
let voters = "";
const TOPIC = "replicated";
const bootstrap = (n: Node) => `localhost:${n.port}`;

beforeAll(async () => {
  requirePrerequisites();
  const reserved = await reservePorts(6);
  const ports = reserved.ports;
  const ids = [1, 2, 3];
  const controllerPort = (id: number) => ports[2 * id - 1]!;
  voters = ids.map((id) => `${id}@localhost:${controllerPort(id)}`).join(",");
  await reserved.release();
  for (const id of ids) {
    const port = ports[2 * id - 2]!;
    const dirs = nodeDirs(`cluster-${id}`);
    const broker = launch(`node${id}`, dirs, {
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_NODE_ID: String(id),
      KAFKA_CONTROLLER_QUORUM_VOTERS: voters,
      KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:${controllerPort(id)}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`,
      KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      KAFKA_LOG_DIRS: dirs.data,
    });
    nodes.push({ id, port, dirs, broker });
  }
  const ms = await Promise.all(nodes.map((n) => n.broker.waitReady(bootstrap(n))));
  console.error(`measured: 3-node cluster, first start → every node ready in ${(Math.max(...ms) / 1000).toFixed(1)} s`);
}, START_TIMEOUT_MS);

afterAll(cleanup);

describe("three-node combined KRaft cluster", () => {
  test("every node formatted its own storage, runs with the three static voters, and answers health", async () => {
    for (const n of nodes) {
      expect(n.broker.stderr).toMatch(/kafka-launcher: storage .* format in the broker's JVM before it starts \(new storage in /);
      const seen = effectiveConfig(n.broker.lines);
      expect([seen["node.id"], plainList(seen["controller.quorum.voters"] ?? "")]).toEqual([String(n.id), voters]);
    }
    const outcomes = await Promise.all(nodes.map((n) => health(n.port)));
    expect(outcomes.map((o) => o.exitCode)).toEqual([0, 0, 0]);
    // the cluster sees all three brokers
    const meta = await kcat(["-b", bootstrap(nodes[0]!), "-L"]);
    expect(meta.stdout).toContain(" 3 brokers:");
  }, TEST_TIMEOUT_MS);

  test("a topic with replication factor 3: produced with acks=all through node 1, consumed through node 3", async () => {
    const kafka = kafkajs(nodes.map(bootstrap));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await admin.createTopics({
        topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "2" }] }],
        waitForLeaders: true,
      });
      expect(created).toBe(true);
      const [meta] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
      expect(meta!.partitions.map((p) => [p.replicas.length, p.isr.length])).toEqual([[3, 3], [3, 3], [3, 3]]);
    } finally {
      await admin.disconnect();
    }

    const producer = kafkajs([bootstrap(nodes[0]!)]).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const values = Array.from({ length: 30 }, (_, i) => `k${i}=replicated ${i}`);
    try {
      await producer.send({ topic: TOPIC, acks: -1, messages: values.map((kv) => ({ key: kv.split("=")[0]!, value: kv.split("=")[1]! })) });
    } finally {
      await producer.disconnect();
    }
    expect((await kcatReadAll(bootstrap(nodes[2]!), TOPIC)).sort()).toEqual([...values].sort());
  }, TEST_TIMEOUT_MS);

  test("with node 2 stopped (SIGTERM), acks=all still succeeds and everything is readable through node 1", async () => {
    const stopped = await nodes[1]!.broker.stop("SIGTERM");
    expect(stopped.exitCode).toBe(143);
    const more = Array.from({ length: 10 }, (_, i) => `after${i}=two of three ${i}`);
    const produced = await kcat(["-b", `${bootstrap(nodes[2]!)},${bootstrap(nodes[0]!)}`, "-P", "-t", TOPIC, "-K", "=", "-X", "acks=all"], more.join("\n") + "\n");
    expect(produced).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const read = await kcatReadAll(bootstrap(nodes[0]!), TOPIC);
    expect(read.length).toBe(40);
    expect(read.filter((l) => l.startsWith("after")).sort()).toEqual([...more].sort());
  }, TEST_TIMEOUT_MS);
});
