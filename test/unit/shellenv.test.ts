import { describe, expect, test } from "bun:test";
import { formatShellEnv, planShellEnv } from "../../entrypoint/core/shell-env.ts";
import { ENV_ONLY_NODE, plan } from "./fixtures.ts";

const DEFAULT_ID = ["CLUSTER_ID", "5L6g3nShT-eMCtK--X86sw"];
const OPTS = [["KAFKA_JMX_OPTS", ""], ["KAFKA_OPTS", ""]];

describe("shell-env: what upstream's configureDefaults and configure export, from the plan", () => {
  const FILE = "process.roles=broker,controller\nnode.id=1\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\ncontroller.quorum.voters=1@localhost:9093\n";
  test.each<[string, "defaults" | "configure", Record<string, string>, string | undefined, ReturnType<typeof planShellEnv>]>([
    ["defaults: nothing set", "defaults", {}, undefined, { exports: [DEFAULT_ID as [string, string]], unsets: [] }],
    ["configure: the image defaults (their listeners are not derived)", "configure", { CLUSTER_ID: "x" }, undefined, { exports: OPTS as [string, string][], unsets: [] }],
    [
      "configure: no listeners, advertised ones (derived, exported); options already given stay as they are",
      "configure",
      { ...ENV_ONLY_NODE, KAFKA_LISTENERS: "", CLUSTER_ID: "x", KAFKA_OPTS: "-Dy=1", KAFKA_JMX_OPTS_FILE: "jmx" },
      undefined,
      { exports: [["KAFKA_LISTENERS", "PLAINTEXT://0.0.0.0:9092"]], unsets: [] },
    ],
    [
      "configure: a mounted file's listeners are never replaced, so nothing is derived",
      "configure",
      { KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://h:1", CLUSTER_ID: "x", KAFKA_OPTS: "", KAFKA_JMX_OPTS: "" },
      FILE,
      { exports: [], unsets: [] },
    ],
    [
      "configure: an empty KAFKA_ADVERTISED_LISTENERS on a controller-only node is unset",
      "configure",
      { ...ENV_ONLY_NODE, KAFKA_PROCESS_ROLES: "controller", KAFKA_LISTENERS: "CONTROLLER://:9093", KAFKA_ADVERTISED_LISTENERS: "", CLUSTER_ID: "x", KAFKA_OPTS: "", KAFKA_JMX_OPTS: "" },
      undefined,
      { exports: [], unsets: ["KAFKA_ADVERTISED_LISTENERS"] },
    ],
  ])("%s", (_name, part, env, server, expected) => {
    expect(planShellEnv(part, env, plan({ env, server }))).toEqual(expected);
  });

  test("configure without a plan (the inputs could not be read): only what the environment decides", () => {
    expect(planShellEnv("configure", { KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://h:1" }, undefined)).toEqual({ exports: [DEFAULT_ID as [string, string], ...(OPTS as [string, string][])], unsets: [] });
  });

  test("formatted for eval: single quotes, a quote inside closed and reopened", () => {
    expect(formatShellEnv({ exports: [["A", "it's $HOME `x`"]], unsets: ["B"] })).toBe("export A='it'\\''s $HOME `x`'\nunset B\n");
  });
});
