// Literal inputs for the pure core: the real default files, any env, any mounted text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileRead, Inputs } from "../../entrypoint/core/inputs.ts";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { planConfig, type Facts, type Plan } from "../../entrypoint/core/plan.ts";
import { chooseRuntime } from "../../entrypoint/core/runtime.ts";

const DEFAULTS = join(import.meta.dir, "../../resources/defaults");
const read = (name: string) => ({ path: `/etc/kafka/docker/${name}`, text: readFileSync(join(DEFAULTS, name), "latin1") });

export const PATHS = {
  defaultConfigsDir: "/etc/kafka/docker",
  mountedConfigsDir: "/mnt/shared/config",
  finalConfigsDir: "/opt/kafka/config",
  secretsDir: "/etc/kafka/secrets",
};

export type Given = {
  env?: Record<string, string>;
  server?: string;
  log4j2?: string;
  toolsLog4j2?: string;
  secrets?: Record<string, string>;
};

export function inputs(given: Given = {}): Inputs {
  const files: Record<string, FileRead> = {};
  for (const [name, text] of Object.entries(given.secrets ?? {})) files[name.startsWith("/") ? name : `/etc/kafka/secrets/${name}`] = { ok: true, text };
  const mount = (name: string, text?: string) => (text === undefined ? undefined : { path: `/mnt/shared/config/${name}`, text });
  return {
    env: given.env ?? {},
    paths: PATHS,
    defaults: { server: read("server.properties"), log4j2: read("log4j2.yaml"), toolsLog4j2: read("tools-log4j2.yaml") },
    mounted: { server: mount("server.properties", given.server), log4j2: mount("log4j2.yaml", given.log4j2), toolsLog4j2: mount("tools-log4j2.yaml", given.toolsLog4j2) },
    files,
    catalog: loadCatalog(),
  };
}

/** A machine with no broker binary and no AOT cache: the JVM runtime on `java`. */
export const FACTS: Facts = { runtime: chooseRuntime({}, { path: "/opt/kafka/kafka.Kafka", present: false }), version: "test" };

export function plan(given: Given = {}): Plan {
  return planConfig(inputs(given), { ...FACTS, runtime: chooseRuntime(given.env ?? {}, { path: "/opt/kafka/kafka.Kafka", present: false }) });
}

export function values(p: Plan): Record<string, string> {
  return Object.fromEntries([...p.config.values()].map((e) => [e.key, e.value]));
}

export function errorSubjects(p: Plan): string[] {
  return p.problems.filter((x) => x.severity === "error").map((x) => x.subject);
}

/** A complete env-only combined node, as Testcontainers and compose files write it. */
export const ENV_ONLY_NODE = {
  KAFKA_NODE_ID: "1",
  KAFKA_PROCESS_ROLES: "broker,controller",
  KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
  KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
};
