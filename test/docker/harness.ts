// Shared helpers of the Docker suites (test/docker/*.test.ts): the image under test, the engine check,
// containers with unique names that are always removed, free ports from the OS held until `docker run`
// publishes them, waits on conditions (a broker answering a metadata request, an exit), and host
// clients (kcat, kafkajs). No fixed sleeps, no fixed ports.
import { afterAll, expect } from "bun:test";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { localImage } from "../../scripts/lib/image.ts";
import type { Reservation } from "../../scripts/lib/ports.ts";
import { waitForMetadata } from "../../scripts/lib/ready.ts";
import { capture as sh, must, type Outcome } from "../../scripts/lib/run.ts";

export { reservePorts, type Reservation } from "../../scripts/lib/ports.ts";

export const ROOT = join(import.meta.dir, "../..");
/** The image under test: $KAFKA_NATIVE_IMAGE (scripts/image-test.ts sets it), else the local build's tag. */
export const IMAGE = localImage();
export const CLUSTER_ID = "5L6g3nShT-eMCtK--X86sw";

export type Result = Outcome;
/** sh: run a command to completion (asynchronously, so kafkajs keeps running meanwhile); must: the same, a failure throws. */
export { capture as sh, must } from "../../scripts/lib/run.ts";

/**
 * Whether this file's tests run. With no engine they skip with a visible reason on a developer's
 * machine; under CI (CI set) a missing engine is a loud failure instead.
 */
export function dockerSuite(file: string): { skip: boolean } {
  const info = Bun.spawnSync(["docker", "info", "--format", "{{.ServerVersion}}"], { stdout: "pipe", stderr: "pipe" });
  if (info.exitCode === 0) return { skip: false };
  const why = `docker info failed (${info.stderr.toString().trim().split("\n")[0] ?? "no docker client"})`;
  if (process.env.CI) throw new Error(`${file}: CI is set but the Docker engine is not usable: ${why}. Run scripts/docker-engine.sh start.`);
  console.warn(`${file}: SKIPPED: ${why}; start one with scripts/docker-engine.sh start`);
  return { skip: true };
}

let imageChecked: Promise<void> | undefined;
/** The image must exist; build it once (npm run image) when it does not and we build locally. */
export function ensureImage(): Promise<void> {
  imageChecked ??= (async () => {
    if ((await sh(["docker", "image", "inspect", IMAGE])).exitCode === 0) return;
    if (process.env.KAFKA_NATIVE_IMAGE) throw new Error(`image ${IMAGE} ($KAFKA_NATIVE_IMAGE) does not exist`);
    const build = await sh([process.execPath, join(ROOT, "scripts/build-image.ts")]);
    if (build.exitCode !== 0) throw new Error(`scripts/build-image.ts failed:\n${build.stdout}\n${build.stderr}`);
  })();
  return imageChecked;
}

const created = { containers: new Set<string>(), volumes: new Set<string>(), dirs: new Set<string>() };
let counter = 0;

/** A container (or volume) name unique to this run, so parallel runs and leftovers never collide. */
export function uniqueName(what: string): string {
  counter += 1;
  return `kn-test-${what}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A temporary folder on the host, readable by the container's uid, removed at the end. */
export function tempDir(what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kn-${what}-`));
  chmodSync(dir, 0o755);
  created.dirs.add(dir);
  return dir;
}

export function trackVolume(name: string): string {
  created.volumes.add(name);
  return name;
}

/** Remove every container, volume and folder this file made; call once at the top of each test file. */
export function removeLeftoversAfterAll(): void {
  afterAll(async () => {
    if (created.containers.size) await sh(["docker", "rm", "-f", "-v", ...created.containers], { timeoutMs: 120_000 });
    if (created.volumes.size) await sh(["docker", "volume", "rm", "-f", ...created.volumes], { timeoutMs: 60_000 });
    for (const dir of created.dirs) rmSync(dir, { recursive: true, force: true });
    created.containers.clear();
    created.volumes.clear();
    created.dirs.clear();
  }, 180_000);
}

