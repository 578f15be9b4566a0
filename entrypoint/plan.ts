// The pure core: (env, files, defaults) → the whole start as data. Nothing here touches the
// process, the filesystem or the clock, so every decision is a unit test with literal inputs.
import { join } from "node:path";
import { checkClusterId, checkTypes, checkUnknownKeys, validateConfig } from "./validate.ts";
import type { Entry, EnvValue, Inputs } from "./inputs.ts";
import { parseListeners, parseProtocolMap, protocolOf } from "./listeners.ts";
import { planLogging, type Logging } from "./logging.ts";
import { mergeConfig, type Base } from "./merge.ts";
import { CONFIG_FILES, DEFAULT_CLUSTER_ID, LAUNCHER_ENV } from "./policy.ts";
import type { Problem, Source } from "./problems.ts";
import { stringifyProperties } from "./properties.ts";
import { aotOptions, withJvmOptions, type AotFacts } from "./aot.ts";
import { applyProfile, chooseProfile, type Profile } from "./profile.ts";
import { brokerCommand, chooseRuntime, formatRun, UPSTREAM_JVM, type Command, type FormatRun, type JvmDefaults, type Runtime } from "./runtime.ts";
import { applySslSecrets, resolveEnv } from "./secrets.ts";
import { decideStorage, needsStandalone, storageDirs, type DirState, type StorageDecision } from "./storage.ts";

export type Facts = { binaryPresent: boolean; version: string; aot?: AotFacts };

export type Plan = {
  config: Map<string, Entry>;
  base: Base;
  clusterId: { value: string; source: Source };
  logging: Logging;
  problems: Problem[];
  files: { server: string; log4j2: string; toolsLog4j2: string };
  runtime: Runtime;
  profile?: Profile;
  jvm: JvmDefaults;
  /** JVM options for the AOT cache (aot.ts): given to the broker and the format alike. */
  aot: string[];
  broker: Command;
  storageDirs: string[];
  standalone: boolean;
};

export function planConfig(inputs: Inputs, facts: Facts): Plan {
  const { vars, problems } = resolveEnv(inputs);
  const merged = mergeConfig(inputs, vars);
  problems.push(...merged.problems);
  const profile = chooseProfile(inputs.env);
  applyProfile(merged.config, profile);
  const protocols = listenerProtocols(merged.config);
  problems.push(...applySslSecrets(merged.config, inputs, protocols.has("SSL") || protocols.has("SASL_SSL")));
  problems.push(...checkSaslLogin(merged.config, inputs.env, protocols));
  const clusterId = chooseClusterId(vars.get("CLUSTER_ID"));
  problems.push(...clusterIdHints(inputs.env), ...checkClusterId(clusterId.value, clusterId.source));
  problems.push(...validateConfig(merged.config));
  problems.push(...checkUnknownKeys(merged.config, inputs.catalog, isOn(inputs.env[LAUNCHER_ENV.strict])));
  problems.push(...checkTypes(merged.config, inputs.catalog));
  problems.push(...checkFolders(inputs));
  const logging = planLogging(inputs);
  problems.push(...logging.problems);
  const runtime = chooseRuntime(inputs.env, facts.binaryPresent);
  const jvm = profile?.jvm ?? UPSTREAM_JVM;
  const aot = aotOptions(facts.aot, inputs.env);
  return {
    config: merged.config,
    base: merged.base,
    clusterId,
    logging,
    problems,
    files: {
      server: renderServerProperties(merged.config, merged.base, facts.version),
      log4j2: logging.log4j2.text,
      toolsLog4j2: logging.toolsLog4j2.text,
    },
    runtime,
    profile,
    jvm,
    aot,
    broker: withJvmOptions(brokerCommand(runtime, inputs.env, inputs.paths.finalConfigsDir, jvm, inputs.hostAddress), aot),
    storageDirs: storageDirs(merged.config),
    standalone: needsStandalone(merged.config),
  };
}

export type StoragePlan = Exclude<StorageDecision, { action: "format" }> | (Extract<StorageDecision, { action: "format" }> & FormatRun);

