// Replica settings the cluster must be able to meet. Kafka creates its internal topics (__consumer_offsets,
// __transaction_state, __share_group_state, __remote_log_metadata) on first use with a replication factor of
// 3 by default; on a cluster of one the creation fails (INVALID_REPLICATION_FACTOR) and consumer groups,
// transactions or share groups fail while produce works. Here: how many nodes the configuration describes,
// the settings that must not exceed it (a table, checked against Kafka's own defaults by test/oracle), and
// the warnings when one does. Pure. The developer profile (profile.ts) sets these to 1 on a cluster of one.
import { hasRole, type Node } from "../kafka/node.ts";
import { propertyToEnv } from "./envname.ts";
import type { Problem } from "../problems.ts";
import { valueOf, type Values } from "../kafka/values.ts";

/**
 * A setting that caps replicas: a topic's replication factor, or the in-sync replicas a write to it needs. What
 * happens when the cluster cannot meet a replication factor: `what` cannot be created, so `fails` fail.
 */
export type ReplicaSetting = {
  key: string;
  kind: "replication factor" | "min in-sync replicas";
  what: string;
  fails: string;
  /** Only in force when this boolean key is true (the remote log metadata topic). */
  when?: string;
};

const RLMM_PREFIX_KEY = "remote.log.metadata.manager.impl.prefix";

/**
 * Kafka 4.4's replica settings of its internal topics (KafkaConfig, TransactionLogConfig, ShareCoordinatorConfig,
 * TopicBasedRemoteLogMetadataManagerConfig under its `rlmm.config.` prefix: a key with `{rlmm}` is read under
 * remote.log.metadata.manager.impl.prefix), and default.replication.factor. A min ISR above the cluster is never a
 * warning: Kafka 4.4 caps the in-sync replicas a write needs at the partition's replica count
 * (Partition.effectiveMinIsr; seen on a one-node broker: transaction.state.log.min.isr=2 and
 * min.insync.replicas=2 take transactions and acks=all writes). The profile still sets the internal topics' to 1
 * on a cluster of one, so that what is written says what holds.
 */
export const REPLICA_SETTINGS: readonly ReplicaSetting[] = [
  { key: "offsets.topic.replication.factor", kind: "replication factor", what: "__consumer_offsets", fails: "consumer groups and offset commits" },
  { key: "transaction.state.log.replication.factor", kind: "replication factor", what: "__transaction_state", fails: "transactions" },
  { key: "transaction.state.log.min.isr", kind: "min in-sync replicas", what: "__transaction_state", fails: "transactions" },
  { key: "share.coordinator.state.topic.replication.factor", kind: "replication factor", what: "__share_group_state", fails: "share groups" },
  { key: "share.coordinator.state.topic.min.isr", kind: "min in-sync replicas", what: "__share_group_state", fails: "share groups" },
  { key: "{rlmm}remote.log.metadata.topic.replication.factor", kind: "replication factor", what: "__remote_log_metadata", fails: "tiered storage", when: "remote.log.storage.system.enable" },
  { key: "{rlmm}remote.log.metadata.topic.min.isr", kind: "min in-sync replicas", what: "__remote_log_metadata", fails: "tiered storage", when: "remote.log.storage.system.enable" },
  { key: "default.replication.factor", kind: "replication factor", what: "a topic that takes the default replication factor", fails: "auto-created topics and topics created without a replication factor" },
];

/** TopicBasedRemoteLogMetadataManagerConfig's defaults: its keys live under a prefix, outside the broker's ConfigDef. */
export const RLMM_DEFAULTS: Readonly<Record<string, bigint>> = {
  "remote.log.metadata.topic.replication.factor": 3n,
  "remote.log.metadata.topic.min.isr": 2n,
};

/** The nodes this configuration names that can hold replicas; undefined where it cannot tell (a broker-only node). */
export type Cluster = { nodes: number; how: string };

/**
 * A combined node knows its cluster: the voters of controller.quorum.voters with itself, or with a dynamic quorum
 * (no static voters) the controllers of controller.quorum.bootstrap.servers; with at most one, it is formatted as
 * its quorum's only voter (--standalone). A broker-only node cannot tell how many brokers there are, and a
 * controller-only one holds no replicas.
 */
