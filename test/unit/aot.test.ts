// entrypoint/core/aot.ts: when the launcher adds -XX:AOTCache, and the edge probe against real files.
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aotOptions, javaFeature, withJvmOptions } from "../../entrypoint/core/aot.ts";
import { gatherFacts, probeAot } from "../../entrypoint/edges/gather.ts";

const present = { cache: "/opt/kafka/kafka.aot", present: true, javaFeature: 25 };

describe("aotOptions", () => {
  test.each([
    ["cache there, JDK 25: the cache and its module graph", present, {}, ["-XX:AOTCache=/opt/kafka/kafka.aot", "--add-modules=jdk.management.agent"]],
    ["cache there, JDK 26", { ...present, javaFeature: 26 }, {}, ["-XX:AOTCache=/opt/kafka/kafka.aot", "--add-modules=jdk.management.agent"]],
    ["JDK 21 refuses the option", { ...present, javaFeature: 21 }, {}, []],
    ["unknown JDK", { ...present, javaFeature: undefined }, {}, []],
    ["no cache file", { ...present, present: false }, {}, []],
    ["not probed (native runtime, or off)", undefined, {}, []],
    ["user's own cache in KAFKA_OPTS", present, { KAFKA_OPTS: "-XX:AOTCache=/x.aot" }, []],
    ["user trains", present, { KAFKA_OPTS: "-XX:AOTCacheOutput=/x.aot" }, []],
    ["user's AppCDS archive", present, { KAFKA_JVM_PERFORMANCE_OPTS: "-XX:SharedArchiveFile=/x.jsa" }, []],
    ["user's AOTMode", present, { KAFKA_OPTS: "-XX:AOTMode=off" }, []],
    ["unrelated options", present, { KAFKA_OPTS: "-Dfoo=bar", KAFKA_HEAP_OPTS: "-Xmx1G" }, ["-XX:AOTCache=/opt/kafka/kafka.aot", "--add-modules=jdk.management.agent"]],
    ["remote JMX: the same graph, the same options", present, { KAFKA_JMX_PORT: "9101" }, ["-XX:AOTCache=/opt/kafka/kafka.aot", "--add-modules=jdk.management.agent"]],
  ] as const)("%s", (_name, facts, env, expected) => {
    expect(aotOptions(facts, env as Record<string, string>)).toEqual([...expected]);
  });
});

test("javaFeature reads the release file", () => {
  expect(javaFeature('IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25.0.3"\n')).toBe(25);
  expect(javaFeature('JAVA_VERSION="17.0.15"')).toBe(17);
  expect(javaFeature("nothing")).toBeUndefined();
});

test("withJvmOptions puts them right after java, before every KAFKA_*_OPTS", () => {
  const cmd = { path: "/opt/java/bin/java", argv: ["/opt/java/bin/java", "-Xmx512M", "-cp", "x", "Main"], env: {} };
  expect(withJvmOptions(cmd, ["-XX:AOTCache=/c"]).argv).toEqual(["/opt/java/bin/java", "-XX:AOTCache=/c", "-Xmx512M", "-cp", "x", "Main"]);
  expect(withJvmOptions(cmd, [])).toBe(cmd);
});

describe("probeAot (gather.ts) against files", () => {
  const root = mkdtempSync(join(tmpdir(), "aot-"));
  const home = join(root, "jdk");
  mkdirSync(join(home, "bin"), { recursive: true });
  writeFileSync(join(home, "bin", "java"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(home, "release"), 'JAVA_VERSION="25.0.3"\n');
  symlinkSync(join(home, "bin", "java"), join(root, "java-link"));
  const cache = join(root, "kafka.aot");
  writeFileSync(cache, "x");
  const jvm = (java: string) => java;

  test("finds the cache and the JDK release through a symlinked java", () => {
    expect(probeAot({ LAUNCHER_AOT_CACHE: cache }, jvm(join(root, "java-link")))).toEqual({ cache, present: true, javaFeature: 25 });
  });
  test("a bare java name is looked up in PATH", () => {
    expect(probeAot({ LAUNCHER_AOT_CACHE: cache, PATH: join(home, "bin") }, jvm("java"))?.javaFeature).toBe(25);
  });
  test("missing or empty cache file: not present", () => {
    expect(probeAot({ LAUNCHER_AOT_CACHE: join(root, "none.aot") }, jvm(join(home, "bin", "java")))).toEqual({ cache: join(root, "none.aot"), present: false });
    writeFileSync(join(root, "empty.aot"), "");
    expect(probeAot({ LAUNCHER_AOT_CACHE: join(root, "empty.aot") }, jvm(join(home, "bin", "java")))?.present).toBe(false);
  });
  test("off, empty, and the native runtime: not probed", () => {
    expect(probeAot({ LAUNCHER_AOT_CACHE: "off" }, jvm(join(home, "bin", "java")))).toBeUndefined();
    expect(probeAot({ LAUNCHER_AOT_CACHE: "" }, jvm(join(home, "bin", "java")))).toBeUndefined();
    const native = join(root, "kafka.Kafka");
    writeFileSync(native, "#!/bin/sh\n", { mode: 0o755 });
    expect(gatherFacts({ LAUNCHER_AOT_CACHE: cache, LAUNCHER_BROKER_BINARY: native })).toEqual({ runtime: { kind: "native", binary: native }, aot: undefined });
  });
});