export type RunOptions = {
  env?: Record<string, string>;
  /** container port → host port on 127.0.0.1 */
  ports?: Record<number, number>;
  /** host path or volume → container path (append :ro yourself) */
  mounts?: Record<string, string>;
  /** host ports held for `ports` (reservePorts): released right before `docker run` publishes them */
  reserved?: Reservation;
  /** extra `docker run` options (--user, --read-only, --tmpfs …) */
  options?: string[];
  /** the command (replaces CMD) */
  command?: string[];
  network?: string;
  hostname?: string;
};

export function runArgs(name: string, o: RunOptions): string[] {
  const args = ["--name", name];
  for (const [k, v] of Object.entries(o.env ?? {})) args.push("-e", `${k}=${v}`);
  for (const [c, h] of Object.entries(o.ports ?? {})) args.push("-p", `127.0.0.1:${h}:${c}`);
  for (const [src, dst] of Object.entries(o.mounts ?? {})) args.push("-v", `${src}:${dst}`);
  if (o.network) args.push("--network", o.network);
  if (o.hostname) args.push("--hostname", o.hostname);
  args.push(...(o.options ?? []), IMAGE, ...(o.command ?? []));
  return args;
}

/** `docker run -d`: returns the container name; the container is removed in afterAll. */
export async function startContainer(what: string, o: RunOptions = {}): Promise<string> {
  const name = uniqueName(what);
  created.containers.add(name);
  await o.reserved?.release();
  await must(["docker", "run", "-d", ...runArgs(name, o)]);
  return name;
}

/** `docker run --rm` in the foreground: the command's own result. */
export async function runOnce(o: RunOptions = {}, timeoutMs = 60_000): Promise<Result> {
  const name = uniqueName("once");
  created.containers.add(name);
  return sh(["docker", "run", "--rm", ...runArgs(name, o)], { timeoutMs });
}

export async function logs(name: string): Promise<string> {
  const r = await sh(["docker", "logs", name]);
  return r.stdout + r.stderr;
}

/**
 * Wait until the broker in container `name` answers a metadata request through `bootstrap` (its
 * published port; `client`: kcat's options for an SSL or SASL listener) that lists it (`node`: its
 * node id, needed in a cluster reached through published ports). Fails at once, with the container's
 * log, when the container stops running, and when the time is up.
 */