export function planStorage(plan: Plan, states: readonly DirState[], inputs: Inputs): StoragePlan {
  const configPath = join(inputs.paths.finalConfigsDir, CONFIG_FILES.server);
  const nodeId = plan.config.get("node.id")?.value ?? "";
  const decision = decideStorage(states, plan.clusterId.value, nodeId, configPath, plan.standalone);
  if (decision.action !== "format") return decision;
  const run = formatRun(plan.runtime, inputs.env, inputs.paths.finalConfigsDir, plan.jvm, decision.args, inputs.hostAddress);
  return { ...decision, ...run, command: withJvmOptions(run.command, plan.aot) };
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

function listenerProtocols(config: ReadonlyMap<string, Entry>): Set<string> {
  const map = parseProtocolMap(config.get("listener.security.protocol.map")?.value, config.get("controller.listener.names")?.value);
  const names = ["listeners", "advertised.listeners"].flatMap((k) => parseListeners(config.get(k)?.value ?? "").listeners.map((l) => l.name));
  return new Set(names.map((n) => protocolOf(n, map)).filter((p): p is string => !!p));
}

/** SASL listeners need a JAAS login config (contract §4): a property or KAFKA_OPTS. */
function checkSaslLogin(config: ReadonlyMap<string, Entry>, env: Readonly<Record<string, string>>, protocols: Set<string>): Problem[] {
  if (!protocols.has("SASL_PLAINTEXT") && !protocols.has("SASL_SSL")) return [];
  if ([...config.keys()].some((k) => k.endsWith("sasl.jaas.config"))) return [];
  if ((env.KAFKA_OPTS ?? "").includes("-Djava.security.auth.login.config=")) return [];
  return [
    {
      kind: "config",
      severity: "error",
      subject: "sasl.jaas.config",
      message: "a SASL listener is configured but no JAAS login config is given",
      fix: "mount a JAAS file in /etc/kafka/secrets and set KAFKA_OPTS=-Djava.security.auth.login.config=/etc/kafka/secrets/<file>, or set listener.name.<listener>.<mechanism>.sasl.jaas.config",
    },
  ];
}

function chooseClusterId(given: EnvValue | undefined): { value: string; source: Source } {
  if (given) return { value: given.value, source: given.source };
  return { value: DEFAULT_CLUSTER_ID, source: { kind: "launcher", what: "default cluster id" } };
}

/** KAFKA_CLUSTER_ID would be the junk key cluster.id upstream; it is almost always meant as CLUSTER_ID. */
function clusterIdHints(env: Readonly<Record<string, string>>): Problem[] {
  const wrong = env.KAFKA_CLUSTER_ID;
  if (wrong === undefined) return [];
  const both = env.CLUSTER_ID !== undefined || env.CLUSTER_ID_FILE !== undefined;
  return [
    {
      kind: "config",
      severity: both ? "warning" : "error",
      subject: "KAFKA_CLUSTER_ID",
      message: both ? "KAFKA_CLUSTER_ID is ignored; CLUSTER_ID sets the cluster id" : "KAFKA_CLUSTER_ID is not read: the cluster id variable has no KAFKA_ prefix",
      fix: both ? "remove KAFKA_CLUSTER_ID" : `rename it to CLUSTER_ID (CLUSTER_ID=${wrong})`,
      source: { kind: "env", name: "KAFKA_CLUSTER_ID" },
    },
  ];
}

/** The mounted folder is read-only to us: never render into it. */
function checkFolders(inputs: Inputs): Problem[] {
  if (inputs.paths.finalConfigsDir !== inputs.paths.mountedConfigsDir) return [];
  return [
    {
      kind: "usage",
      severity: "error",
      subject: "--final-configs-dir",
      message: `the final configs folder ${inputs.paths.finalConfigsDir} is the mounted configs folder`,
      fix: "give --final-configs-dir a folder of its own; the mounted folder is never written",
    },
  ];
}

export function renderServerProperties(config: ReadonlyMap<string, Entry>, base: Base, version: string): string {
  const header = [
    `Written by kafka-launcher ${version} on every start; edits here are lost.`,
    `Base: ${base}; then KAFKA_* environment variables; run \`kafka-launcher explain\` for each key's source.`,
  ];
  return stringifyProperties([...config.values()], header);
}
