// `docker stop` as users and test suites do it, with the real image: who is PID 1 on each path, a stop
// during the first start's storage format (issue 12, point 7), and a Testcontainers-style container
// whose start script runs the broker without exec (point 8). 143 is 128 + SIGTERM: the container ended
// by itself; 137 would be docker's SIGKILL at the end of the timeout.
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TESTCONTAINERS_ENV, testcontainersAdvertised } from "../../scripts/lib/testcontainers.ts";
import {
  CLUSTER_ID,
  dockerSuite,
  ensureImage,
  reservePorts,
  inspect,
  kcatConsume,
  kcatProduce,
  logs,
  must,
  removeLeftoversAfterAll,
  runOnce,
  sh,
  startContainer,
  tempDir,
  waitHealthy,
} from "./harness.ts";

const { skip } = dockerSuite("test/docker/stop.test.ts");
removeLeftoversAfterAll();

/** docker stop's own timeout: far above a clean stop, so only a container that ignores SIGTERM reaches it. */
const STOP_TIMEOUT_S = 30;
const START_TIMEOUT = 180_000;

async function pid1(name: string): Promise<string> {
  return (await must(["docker", "exec", name, "cat", "/proc/1/comm"])).trim();
}

/** Polls `docker top` (bounded) until one of the container's processes has `needle` in its command line. */
async function untilProcess(name: string, needle: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const top = await must(["docker", "top", name, "-o", "pid,args"]);
    if (top.includes(needle)) return;
    if (performance.now() > deadline) throw new Error(`no process with ${needle} in ${name} within ${timeoutMs} ms:\n${top}\n${await logs(name)}`);
    await Bun.sleep(20); // between two looks at the process list
  }
}

/**
 * Polls (bounded) until PID 1 handles SIGTERM (its SigCgt mask): right after the launcher's execve the
 * JVM has not set its handler yet, and the kernel drops a signal that PID 1 does not handle.
 */
async function untilHandlesSigterm(name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await must(["docker", "exec", name, "cat", "/proc/1/status"]);
    const caught = BigInt(`0x${/^SigCgt:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? "0"}`);
    if (caught & (1n << 14n)) return; // bit 15 - 1: SIGTERM
    if (performance.now() > deadline) throw new Error(`PID 1 of ${name} set no SIGTERM handler within ${timeoutMs} ms:\n${status}`);
    await Bun.sleep(20); // between two looks
  }
}

/** docker stop, then how the container ended. */
async function stop(name: string): Promise<{ exitCode: number; log: string }> {
  await must(["docker", "stop", "-t", String(STOP_TIMEOUT_S), name], { timeoutMs: (STOP_TIMEOUT_S + 30) * 1000 });
  return { exitCode: Number(await inspect(name, "{{.State.ExitCode}}")), log: await logs(name) };
}