export async function waitReady(name: string, bootstrap: string, o: { client?: string[]; node?: number; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 90_000;
  const gone = async () => {
    const state = (await sh(["docker", "inspect", "-f", "{{.State.Running}} {{.State.Status}} exit={{.State.ExitCode}}", name])).stdout.trim();
    return state.startsWith("true") ? undefined : `container ${name} is not running (${state || "gone"})`;
  };
  try {
    await waitForMetadata(bootstrap, { client: o.client, node: o.node, timeoutMs, gone });
  } catch (e) {
    throw new Error(`${(e as Error).message}\nlog tail of ${name}:\n${(await logs(name)).split("\n").slice(-40).join("\n")}`);
  }
}

/** `docker wait` with a bound: the exit code, or an error when it is still running after timeoutMs. */
export async function waitForExit(name: string, timeoutMs: number): Promise<number> {
  const r = await sh(["docker", "wait", name], { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`container ${name} did not exit within ${timeoutMs} ms`);
  return Number(r.stdout.trim());
}

export async function inspect(name: string, format: string): Promise<string> {
  return (await must(["docker", "inspect", "-f", format, name])).trim();
}

/**
 * Wait until docker's own health check (the image's HEALTHCHECK, `kafka-launcher health`) says
 * healthy: the broker answers the protocol. Polls docker inspect; fails at once when the container stops.
 */
export async function waitHealthy(name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [status, running] = (await inspect(name, "{{.State.Health.Status}} {{.State.Running}}")).split(" ");
    if (status === "healthy") return;
    if (running !== "true" || performance.now() > deadline) {
      throw new Error(`container ${name} not healthy (${status}, running ${running}); last check: ${await lastHealthOutput(name)}\n${(await logs(name)).split("\n").slice(-30).join("\n")}`);
    }
    await Bun.sleep(200); // between two looks at docker inspect
  }
}

/** What the last health check printed (docker keeps the last five). */
export async function lastHealthOutput(name: string): Promise<string> {
  const log = JSON.parse(await inspect(name, "{{json .State.Health.Log}}")) as { Output: string }[] | null;
  return log?.at(-1)?.Output.trim() ?? "";
}

/** Milliseconds since `start` (performance.now()), rounded. */
export function since(start: number): number {
  return Math.round(performance.now() - start);
}

// --- host clients --------------------------------------------------------------------------------

/** Produce lines with kcat (librdkafka); `extra` are -X options. */
export async function kcatProduce(bootstrap: string, topic: string, lines: string[], extra: string[] = []): Promise<void> {
  await must(["kcat", "-P", "-b", bootstrap, "-t", topic, "-X", "message.timeout.ms=30000", ...extra], {
    input: `${lines.join("\n")}\n`,
    timeoutMs: 60_000,
  });
}

/** Consume `count` messages from the beginning with kcat; returns them. */
export async function kcatConsume(bootstrap: string, topic: string, count: number, extra: string[] = []): Promise<string[]> {
  const out = await must(["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-c", String(count), "-e", "-q", ...extra], {
    timeoutMs: 60_000,
  });
  return out.split("\n").filter((l) => l.length > 0);
}

/**
 * A kafkajs client. `redirect` maps advertised host:port pairs to where they are published on this
 * host: an image started with only CLUSTER_ID advertises localhost:9092, which we publish elsewhere.
 */
export function kafkajs(brokers: string[], redirect: Record<string, number> = {}): Kafka {
  return new Kafka({
    clientId: "kafka-native-sanity",
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
    socketFactory: ({ host, port, onConnect }) => {
      const target = redirect[`${host}:${port}`];
      const socket: Socket = connect({ host: target ? "127.0.0.1" : host, port: target ?? port }, onConnect);
      socket.setKeepAlive(true, 30_000);
      return socket;
    },
  });
}

/** Produce then consume one message through kafkajs; returns the consumed value. */
export async function kafkajsRoundTrip(client: Kafka, topic: string, value: string): Promise<string> {
  const producer = client.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  await producer.send({ topic, messages: [{ value }] });
  await producer.disconnect();
  return kafkajsFirst(client, topic);
}

/** The first message of a topic, read from the beginning by a fresh consumer group, which commits it as it leaves. */
export async function kafkajsFirst(client: Kafka, topic: string, groupId = uniqueName("group")): Promise<string> {
  const consumer = client.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 60 s`)), 60_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value?.toString() ?? "");
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Polls docker logs (bounded) until a line contains `wanted` (a text) or matches it (a pattern), as a client's log
 * wait does; fails when the container stops.
 */
export async function untilLogged(name: string, wanted: string | RegExp, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const found = (log: string) => (typeof wanted === "string" ? log.includes(wanted) : log.split("\n").some((line) => wanted.test(line)));
  for (;;) {
    const log = await logs(name);
    if (found(log)) return;
    const running = await inspect(name, "{{.State.Running}} exit={{.State.ExitCode}}");
    if (!running.startsWith("true") || performance.now() > deadline) throw new Error(`${name}: no line with ${wanted} (${running}):\n${log.split("\n").slice(-40).join("\n")}`);
    await Bun.sleep(100); // between two reads of the log
  }
}

const STOP_TIMEOUT_S = 30;

/** docker stop: the container must end by itself (143, not docker's kill at the timeout) after Kafka's clean shutdown. */
export async function expectCleanStop(name: string): Promise<void> {
  await must(["docker", "stop", "-t", String(STOP_TIMEOUT_S), name], { timeoutMs: (STOP_TIMEOUT_S + 30) * 1000 });
  const exitCode = Number(await inspect(name, "{{.State.ExitCode}}"));
  expect({ exitCode, shutDown: (await logs(name)).includes("[BrokerServer id=1] shut down completed") }).toEqual({ exitCode: 143, shutDown: true });
}
