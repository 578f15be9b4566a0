// The pure core: (env, files, defaults) → the whole start as data. Nothing here touches the
// process, the filesystem or the clock, so every decision is a unit test with literal inputs.
import { join } from "node:path";
import { checkClusterId } from "./kafka/clusterid.ts";
import { checkKnobs } from "./config/knobs.ts";
import { checkLauncherRules } from "./config/launcher-rules.ts";
import { checkUnknownKeys, validateConfig } from "./kafka/validate.ts";
import type { Entry, EnvValue, Inputs } from "./inputs.ts";
import { planLogging, type Logging } from "./config/logging.ts";
import { hasRole, metadataDirOf, storageDirsOf, viewNode, type Node } from "./kafka/node.ts";
import { mergeConfig, type Base } from "./config/merge.ts";
import { dropEmptyEntries } from "./config/lenient.ts";
import { CONFIG_FILES, DEFAULT_CLUSTER_ID, LAUNCHER_ENV } from "./policy.ts";
import type { Problem, Source } from "./problems.ts";
import { stringifyProperties } from "./kafka/properties.ts";
import { aotOptions, withJvmOptions, type AotFacts } from "./aot.ts";
import { targetLine } from "./health-line.ts";
import { chooseTargetIn } from "./health-target.ts";
import { applyProfile, chooseProfile, type Profile } from "./config/profile.ts";
import { checkReplicas } from "./config/replicas.ts";
import { brokerCommand, checkClasspath, formatRun, storageCommand, UPSTREAM_JVM, type Command, type FormatRun, type JvmDefaults, type Runtime } from "./runtime.ts";
import { isSecret, secretTexts } from "./secrecy.ts";
import { applySslSecrets, resolveEnv } from "./config/secrets.ts";
import { planScram, SCRAM_VARIABLE, type Scram } from "./scram.ts";
import { decideStorage, scramNotApplied, type DirState, type StorageDecision } from "./storage.ts";

/** What gather.ts found out about the machine (gatherFacts), and the launcher's version. */
export type Facts = { runtime: Runtime; version: string; aot?: AotFacts };

export type Plan = {
  config: Map<string, Entry>;
  /** The node the config describes, parsed once (node.ts). */
  node: Node;
  base: Base;
  clusterId: { value: string; source: Source; secret: boolean };
  logging: Logging;
  problems: Problem[];
  files: { server: string; log4j2: string; toolsLog4j2: string };
  runtime: Runtime;
  profile?: Profile;
  jvm: JvmDefaults;
  /** JVM options for the AOT cache (aot.ts): given to the broker and the format alike. */
  aot: string[];
  broker: Command;
  /** The storage tool with no arguments yet: a format appends its own (planStorage). */
  storageTool: Command;
  /** The final server.properties, which the format and the broker read. */
  serverFile: string;
  storageDirs: string[];
  standalone: boolean;
  /** SCRAM users to write when the storage is formatted (LAUNCHER_SCRAM_CREDENTIALS). */
  scram?: Scram;
  /** Every value that must never be printed: secret entries and variables, and their list elements. */
  secrets: string[];
};

export function planConfig(inputs: Inputs, facts: Facts): Plan {
  const { vars, problems } = resolveEnv(inputs);
  problems.push(...checkKnobs(inputs.env));
  const scram = planScram(vars);
  problems.push(...scram.problems);
  const env = valuesOf(vars); // every variable after <VAR>_FILE: what the steps below read
  const merged = mergeConfig(inputs, vars);
  problems.push(...merged.problems, ...dropEmptyEntries(merged.config, merged.values));
  const profile = chooseProfile(env);
  const node = viewNode(merged.values); // the node's structure: nothing the profile sets changes it
  applyProfile(merged.config, profile, merged.values, node);
  problems.push(...applySslSecrets(merged.config, inputs, usesProtocol(node, "SSL", "SASL_SSL")));
  const clusterId = chooseClusterId(vars.get("CLUSTER_ID"));
  problems.push(...checkClusterId(clusterId.value, clusterId.source, clusterId.secret));
  problems.push(...validateConfig(merged.values, node));
  problems.push(...checkReplicas(merged.values, node, profile !== undefined));
  problems.push(...checkLauncherRules(merged.config, node, { ...inputs, env }));
  problems.push(...checkUnknownKeys(merged.config, inputs.catalog, isOn(env[LAUNCHER_ENV.strict])));
  const logging = planLogging({ ...inputs, env });
  problems.push(...logging.problems);
  const runtime = facts.runtime;
  problems.push(...checkClasspath(runtime, env));
  const jvm = profile?.jvm ?? UPSTREAM_JVM;
  const aot = aotOptions(facts.aot, env);
  const finalDir = inputs.paths.finalConfigsDir;
  // the processes get the environment as it was given: a <VAR>_FILE secret stays out of theirs, and so do the
  // SCRAM credentials, which only the launcher reads
  const { [SCRAM_VARIABLE]: _, ...given } = inputs.env;
  const passed = (cmd: Command): Command => ({ ...withJvmOptions(cmd, aot), env: { ...given } });
  return {
    config: merged.config,
    node,
    base: merged.base,
    clusterId,
    logging,
    problems,
    files: {
      server: renderServerProperties(merged.config, merged.base, facts.version, join(finalDir, CONFIG_FILES.server)),
      log4j2: logging.log4j2.text,
      toolsLog4j2: logging.toolsLog4j2.text,
    },
    runtime,
    profile,
    jvm,
    aot,
    broker: passed(brokerCommand(runtime, env, finalDir, jvm, inputs.hostAddress)),
    storageTool: passed(storageCommand(runtime, env, finalDir, jvm, [])),
    serverFile: join(finalDir, CONFIG_FILES.server),
    storageDirs: storageDirsOf(node),
    standalone: hasRole(node, "controller") && node.voters.length === 0 && !merged.config.get("controller.quorum.voters")?.value.trim(),
    scram: scram.scram,
    secrets: [...secretValues(merged.config, vars), ...(scram.scram?.secrets ?? [])],
  };
}