export function describeCluster(node: Node): Cluster | undefined {
  if (!hasRole(node, "broker") || !hasRole(node, "controller")) return undefined;
  if (node.voters.length > 0) {
    const ids = new Set(node.voters.map((v) => v.id));
    if (node.nodeId !== undefined) ids.add(node.nodeId);
    return ids.size === 1 ? { nodes: 1, how: "the only voter of controller.quorum.voters, with combined roles" } : { nodes: ids.size, how: "the voters of controller.quorum.voters" };
  }
  if (node.bootstrapServers.length <= 1) return { nodes: 1, how: "a standalone quorum of itself, with combined roles" };
  return { nodes: node.bootstrapServers.length, how: "the controllers of controller.quorum.bootstrap.servers" };
}

export function isClusterOfOne(node: Node): boolean {
  return describeCluster(node)?.nodes === 1;
}

/** A setting's key in this configuration: `{rlmm}` becomes remote.log.metadata.manager.impl.prefix's value. */
export function keyOf(setting: Pick<ReplicaSetting, "key">, values: Values): string {
  if (!setting.key.startsWith("{rlmm}")) return setting.key;
  const prefix = valueOf(values, RLMM_PREFIX_KEY);
  return `${typeof prefix === "string" ? prefix : "rlmm.config."}${setting.key.slice("{rlmm}".length)}`;
}

/** The settings in force here (the remote log metadata topic's only with tiered storage on). */
export function settingsInForce(values: Values): ReplicaSetting[] {
  return REPLICA_SETTINGS.filter((s) => s.when === undefined || valueOf(values, s.when) === true);
}

/** What the broker reads for a setting: the set value, else Kafka's default; undefined when it does not parse. */
export function effectiveCount(setting: Pick<ReplicaSetting, "key">, values: Values): bigint | undefined {
  const key = keyOf(setting, values);
  if (key === setting.key) {
    const value = valueOf(values, key); // parsed once, as ConfigDef parses it (values.ts)
    return typeof value === "bigint" ? value : undefined;
  }
  const entry = values.config.get(key); // under the remote log metadata manager's prefix: outside the catalog
  return entry ? wholeNumber(entry.value) : kafkaDefault(setting, values);
}

/** Kafka's own default of a setting (the broker's ConfigDef, or the remote log metadata manager's). */
export function kafkaDefault(setting: Pick<ReplicaSetting, "key">, values: Values): bigint | undefined {
  if (setting.key.startsWith("{rlmm}")) return RLMM_DEFAULTS[setting.key.slice("{rlmm}".length)];
  const text = values.catalog.keys.get(setting.key)?.default;
  return typeof text === "string" ? wholeNumber(text) : undefined;
}

/** A whole number as Short.parseShort reads one, after ConfigDef's trim. */
function wholeNumber(text: string): bigint | undefined {
  return /^[+-]?\d+$/.test(text.trim()) ? BigInt(text.trim()) : undefined;
}

/** The developer profile sets a setting on a cluster of one where Kafka's default is above 1 (profile.ts). */
export function profileSets(setting: Pick<ReplicaSetting, "key">, values: Values): boolean {
  return (kafkaDefault(setting, values) ?? 0n) > 1n;
}

/** Every replication factor in force that the cluster this configuration describes can never hold. */
export function checkReplicas(values: Values, node: Node, profileOn: boolean): Problem[] {
  const cluster = describeCluster(node);
  if (!cluster) return [];
  return settingsInForce(values).flatMap((setting) => {
    const count = setting.kind === "replication factor" ? effectiveCount(setting, values) : undefined;
    return count !== undefined && count > BigInt(cluster.nodes) ? [beyondCluster(setting, values, count, cluster, profileOn)] : [];
  });
}

function beyondCluster(setting: ReplicaSetting, values: Values, count: bigint, cluster: Cluster, profileOn: boolean): Problem {
  const key = keyOf(setting, values);
  const entry = values.config.get(key);
  const [size, effect] =
    cluster.nodes === 1
      ? [`this node is a cluster of one (${cluster.how})`, `${setting.what} can never be created`]
      : [`this configuration names ${cluster.nodes} nodes (${cluster.how})`, `until more brokers join, ${setting.what} cannot be created`];
  const byProfile = cluster.nodes === 1 && profileSets(setting, values);
  const profileFix = !byProfile ? "" : profileOn ? ", or leave it unset: the developer profile sets 1 on a cluster of one" : "; LAUNCHER_PROFILE=dev (the default) sets it to 1 on a cluster of one";
  return {
    kind: "config",
    severity: "warning",
    subject: key,
    message: `${key} is ${count}${entry ? "" : " (Kafka's default)"}, but ${size}: ${effect}, so ${setting.fails} fail`,
    fix: `set ${key}=${cluster.nodes} (${propertyToEnv(key)}=${cluster.nodes})${profileFix}`,
    source: entry?.source,
  };
}
