// More clients' start-ups (issue 22, item 4) that this machine cannot run as libraries: Testcontainers Go (no Go
// toolchain or module proxy here, and pull request 2683 is in no release), a start command that clears a volume's
// lost+found first (Kubernetes charts on ext4 volumes), and a client that sends no CLUSTER_ID and waits for Kafka's
// "Kafka Server started". The libraries that Maven Central serves (Camel, Citrus, Micronaut Test Resources' listener)
// run for real in test/clients. Each start here is ready when a metadata request lists the broker; where the client
// waits for a log line, that line must appear too (that is what the client waits for). Then a record round trip
// through a consumer group (its committed offset read back from the group coordinator), and docker stop → 143.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Kafka } from "kafkajs";
import { GO_PR_2683_ENV, GO_PR_2683_PORT, GO_PR_2683_WAIT_FOR } from "../../scripts/lib/testcontainers.ts";
import {
  CLUSTER_ID,
  IMAGE,
  dockerSuite,
  ensureImage,
  expectCleanStop,
  kafkajs,
  kafkajsFirst,
  logs,
  must,
  removeLeftoversAfterAll,
  reservePorts,
  startContainer,
  trackVolume,
  uniqueName,
  untilLogged,
  waitReady,
} from "./harness.ts";

const { skip } = dockerSuite("test/docker/clients.test.ts");
removeLeftoversAfterAll();

const START_TIMEOUT = 240_000;
/**
 * A record produced, then read from the beginning by a new consumer group, whose offset the group coordinator then
 * reports as committed (kafkajs commits after the batch it handed over). A broker whose __consumer_offsets cannot be
 * created (a replication factor above its one node) fails here: the group finds no coordinator.
 */
async function groupRoundTrip(client: Kafka, topic: string, value: string): Promise<{ value: string; committed: string | undefined }> {
  const producer = client.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  await producer.send({ topic, messages: [{ value }] });
  await producer.disconnect();
  const groupId = uniqueName("group");
  const read = await kafkajsFirst(client, topic, groupId);
  const admin = client.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return { value: read, committed: offsets?.partitions.find((p) => p.partition === 0)?.offset };
  } finally {
    await admin.disconnect();
  }
}

/** The broker's command line, word by word (PID `pid` in the container: 1 when the broker was exec'd). */
async function argvOf(name: string, pid: string): Promise<string[]> {
  return (await must(["docker", "exec", name, "cat", `/proc/${pid}/cmdline`])).split("\0").slice(0, -1);
}

