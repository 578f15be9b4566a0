#!/usr/bin/env bun
/**
 * Trains the JDK 25 AOT cache of the JVM-backed image and layers it on top (called by
 * scripts/build-image.ts after `docker build`; also runnable alone):
 *
 *   bun scripts/aot-train.ts apache/kafka-native:4.4.0 [more tags…]
 *
 *   1. a training container from the first tag, exactly as users start it (default CMD, launcher,
 *      developer profile) plus KAFKA_OPTS=<entrypoint/core/aot.ts's AOT_MODULE_OPTIONS, the Java's own
 *      training options (scripts/lib/java.ts aotTrainingOptions)> -XX:AOTCacheOutput=/tmp/kafka.aot
 *      and remote JMX on (KAFKA_JMX_PORT): first start, so the
 *      broker's JVM formats storage, then runs the broker;
 *   2. a real client workload from the host (scripts/lib/workload.ts, kafkajs): create a topic, produce,
 *      consume back in a consumer group, commit;
 *   3. `docker stop`: the broker shuts down cleanly and the JVM writes the cache as it exits;
 *   4. `docker cp` the cache out, then docker/jvm/Dockerfile.aot adds it as /opt/kafka/kafka.aot on
 *      top of the same image (so the jars and the Java runtime are byte-for-byte the trained ones)
 *      and every tag is moved to the result.
 * The launcher then passes -XX:AOTCache=/opt/kafka/kafka.aot to the broker and the storage tool
 * (entrypoint/core/aot.ts); LAUNCHER_AOT_CACHE=off starts without it.
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AOT_MODULE_OPTIONS, javaFeature } from "../entrypoint/core/aot.ts";
import { aotTrainingOptions } from "./lib/java.ts";
import { reservePorts } from "./lib/ports.ts";
import { run } from "./lib/run.ts";
import { waitForProduce } from "./lib/wire.ts";
import { workload } from "./lib/workload.ts";

const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
const work = join(repo, "build", "image", "aot");
const CACHE_IN_CONTAINER = "/tmp/kafka.aot";

function say(message: string): void {
  console.log(`==> aot: ${message}`);
}

/** A docker command: its stdout, or why it failed (the command and its stderr). */
function docker(args: string[], inherit = false): { ok: boolean; out: string } {
  const r = run(["docker", ...args], { inherit, env: { ...process.env, DOCKER_BUILDKIT: "0" } });
  return r.ok ? { ok: true, out: r.stdout } : { ok: false, out: r.message };
}

function fail(message: string): never {
  console.error(`aot-train: ${message}`);
  process.exit(1);
}

/** A failed training run: the end of the container's log (launcher on stderr, broker on stdout, in order), then the container is gone. */
function failed(message: string, name?: string): Error {
  if (name) {
    const logs = run(["sh", "-c", 'docker logs --tail 40 "$0" 2>&1', name]);
    console.error(logs.ok ? logs.stdout : logs.message);
    docker(["rm", "-f", "-v", name]);
  }
  return new Error(message);
}

/** The image's Java feature release, from /opt/java/release inside it. */
export function imageJavaFeature(image: string): number {
  const release = docker(["run", "--rm", "--entrypoint", "/bin/cat", image, "/opt/java/release"]);
  return (release.ok && javaFeature(release.out)) || 0;
}

/**
 * One training run in `image` (see the header) with `options` added to the JVM's: the cache written to
 * `cache` on this machine. Throws with the container's log when the run fails.
 */
export async function trainCache(image: string, cache: string, options: readonly string[]): Promise<void> {
  const name = `kafka-native-aot-train-${process.pid}-${Date.now()}`;
  const reserved = await reservePorts(1);
  const [port] = reserved.ports;
  say(`training run in ${image} (first start: format, broker), client on localhost:${port}${options.length ? `, ${options.join(" ")}` : ""}`);
  await reserved.release();
  const started = docker([
    "run", "-d", "--name", name,
    "-p", `127.0.0.1:${port}:9092`,
    "-e", `KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:${port}`,
    "-e", `KAFKA_OPTS=${[...AOT_MODULE_OPTIONS, ...options, `-XX:AOTCacheOutput=${CACHE_IN_CONTAINER}`].join(" ")}`,
    // remote JMX on: its agent's classes go into the cache too, so a start with KAFKA_JMX_PORT loads them from it
    "-e", "KAFKA_JMX_PORT=9101",
    image,
  ]);
  if (!started.ok) throw failed(`docker run failed: ${started.out}`);
  const ready = await waitForProduce("127.0.0.1", port!, "aot-ready", 300_000);
  if (!ready.ok) throw failed(`the training broker never accepted a produce: ${ready.reason}`, name);
  const load = await workload(`127.0.0.1:${port}`, 5_000).catch((e: Error) => {
    throw failed(`workload: ${e.message}`, name);
  });
  say(`workload: ${load.produced} records produced, ${load.consumed} consumed in a group (${(load.ms / 1000).toFixed(1)} s)`);

  say("docker stop: clean shutdown, the JVM writes the cache as it exits");
  docker(["stop", "-t", "300", name]);
  const code = docker(["inspect", "-f", "{{.State.ExitCode}}", name]).out.trim();
  rmSync(cache, { force: true });
  mkdirSync(dirname(cache), { recursive: true });
  const copied = docker(["cp", `${name}:${CACHE_IN_CONTAINER}`, cache]);
  if (!copied.ok || !existsSync(cache) || statSync(cache).size === 0) throw failed(`no cache after the training run (exit ${code}): ${copied.out}`, name);
  docker(["rm", "-f", "-v", name]);
  say(`cache: ${(statSync(cache).size / 1024 / 1024).toFixed(0)} MiB (broker exit code ${code})`);
}

/** Trains the cache with the options of the image's Java (scripts/lib/java.ts) and layers it onto every tag. */
export async function train(tags: string[], options: readonly string[] = aotTrainingOptions(imageJavaFeature(tags[0]!))): Promise<void> {
  const image = tags[0]!;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await trainCache(image, join(work, "kafka.aot"), options).catch((e: Error) => fail(e.message));
  const built = docker(["build", "-f", join(repo, "docker", "jvm", "Dockerfile.aot"), "--build-arg", `BASE=${image}`, ...tags.flatMap((t) => ["-t", t]), work], true);
  if (!built.ok) fail("docker build of the cache layer failed");
  say(`${tags.join(", ")} now carry /opt/kafka/kafka.aot`);
}

if (import.meta.main) {
  const tags = Bun.argv.slice(2);
  if (tags.length === 0) fail("usage: bun scripts/aot-train.ts <image tag> [more tags…]");
  await train(tags);
}
