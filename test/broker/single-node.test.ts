// One single-node broker through its whole life on one data folder, in order:
// first start on the image defaults (only ports and log.dirs changed) → health → kcat and kafkajs →
// SIGTERM (the launcher's PID is the broker) → health on the stopped broker → a foreign CLUSTER_ID is
// refused without touching the folder → restart without a format → kill -9 mid-stream → restart, every
// acks=all message is there. The tests share the node (a JVM start costs 5–15 s on this machine), so
// they run in file order; each one starts from the state the previous one leaves and says so.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  cleanup,
  defaultsWith,
  DEFAULTS_DIR,
  effectiveConfig,
  hashTree,
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
  runLauncher,
  SIGTERM_LINE,
  withDeadline,
  writeFile,
  type Broker,
  type NodeDirs,
} from "./harness.ts";

/** How long a SIGTERM'd broker may take before the test calls it hung (seen here: 0.3–1.8 s on 2 shared cores). */
const SIGTERM_DEADLINE_MS = 15_000;

let dirs: NodeDirs;
let port = 0;
let controllerPort = 0;
let bootstrap = "";
let broker: Broker;
/** What the earlier tests wrote, so the restarts can look for it. */
const written: { topic: string; values: string[] } = { topic: "greetings", values: [] };

beforeAll(async () => {
  requirePrerequisites();
  const reserved = await reservePorts(2);
  [port, controllerPort] = reserved.ports as [number, number];
  bootstrap = `localhost:${port}`;
  dirs = nodeDirs("single");
  writeFile(join(dirs.mounted, "server.properties"), defaultsWith({ broker: port, controller: controllerPort }, dirs.data));
  await reserved.release();
  broker = launch("single#1", dirs);
  const ms = await broker.waitReady(bootstrap);
  console.error(`measured: first start (format included) → ready in ${(ms / 1000).toFixed(1)} s`);
}, START_TIMEOUT_MS);

afterAll(cleanup);

describe("first start on the image defaults", () => {
  test("storage is formatted once, in the broker's own JVM, then the broker runs with the defaults (its own KafkaConfig log says so)", () => {
    expect(broker.stderr).toMatch(/kafka-launcher: storage .* format in the broker's JVM before it starts \(new storage in /);
    expect(broker.stderr).toMatch(/kafka-launcher: exec .* kafka\.KafkaNativeWrapper storage-tool format --cluster-id \S+ -c \S+ --then kafka /);
    const formatting = broker.lines.filter((l) => l.startsWith("Formatting metadata directory"));
    expect(formatting).toEqual([expect.stringMatching(new RegExp(`^Formatting metadata directory ${dirs.data} with metadata\\.version \\S+\\.$`))]);
    const defaults = Object.fromEntries(
      readFileSync(join(DEFAULTS_DIR, "server.properties"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    const expected = {
      ...defaults,
      "controller.quorum.voters": `1@localhost:${controllerPort}`,
      listeners: `PLAINTEXT://:${port},CONTROLLER://:${controllerPort}`,
      "advertised.listeners": `PLAINTEXT://localhost:${port}`,
      "log.dirs": dirs.data,
    };
    const seen = effectiveConfig(broker.lines);
    const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, plainList(seen[k] ?? "<missing>")]));
    expect(actual).toEqual(expected);
  }, TEST_TIMEOUT_MS);

  test("health exits 0 against the running broker", async () => {
    const out = await health(port);
    expect(out).toEqual({ stdout: "", stderr: expect.stringMatching(/answered ApiVersions/), exitCode: 0 });
  }, TEST_TIMEOUT_MS);
});

describe("clients", () => {
  test("kafkajs creates a topic; kcat and kafkajs each produce; each reads what both wrote", async () => {
    const kafka = kafkajs([bootstrap]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic: written.topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
      expect(await admin.listTopics()).toContain(written.topic);
    } finally {
      await admin.disconnect();
    }

    const fromKcat = Array.from({ length: 5 }, (_, i) => `kcat-${i}=hello from kcat ${i}`);
    const produced = await kcat(["-b", bootstrap, "-P", "-t", written.topic, "-K", "=", "-X", "acks=all"], fromKcat.join("\n") + "\n");
    expect(produced).toEqual({ stdout: "", stderr: "", exitCode: 0 });

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const fromKafkajs = Array.from({ length: 5 }, (_, i) => `kafkajs-${i}=hello from kafkajs ${i}`);
    try {
      const acks = await producer.send({
        topic: written.topic,
        acks: -1,
        messages: fromKafkajs.map((kv) => ({ key: kv.split("=")[0]!, value: kv.split("=")[1]! })),
      });
      expect(acks.every((a) => a.errorCode === 0)).toBe(true);
    } finally {
      await producer.disconnect();
    }
    written.values.push(...fromKcat, ...fromKafkajs);

    // kafkajs reads everything as a group consumer (the group's first join waits for the rebalance delay)
    const consumer = kafka.consumer({ groupId: "broker-test-readers" });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: written.topic, fromBeginning: true });
      await withDeadline(
        new Promise<void>((resolve) => {
          void consumer.run({
            eachMessage: async ({ message }) => {
              seen.push(`${message.key}=${message.value}`);
              if (seen.length >= written.values.length) resolve();
            },
          });
        }),
        60_000,
        () => `kafkajs consumer saw only ${JSON.stringify(seen)}`,
      );
    } finally {
      await consumer.disconnect();
    }
    expect(seen.sort()).toEqual([...written.values].sort());

    // kcat reads everything too
    expect((await kcatReadAll(bootstrap, written.topic)).sort()).toEqual([...written.values].sort());
  }, TEST_TIMEOUT_MS);
});