describe.skipIf(skip)("more clients' start-ups", () => {
  beforeAll(() => ensureImage(), 900_000);

  test(
    "Testcontainers Go, pull request 2683 (its env: KAFKA_OPTS=' ', KAFKA_REST_BOOTSTRAP_SERVERS, no CLUSTER_ID; the image's entrypoint and CMD): its log line, a record through a consumer group, docker stop → 143",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      // the pull request binds host port 9093 itself; a fixed port would collide with parallel runs, so the container's
      // 9093 is published on a port the OS chose, and the clients reach the advertised localhost:9093 through it
      const name = await startContainer("go-pr2683", { env: { ...GO_PR_2683_ENV }, ports: { [GO_PR_2683_PORT]: port }, reserved });
      await untilLogged(name, GO_PR_2683_WAIT_FOR);
      await waitReady(name, `127.0.0.1:${port}`);
      const client = kafkajs([`127.0.0.1:${port}`], { [`localhost:${GO_PR_2683_PORT}`]: port });
      expect(await groupRoundTrip(client, "testcontainers-go", "from Go")).toEqual({ value: "from Go", committed: "1" });
      const argv = await argvOf(name, "1");
      const log = await logs(name);
      expect({
        // KAFKA_OPTS=" " is no JVM option: as upstream's unquoted $KAFKA_OPTS, it adds no word (an empty one would be
        // java's main class, and the broker would not run)
        emptyWords: argv.filter((w) => w.trim() === "").length,
        brokerIsPid1: argv[0] === "/opt/java/bin/java",
        // an unknown key is a warning naming its variable, and the start goes on
        restBootstrap: log.includes("rest.bootstrap.servers is not a broker configuration Kafka knows  [env KAFKA_REST_BOOTSTRAP_SERVERS]"),
        defaultClusterId: argv.includes(CLUSTER_ID),
      }).toEqual({ emptyWords: 0, brokerIsPid1: true, restBootstrap: true, defaultClusterId: true });
      await expectCleanStop(name);
    },
    START_TIMEOUT,
  );

  test(
    "sh -c 'rm -rf /var/lib/kafka/data/lost+found && exec /etc/kafka/docker/run' on a data volume holding a lost+found: the broker formats and serves the volume, a record through a consumer group, docker stop → 143",
    async () => {
      const volume = trackVolume(uniqueName("data"));
      await must(["docker", "volume", "create", volume]);
      // an ext4 volume's lost+found as Kubernetes leaves it with fsGroup 0 (OpenShift's): root's, setgid, group rwx
      const prepare = uniqueName("lostfound");
      await must(["docker", "run", "--rm", "--name", prepare, "--user", "0", "-v", `${volume}:/var/lib/kafka/data`, IMAGE, "sh", "-c", "mkdir /var/lib/kafka/data/lost+found && chmod 2770 /var/lib/kafka/data/lost+found"]);
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const name = await startContainer("lostfound", {
        env: { CLUSTER_ID, KAFKA_LOG_DIRS: "/var/lib/kafka/data", KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}` },
        ports: { 9092: port },
        reserved,
        mounts: { [volume]: "/var/lib/kafka/data" },
        command: ["sh", "-c", "rm -rf /var/lib/kafka/data/lost+found && exec /etc/kafka/docker/run"],
      });
      await waitReady(name, `127.0.0.1:${port}`);
      expect(await groupRoundTrip(kafkajs([`127.0.0.1:${port}`]), "lost-and-found", "after lost+found")).toEqual({ value: "after lost+found", committed: "1" });
      const data = (await must(["docker", "exec", name, "ls", "-a", "/var/lib/kafka/data"])).split("\n").filter(Boolean);
      expect({
        lostFound: data.includes("lost+found"),
        formatted: data.includes("meta.properties"),
        formattedThere: (await logs(name)).includes("Formatting metadata directory /var/lib/kafka/data"),
        // sh is the command, so the launcher stays PID 1 for it (as tini would) and passes docker stop's SIGTERM on
        pid1: (await must(["docker", "exec", name, "cat", "/proc/1/comm"])).trim(),
      }).toEqual({ lostFound: false, formatted: true, formattedThere: true, pid1: "kafka-launcher" });
      await expectCleanStop(name);
    },
    START_TIMEOUT,
  );

  test(
    "a client that sends no CLUSTER_ID, names the structural keys of one combined node but no replication factor, and waits for 'Kafka Server started': that line, a record through a consumer group, docker stop → 143",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const env = {
        KAFKA_NODE_ID: "1",
        KAFKA_PROCESS_ROLES: "broker,controller",
        KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
      };
      const name = await startContainer("no-cluster-id", { env, ports: { 9092: port }, reserved });
      await untilLogged(name, "Kafka Server started");
      await waitReady(name, `127.0.0.1:${port}`);
      expect(await groupRoundTrip(kafkajs([`127.0.0.1:${port}`]), "no-cluster-id", "no cluster id")).toEqual({ value: "no cluster id", committed: "1" });
      // upstream's default cluster id (configureDefaults), as the launcher gives it
      expect((await argvOf(name, "1")).includes(CLUSTER_ID)).toBe(true);
      await expectCleanStop(name);
    },
    START_TIMEOUT,
  );
});
