// runtime.ts: which runtime and class path the broker gets, and CLASSPATH (a plugin's jars) on each runtime.
import { describe, expect, test } from "bun:test";
import { checkClasspath, chooseRuntime } from "../../entrypoint/core/runtime.ts";
import { ENV_ONLY_NODE, plan } from "./fixtures.ts";

const NO_BINARY = { path: "/opt/kafka/kafka.Kafka", present: false };

describe("the JVM runtime's class path", () => {
  test.each([
    ["nothing set: the image's jars", {}, "/opt/kafka/libs/*"],
    ["CLASSPATH: after the broker's jars", { CLASSPATH: "/opt/plugins/*" }, "/opt/kafka/libs/*:/opt/plugins/*"],
    ["CLASSPATH with several entries and empty ones", { CLASSPATH: ":/a.jar::/b/*:" }, "/opt/kafka/libs/*:/a.jar:/b/*"],
    ["LAUNCHER_CLASSPATH replaces the image's jars, CLASSPATH still follows", { LAUNCHER_CLASSPATH: "/libs/*", CLASSPATH: "/p/*" }, "/libs/*:/p/*"],
  ])("%s", (_, env, classpath) => {
    const runtime = chooseRuntime(env, NO_BINARY);
    expect(runtime.kind === "jvm" && runtime.classpath).toBe(classpath);
  });

  test("the broker's command line carries it", () => {
    const argv = plan({ env: { ...ENV_ONLY_NODE, CLASSPATH: "/opt/plugins/*" } }).broker.argv;
    expect(argv[argv.indexOf("-cp") + 1]).toBe("/opt/kafka/libs/*:/opt/plugins/*");
  });
});

describe("CLASSPATH on the native runtime", () => {
  test("is a warning: a native image cannot load classes at run time", () => {
    const native = chooseRuntime({ CLASSPATH: "/opt/plugins/*" }, { path: "/opt/kafka/kafka.Kafka", present: true });
    expect(checkClasspath(native, { CLASSPATH: "/opt/plugins/*" }).map((p) => [p.severity, p.subject])).toEqual([["warning", "CLASSPATH"]]);
    expect(checkClasspath(chooseRuntime({}, NO_BINARY), { CLASSPATH: "/opt/plugins/*" })).toEqual([]);
  });
});