describe("SIGTERM and a stopped broker", () => {
  test("the launcher's PID is the java broker (execve), and SIGTERM to it shuts Kafka down cleanly", async () => {
    // Same PID: /proc/<launcher pid> is now the JVM that ran the format and then the dispatcher's `kafka` operation.
    const cmdline = readFileSync(`/proc/${broker.pid}/cmdline`, "utf8").split("\0").slice(0, -1);
    expect(cmdline[0]).toMatch(/(^|\/)java$/);
    const config = join(dirs.final, "server.properties");
    const dispatcher = cmdline.slice(cmdline.indexOf("kafka.KafkaNativeWrapper"));
    expect(dispatcher).toEqual(["kafka.KafkaNativeWrapper", "storage-tool", "format", "--cluster-id", expect.any(String), "-c", config, "--then", "kafka", config]);

    const exit = await broker.stop("SIGTERM", SIGTERM_DEADLINE_MS);
    console.error(`measured: SIGTERM → exit in ${(exit.ms / 1000).toFixed(2)} s`);
    // The JVM exits 128+15 after its shutdown hooks (Kafka's included) have run.
    expect({ exitCode: exit.exitCode, signalCode: exit.signalCode }).toEqual({ exitCode: 143, signalCode: null });
    // Kafka's log of its controlled shutdown, from the signal to the broker's last words
    // (needs `shutdownHook: disable` in log4j2.yaml: log4j2's own hook would stop logging midway).
    const logged = (text: string) => broker.lines.some((l) => l.includes(text));
    expect([SIGTERM_LINE, "[BrokerServer id=1] shut down completed"].filter(logged)).toEqual([SIGTERM_LINE, "[BrokerServer id=1] shut down completed"]);
    // Kafka's own proof of a clean shutdown: LogManager writes this marker after flushing and closing
    // every log; a start without it recovers the logs instead.
    expect(existsSync(join(dirs.data, ".kafka_cleanshutdown"))).toBe(true);
  }, TEST_TIMEOUT_MS);

  test("health exits 1 against the stopped broker", async () => {
    const out = await health(port, 1000);
    expect(out).toEqual({ stdout: "", stderr: expect.stringMatching(/is not ready: /), exitCode: 1 });
  }, TEST_TIMEOUT_MS);

  test("a different CLUSTER_ID on the formatted folder: exit 65 before any start, folder bytes unchanged", async () => {
    const before = hashTree(dirs.data);
    const stored = /cluster\.id=(\S+)/.exec(readFileSync(join(dirs.data, "meta.properties"), "utf8"))![1]!;
    const foreign = "AAAAAAAAAAAAAAAAAAAAAA";
    expect(stored).not.toBe(foreign);

    const out = await runLauncher(["run", "-D", DEFAULTS_DIR, "-M", dirs.mounted, "-F", dirs.final, "-S", dirs.secrets], { CLUSTER_ID: foreign });

    expect(out.exitCode).toBe(65);
    expect(out.stdout).toBe(""); // no broker, no storage tool ever ran
    expect(out.stderr).not.toMatch(/storage .*formatted|exec /);
    expect(out.stderr).toContain(`${dirs.data} belongs to cluster ${stored}, but CLUSTER_ID is ${foreign}`);
    expect(out.stderr).toContain(`fix: set CLUSTER_ID=${stored}`);
    expect(hashTree(dirs.data)).toEqual(before);
  }, TEST_TIMEOUT_MS);
});