/** `notices`: what the step says besides its line (SCRAM users not applied to stored metadata). */
export type StoragePlan = (Exclude<StorageDecision, { action: "format" }> | (Extract<StorageDecision, { action: "format" }> & FormatRun)) & { notices: Problem[] };

/**
 * The storage step from the plan alone and what each dir holds (gather.ts reads meta.properties). With no broker
 * to follow (`setup`), a format is a process of its own on either runtime; so it is with SCRAM users, whose
 * passwords the format's command line holds: the broker's command line, which lives as long as the broker, never
 * does (and the storage tool's output, which prints the users' stored keys, is the launcher's to keep).
 */
export function planStorage(plan: Plan, states: readonly DirState[], brokerFollows = true): StoragePlan {
  const nodeId = plan.node.nodeId === undefined ? "" : String(plan.node.nodeId);
  const scram = plan.scram?.entries ?? [];
  const decision = decideStorage(states, plan.clusterId.value, nodeId, plan.serverFile, plan.standalone, scram);
  if (decision.action === "refuse") return { ...decision, notices: [] };
  const notices = scram.length ? scramNotApplied(states, metadataDirOf(plan.node), SCRAM_VARIABLE) : [];
  if (decision.action === "skip") return { ...decision, notices };
  return { ...decision, notices, ...formatRun(plan.runtime, plan.broker, plan.storageTool, decision.args, brokerFollows && scram.length === 0) };
}

function valuesOf(vars: ReadonlyMap<string, EnvValue>): Record<string, string> {
  return Object.fromEntries([...vars].map(([name, v]) => [name, v.value]));
}

function secretValues(config: ReadonlyMap<string, Entry>, vars: ReadonlyMap<string, EnvValue>): string[] {
  return secretTexts([...[...config.values()].filter(isSecret), ...[...vars.values()].filter((v) => v.secret)].map((e) => e.value));
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

function usesProtocol(node: Node, ...protocols: string[]): boolean {
  return [...node.listeners, ...(node.advertised ?? [])].some((l) => l.protocol !== undefined && protocols.includes(l.protocol));
}

/** CLUSTER_ID, or upstream's fixed default when it is unset or empty (upstream configureDefaults: `-z`). */
function chooseClusterId(given: EnvValue | undefined): Plan["clusterId"] {
  if (given && given.value !== "") return { value: given.value, source: given.source, secret: given.secret };
  const what = given ? "default cluster id (CLUSTER_ID is empty)" : "default cluster id";
  return { value: DEFAULT_CLUSTER_ID, source: { kind: "launcher", what }, secret: false };
}

/**
 * server.properties with its header; the header also names the listener `health` asks (health-target.ts), so
 * that the image's HEALTHCHECK reads one line instead of parsing the file on every check.
 */
export function renderServerProperties(config: ReadonlyMap<string, Entry>, base: Base, version: string, path: string = CONFIG_FILES.server): string {
  const target = chooseTargetIn(new Map([...config].map(([key, entry]) => [key, entry.value])), path);
  const header = [
    `Written by kafka-launcher ${version} on every start; edits here are lost.`,
    `Base: ${base}; then KAFKA_* environment variables; run \`kafka-launcher explain\` for each key's source.`,
    ...(target.ok ? [targetLine(target.target)] : []),
  ];
  return stringifyProperties([...config.values()], header);
}