describe.skipIf(skip)("docker stop", () => {
  beforeAll(() => ensureImage(), 900_000);

  test(
    "docker run IMAGE: the broker itself is PID 1 (the launcher execve'd into it), and it is healthy",
    async () => {
      const name = await startContainer("pid1", { env: { CLUSTER_ID } });
      await waitHealthy(name);
      expect(await pid1(name)).toBe("java");
    },
    START_TIMEOUT,
  );

  test(
    "during the first start's storage format (in the broker's own JVM, PID 1): exit 143, no broker; docker start then formats or skips and runs",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const name = await startContainer("stop-format", { env: { CLUSTER_ID, KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}` }, ports: { 9092: port }, reserved });
      await untilProcess(name, "storage-tool");
      await untilHandlesSigterm(name);
      const first = await stop(name);
      expect({
        exitCode: first.exitCode,
        told: /kafka-launcher: storage\s+[\d.]+ ms\s+format in the broker's JVM before it starts/.test(first.log),
        brokerStarted: first.log.includes("KafkaRaftServer"),
      }).toEqual({ exitCode: 143, told: true, brokerStarted: false });

      await must(["docker", "start", name]);
      await waitHealthy(name);
      await kcatProduce(`127.0.0.1:${port}`, "after-a-stopped-format", ["it runs"]);
      expect(await kcatConsume(`127.0.0.1:${port}`, "after-a-stopped-format", 1)).toEqual(["it runs"]);
      expect((await logs(name)).match(/kafka-launcher: storage .*/g)?.at(-1)).toMatch(/skip format|format in the broker's JVM before it starts \(new storage/);
    },
    START_TIMEOUT * 2,
  );

  test(
    "a Testcontainers-style container (sh loop, then a bash script that runs /etc/kafka/docker/run without exec): PID 1 is the launcher, docker stop shuts the broker down cleanly (143), docker start runs it again",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      // What org.testcontainers.kafka.KafkaContainer (1.21) sets and runs (contract section 9).
      const name = await startContainer("testcontainers", {
        env: { ...TESTCONTAINERS_ENV },
        ports: { 9092: port },
        reserved,
        hostname: "tc-kafka",
        command: ["sh", "-c", "while [ ! -f /tmp/testcontainers_start.sh ]; do sleep 0.1; done; /tmp/testcontainers_start.sh"],
      });
      const script = join(tempDir("tc-start"), "testcontainers_start.sh");
      writeFileSync(script, `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS=${testcontainersAdvertised(port, "tc-kafka")}\n/etc/kafka/docker/run \n`);
      chmodSync(script, 0o777);
      // copied under another name and renamed in place, so the loop never runs a half-written file
      await must(["docker", "cp", script, `${name}:/tmp/testcontainers_start.partial`]);
      await must(["docker", "exec", "-u", "0", name, "mv", "/tmp/testcontainers_start.partial", "/tmp/testcontainers_start.sh"]);
      await waitHealthy(name);
      expect(await pid1(name)).toBe("kafka-launcher");
      await kcatProduce(`127.0.0.1:${port}`, "testcontainers-style", ["kept across the stop"]);

      const first = await stop(name);
      // LogManager writes .kafka_cleanshutdown after flushing and closing every log: Kafka's own proof.
      // Env with structural keys and no log.dirs: Kafka's default log dir, /tmp/kafka-logs.
      const marker = await sh(["docker", "cp", `${name}:/tmp/kafka-logs/.kafka_cleanshutdown`, tempDir("tc-marker")]);
      expect({
        exitCode: first.exitCode,
        sigterm: first.log.includes("Terminating process due to signal SIGTERM"),
        shutDown: first.log.includes("[BrokerServer id=1] shut down completed"),
        cleanShutdownMarker: marker.exitCode === 0,
      }).toEqual({ exitCode: 143, sigterm: true, shutDown: true, cleanShutdownMarker: true });

      await must(["docker", "start", name]);
      await waitHealthy(name);
      expect(await kcatConsume(`127.0.0.1:${port}`, "testcontainers-style", 1)).toEqual(["kept across the stop"]);
    },
    START_TIMEOUT * 2,
  );

  test(
    "docker run IMAGE <program>: it runs under the launcher as PID 1 and its status is the container's; with a terminal (-t) it is PID 1 itself",
    async () => {
      const piped = await runOnce({ command: ["sh", "-c", "cat /proc/1/comm; echo $$; exit 3"] });
      const [comm, pid] = piped.stdout.trim().split("\n");
      expect({ exitCode: piped.exitCode, comm, shellIsPid1: pid === "1", stderr: piped.stderr }).toEqual({ exitCode: 3, comm: "kafka-launcher", shellIsPid1: false, stderr: "" });
      const tty = await runOnce({ options: ["-t"], command: ["sh", "-c", "echo $$"] });
      expect({ exitCode: tty.exitCode, stdout: tty.stdout.replace(/\r/g, "") }).toEqual({ exitCode: 0, stdout: "1\n" });
    },
    START_TIMEOUT,
  );
});