describe("restarts on the same data", () => {
  test("restart: no format process, the earlier messages are still there", async () => {
    broker = launch("single#2", dirs);
    const ms = await broker.waitReady(bootstrap);
    console.error(`measured: restart → ready in ${(ms / 1000).toFixed(1)} s`);
    expect(broker.stderr).toMatch(/kafka-launcher: storage .* skip format: all 1 storage dir\(s\) already formatted/);
    expect(broker.stderr).not.toMatch(/formatted \(/);
    expect((await kcatReadAll(bootstrap, written.topic)).sort()).toEqual([...written.values].sort());
  }, TEST_TIMEOUT_MS);

  test("kill -9 while producing with acks=all, restart: every acknowledged message is readable", async () => {
    const topic = "acked";
    const kafka = kafkajs([bootstrap], { retry: { retries: 0 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await producer.connect();
    const acked: string[] = [];
    let killed = false;
    // Three lanes keep acks=all batches in flight; once 300 messages are acknowledged, kill -9 lands
    // while other batches are still on the wire. Each lane stops at its first failed send.
    const lane = async (name: string): Promise<string> => {
      for (let batch = 0; batch < 10_000; batch++) {
        const messages = Array.from({ length: 10 }, (_, i) => ({ key: `${name}-${batch}-${i}`, value: `v${batch * 10 + i}` }));
        try {
          await producer.send({ topic, acks: -1, messages });
        } catch (e) {
          return killed ? "stopped by the kill" : `send failed before the kill: ${e}`;
        }
        acked.push(...messages.map((m) => `${m.key}=${m.value}`));
        if (!killed && acked.length >= 300) {
          killed = true;
          process.kill(broker.pid, "SIGKILL");
        }
      }
      return "kill -9 did not stop the broker";
    };
    const lanes = await Promise.all(["a", "b", "c"].map(lane));
    await withDeadline(producer.disconnect(), 10_000, () => "producer.disconnect hung").catch(() => undefined);
    expect(lanes).toEqual(["stopped by the kill", "stopped by the kill", "stopped by the kill"]);
    expect(await broker.exited).toEqual({ exitCode: null, signalCode: "SIGKILL" });
    expect(existsSync(join(dirs.data, ".kafka_cleanshutdown"))).toBe(false);

    broker = launch("single#3", dirs);
    const ms = await broker.waitReady(bootstrap);
    // Slower than a clean restart: the restarted controller keeps the killed broker's registration
    // until broker.session.timeout.ms (9 s) passes, and only then accepts the new incarnation.
    console.error(`measured: restart after kill -9 → ready in ${(ms / 1000).toFixed(1)} s`);
    expect(broker.stderr).toMatch(/skip format/);
    const read = new Set(await kcatReadAll(bootstrap, topic));
    const lost = acked.filter((m) => !read.has(m));
    console.error(`measured: ${acked.length} acknowledged (acks=all) when kill -9 landed, ${read.size} readable after the restart`);
    expect({ acked: acked.length, lost }).toEqual({ acked: acked.length, lost: [] });
    expect(acked.length).toBeGreaterThanOrEqual(300);
    // and the older topic survived the crash as well
    expect((await kcatReadAll(bootstrap, written.topic)).sort()).toEqual([...written.values].sort());
  }, TEST_TIMEOUT_MS);
});
