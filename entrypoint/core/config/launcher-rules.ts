// The launcher's own rules: inputs that are not broker keys (KAFKA_CLUSTER_ID, the final configs folder)
// and the places where it refuses what Kafka's configuration check accepts because the broker or
// upstream's image would fail later (policy.ts STRICTER_THAN_KAFKA). Pure.
import type { Entry, Inputs } from "../inputs.ts";
import type { Node } from "../kafka/node.ts";
import type { Problem } from "../problems.ts";
import { MASK } from "../secrecy.ts";

type Config = ReadonlyMap<string, Entry>;

export function checkLauncherRules(config: Config, node: Node, inputs: Inputs): Problem[] {
  return [...checkSaslLogin(config, node, inputs.env), ...checkControllerAdvertised(config), ...clusterIdHints(inputs.env), ...checkFolders(inputs)];
}

/** SASL listeners need a JAAS login config (contract §4): a property or KAFKA_OPTS. */
function checkSaslLogin(config: Config, node: Node, env: Readonly<Record<string, string>>): Problem[] {
  const sasl = [...node.listeners, ...(node.advertised ?? [])].some((l) => l.protocol === "SASL_PLAINTEXT" || l.protocol === "SASL_SSL");
  if (!sasl) return [];
  if ([...config.keys()].some((k) => k.endsWith("sasl.jaas.config"))) return [];
  if ((env.KAFKA_OPTS ?? "").includes("-Djava.security.auth.login.config=")) return [];
  return [
    {
      kind: "config",
      severity: "error",
      subject: "sasl.jaas.config",
      message: "a SASL listener is configured but no JAAS login config is given",
      fix: "mount a JAAS file in /etc/kafka/secrets and set KAFKA_OPTS=-Djava.security.auth.login.config=/etc/kafka/secrets/<file>, or set listener.name.<listener>.<mechanism>.sasl.jaas.config",
      stricter: "sasl-without-jaas",
    },
  ];
}

/** Upstream's configure: KAFKA_PROCESS_ROLES=controller with a non-empty KAFKA_ADVERTISED_LISTENERS exits 1. */
function checkControllerAdvertised(config: Config): Problem[] {
  const roles = config.get("process.roles");
  const advertised = config.get("advertised.listeners");
  if (roles?.source.kind !== "env" || roles.value !== "controller" || advertised?.source.kind !== "env" || advertised.value === "") return [];
  return [
    {
      kind: "config",
      severity: "error",
      subject: "advertised.listeners",
      message: "a controller-only node (KAFKA_PROCESS_ROLES=controller) takes no KAFKA_ADVERTISED_LISTENERS in upstream's image",
      fix: "remove KAFKA_ADVERTISED_LISTENERS from this node; set KAFKA_LISTENERS to its CONTROLLER listener",
      source: advertised.source,
      stricter: "controller-advertised-env",
    },
  ];
}

/** KAFKA_CLUSTER_ID would be the junk key cluster.id upstream; it is almost always meant as CLUSTER_ID. */
function clusterIdHints(env: Readonly<Record<string, string>>): Problem[] {
  const wrong = env.KAFKA_CLUSTER_ID;
  if (wrong === undefined) return [];
  const both = env.CLUSTER_ID !== undefined || env.CLUSTER_ID_FILE !== undefined;
  const source = { kind: "env", name: "KAFKA_CLUSTER_ID" } as const;
  if (both) return [{ kind: "config", severity: "warning", subject: "KAFKA_CLUSTER_ID", message: "KAFKA_CLUSTER_ID is ignored; CLUSTER_ID sets the cluster id", fix: "remove KAFKA_CLUSTER_ID", source }];
  return [
    {
      kind: "config",
      severity: "error",
      subject: "KAFKA_CLUSTER_ID",
      message: "KAFKA_CLUSTER_ID is not read: the cluster id variable has no KAFKA_ prefix",
      fix: `rename it to CLUSTER_ID (CLUSTER_ID=${wrong || MASK})`,
      source,
      stricter: "kafka-cluster-id",
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
