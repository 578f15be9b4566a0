// The image's JDK AOT cache, as users start the image: a start in the default configuration prints no
// JVM warning, and the cache is really used (its file is mapped into the broker, PID 1) by a default
// start, by a start with remote JMX (KAFKA_JMX_PORT: the JVM used to refuse the cache then, because
// the JMX agent's module was not in the trained module graph) and by Kafka's own JVM options
// (LAUNCHER_PROFILE=off: G1, a 1 GiB heap). A cache the JVM refuses still prints its [aot] error, so
// "no warning" and "mapped" together mean a quiet start that uses the cache.
import { beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dockerSuite, ensureImage, logs, must, removeLeftoversAfterAll, sh, startContainer, tempDir } from "./harness.ts";

const { skip } = dockerSuite("test/docker/aot-cache.test.ts");
removeLeftoversAfterAll();

const START_TIMEOUT = 180_000;
const CACHE = "/opt/kafka/kafka.aot";
/** A line of the JVM's unified logging at warning or error level, e.g. `[0.314s][warning][aot] …`. */
const JVM_WARNING = /^\[[\d.]+s\]\[(warning|error)\s*\].*$/m;

/** Ready = the broker answers ApiVersions inside the container (`kafka-launcher health`, polled). */
async function waitReady(name: string): Promise<void> {
  const poll = "until kafka-launcher health --timeout 2000 >/dev/null 2>&1; do sleep 0.2; done";
  const r = await sh(["docker", "exec", name, "sh", "-c", poll], { timeoutMs: START_TIMEOUT - 10_000 });
  if (r.exitCode !== 0) throw new Error(`${name} never answered health:\n${(await logs(name)).split("\n").slice(-30).join("\n")}`);
}

/** Files of PID 1 (the broker, after the launcher's execve) that are mapped into memory. */
async function mappedFiles(name: string): Promise<string[]> {
  const r = await sh(["docker", "exec", name, "cat", "/proc/1/maps"]);
  return [...new Set(r.stdout.split("\n").map((l) => l.split(/\s+/)[5] ?? "").filter((f) => f.startsWith("/")))];
}

async function startAndInspect(env: Record<string, string>): Promise<{ log: string; mapped: boolean; name: string }> {
  const name = await startContainer("aot", { env });
  await waitReady(name);
  return { log: await logs(name), mapped: (await mappedFiles(name)).includes(CACHE), name };
}

describe.skipIf(skip)("the image's AOT cache: quiet, and used", () => {
  beforeAll(ensureImage, 900_000);

  test("default configuration: no JVM warning in the start log, the cache is mapped", async () => {
    const started = await startAndInspect({});
    expect(started.log.match(JVM_WARNING)?.[0] ?? "no JVM warning").toBe("no JVM warning");
    expect(started.log).toContain("-XX:AOTCache=/opt/kafka/kafka.aot");
    expect(started.mapped).toBe(true);
  }, START_TIMEOUT);

  test("KAFKA_JMX_PORT: the cache is mapped, nothing printed about it, and the JMX port listens", async () => {
    const started = await startAndInspect({ KAFKA_JMX_PORT: "9101" });
    expect(started.log.match(JVM_WARNING)?.[0] ?? "no JVM warning").toBe("no JVM warning");
    expect(started.mapped).toBe(true);
    const jmx = await sh(["docker", "exec", started.name, "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9101"]);
    expect(jmx.exitCode).toBe(0);
  }, START_TIMEOUT);

  // A plugin's jars (CLASSPATH) come after the broker's own, so the class path extends the trained one.
  test("CLASSPATH with a mounted plugin jar: the cache is mapped, no JVM warning", async () => {
    const plugins = tempDir("plugins");
    writeFileSync(join(plugins, "Plugin.java"), "public class Plugin {}\n");
    await must(["javac", "--release", "17", "-d", plugins, join(plugins, "Plugin.java")]);
    await must(["jar", "--create", "--file", join(plugins, "plugin.jar"), "-C", plugins, "Plugin.class"]);
    const name = await startContainer("aot", { env: { CLASSPATH: "/opt/plugins/*" }, mounts: { [plugins]: "/opt/plugins:ro" } });
    await waitReady(name);
    const log = await logs(name);
    expect(log.match(JVM_WARNING)?.[0] ?? "no JVM warning").toBe("no JVM warning");
    expect(log).toContain("-cp /opt/kafka/libs/*:/opt/plugins/*");
    expect((await mappedFiles(name)).includes(CACHE)).toBe(true);
  }, START_TIMEOUT);

  test("LAUNCHER_PROFILE=off (G1, -Xmx1G -Xms1G): the cache is mapped, no JVM warning", async () => {
    const started = await startAndInspect({ LAUNCHER_PROFILE: "off" });
    expect(started.log.match(JVM_WARNING)?.[0] ?? "no JVM warning").toBe("no JVM warning");
    expect(started.mapped).toBe(true);
  }, START_TIMEOUT);
});
