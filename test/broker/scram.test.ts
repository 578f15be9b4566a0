// SCRAM users at format time (LAUNCHER_SCRAM_CREDENTIALS, entrypoint/core/scram.ts): a one-node broker whose client
// listener takes SCRAM-SHA-256 and -512, its users given to the launcher; kafkajs logs in with each mechanism and
// round-trips a record through a consumer group, a wrong password is refused, and no password reaches any output.
// A restart on the same data with other credentials (from LAUNCHER_SCRAM_CREDENTIALS_FILE) keeps the stored users
// and says so once. Not kcat: librdkafka before 2.6.1 (Debian 12 has 2.0.2) fails every SCRAM login against
// Kafka 4.x, users made with the Admin API included (confluentinc/librdkafka#4895); kafkajs logs in.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { SASLOptions } from "kafkajs";
import {
  cleanup,
  kafkajs,
  launch,
  nodeDirs,
  Partitioners,
  requirePrerequisites,
  reservePorts,
  START_TIMEOUT_MS,
  TEST_TIMEOUT_MS,
  withDeadline,
  writeFile,
  type Broker,
  type NodeDirs,
} from "./harness.ts";

const ALICE = "alice-Secret-4711";
const BOB = "bob-Secret-0815";

let dirs: NodeDirs;
let env: Record<string, string>;
let port: number;
let plain: string;
let first: Broker;

type Mechanism = "scram-sha-256" | "scram-sha-512";
/** `retries`: kafkajs's default for the round trips (a first produce may meet a topic still being created); 1 for a login. */
const client = (mechanism: Mechanism, username: string, password: string, retries?: number) =>
  kafkajs([`localhost:${port}`], { sasl: { mechanism, username, password } as SASLOptions, ...(retries === undefined ? {} : { retry: { retries } }) });

/** Whether the user logs in with the mechanism: a metadata request over the SCRAM listener. */
async function logsIn(mechanism: Mechanism, username: string, password: string): Promise<string> {
  const admin = client(mechanism, username, password, 1).admin();
  return admin.connect().then(
    async () => {
      const { brokers } = await admin.describeCluster();
      await admin.disconnect();
      return `${brokers.length} broker`;
    },
    (e: Error) => e.message,
  );
}

beforeAll(async () => {
  requirePrerequisites();
  const reserved = await reservePorts(3);
  const [client, broker, controller] = reserved.ports as [number, number, number];
  port = client;
  plain = `localhost:${broker}`;
  dirs = nodeDirs("scram");
  writeFile(join(dirs.secrets, "bob.scram"), `SCRAM-SHA-512=[name=bob,password=${BOB}]\n`);
  env = {
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_LISTENERS: `SASL_PLAINTEXT://:${client},BROKER://:${broker},CONTROLLER://:${controller}`,
    KAFKA_ADVERTISED_LISTENERS: `SASL_PLAINTEXT://localhost:${client},BROKER://localhost:${broker}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "SASL_PLAINTEXT:SASL_PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
    KAFKA_INTER_BROKER_LISTENER_NAME: "BROKER",
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${controller}`,
    KAFKA_SASL_ENABLED_MECHANISMS: "SCRAM-SHA-256,SCRAM-SHA-512",
    KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___256_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    KAFKA_LOG_DIRS: dirs.data,
  };
  await reserved.release();
  // alice for both mechanisms in the variable; bob from a file (LAUNCHER_SCRAM_CREDENTIALS_FILE) in a second broker start below
  first = launch("scram", dirs, { ...env, LAUNCHER_SCRAM_CREDENTIALS: `SCRAM-SHA-256=[name=alice,password=${ALICE}]\nSCRAM-SHA-512=[name=alice,iterations=8192,password="${ALICE}"]` });
  await first.waitReady(plain); // the PLAINTEXT inter-broker listener: readiness needs no login
}, START_TIMEOUT_MS);

afterAll(cleanup);

describe("SCRAM users from LAUNCHER_SCRAM_CREDENTIALS, written at format time", () => {
  test.each(["scram-sha-256", "scram-sha-512"] as const)("alice with %s produces, and a consumer group reads it back", async (mechanism) => {
    const kafka = client(mechanism, "alice", ALICE);
    const topic = `scram-${mechanism}`;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: "k", value: "over SCRAM" }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `group-${mechanism}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const read = new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) }));
    expect(await withDeadline(read, 60_000, () => `nothing read from ${topic}\n${first.tail()}`)).toBe("over SCRAM");
    await consumer.disconnect();
  }, TEST_TIMEOUT_MS);

  test("a wrong password is refused", async () => {
    expect(await logsIn("scram-sha-256", "alice", "wrong")).toMatch(/Authentication failed during authentication due to invalid credentials/);
  }, TEST_TIMEOUT_MS);

  test("the launcher names the users it added and prints no password, nor does the broker", () => {
    expect(first.stderr).toMatch(/storage .*formatted \(new storage in .*, SCRAM users alice \(SCRAM-SHA-256\), alice \(SCRAM-SHA-512\)\)/);
    const everything = first.stderr + first.lines.join("\n");
    expect(everything).not.toContain(ALICE);
    expect(everything).not.toMatch(/storedKey|serverKey/); // the storage tool prints the users' stored keys: kept back
  });
});

describe("a restart on the same data", () => {
  let again: Broker;
  beforeAll(async () => {
    await first.stop();
    again = launch("scram-again", dirs, { ...env, LAUNCHER_SCRAM_CREDENTIALS_FILE: "bob.scram" });
    await again.waitReady(plain);
  }, START_TIMEOUT_MS);

  test("keeps the stored users (alice still logs in, bob does not exist) and says so once", async () => {
    expect(await logsIn("scram-sha-512", "alice", ALICE)).toBe("1 broker");
    expect(await logsIn("scram-sha-512", "bob", BOB)).toMatch(/Authentication failed/);
    const notices = again.stderr.split("\n").filter((l) => l.includes("LAUNCHER_SCRAM_CREDENTIALS is not applied"));
    expect(notices).toEqual([`  ! LAUNCHER_SCRAM_CREDENTIALS is not applied: the metadata in ${dirs.data} is formatted already and keeps the SCRAM users it has`]);
    expect(again.stderr + again.lines.join("\n")).not.toContain(BOB);
  }, TEST_TIMEOUT_MS);
});
