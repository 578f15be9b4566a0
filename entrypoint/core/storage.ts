// Storage formatting as a decision (contract §6). Upstream runs the format on every start and greps
// for "already formatted"; we read each dir's meta.properties and decide: skip, format, format with
// --ignore-formatted, or refuse before anything is touched.
import { sameClusterId } from "./kafka/clusterid.ts";
import type { Problem } from "./problems.ts";
import { parseProperties, type PropertyLine } from "./kafka/properties.ts";

export type MetaRead =
  | { kind: "absent" }
  | { kind: "present"; text: string }
  | { kind: "unreadable"; reason: "permission" | "io"; detail: string };

/** Whether the launcher (so the broker, the same user) may write in the dir, or create it where it is missing. */
export type DirAccess = { ok: true } | { ok: false; path: string; kind: "missing-input" | "permission" | "io"; detail: string; owner?: string; user?: number };

export type DirState = { dir: string; meta: MetaRead; access?: DirAccess };

export type StorageDecision =
  | { action: "skip"; dirs: string[]; reason: string }
  | { action: "format"; dirs: string[]; ignoreFormatted: boolean; args: string[]; reason: string }
  | { action: "refuse"; dirs: string[]; problems: Problem[] };

/**
 * Kafka's message when the storage tool refused the configuration rather than failed at its work: KafkaConfig's
 * ConfigException or failed requirement, or the tool's own word on the quorum settings. undefined otherwise.
 */
export function kafkaRefusal(output: string): string | undefined {
  const thrown = /(?:org\.apache\.kafka\.common\.config\.ConfigException|java\.lang\.IllegalArgumentException): (.*)/.exec(output);
  if (thrown) return thrown[1]!.trim();
  const terse = output.split("\n").map((l) => l.trim()).find((l) => TERSE_REFUSALS.some((r) => l.startsWith(r)));
  return terse;
}

/** StorageTool's TerseFailure messages about the configuration (kafka.tools.StorageTool, Kafka 4.4). */
const TERSE_REFUSALS = [
  "The kafka configuration file appears to be for a legacy cluster",
  "You cannot specify controller.quorum.voters",
  "Because controller.quorum.voters is not set on this controller",
  "You can only use --standalone on a controller",
];

/**
 * `--standalone` only for a controller with no static voters: it becomes the sole initial voter. Each SCRAM entry
 * (scram.ts) is one `--add-scram`: Kafka writes the users into the new metadata.
 */
export function formatArgs(clusterId: string, configPath: string, standalone: boolean, ignoreFormatted: boolean, scram: readonly string[] = []): string[] {
  const args = ["format", "--cluster-id", clusterId, "-c", configPath];
  if (standalone) args.push("--standalone");
  if (ignoreFormatted) args.push("--ignore-formatted");
  for (const entry of scram) args.push("--add-scram", entry);
  return args;
}

type Meta = { clusterId?: string; nodeId?: string };

/** Kafka writes meta.properties itself; one Java cannot read is treated as having no ids. */
function readMeta(text: string): Meta {
  const meta: Meta = {};
  let lines: PropertyLine[] = [];
  try {
    lines = parseProperties(text);
  } catch {
    return meta;
  }
  for (const { key, value } of lines) {
    if (key === "cluster.id") meta.clusterId = value;
    if (key === "node.id") meta.nodeId = value;
  }
  return meta;
}

export function decideStorage(
  states: readonly DirState[],
  clusterId: string,
  nodeId: string,
  configPath: string,
  standalone: boolean,
  scram: readonly string[] = [],
): StorageDecision {
  const dirs = states.map((s) => s.dir);
  const problems = states.flatMap((s) => [...checkAccess(s), ...checkDir(s, clusterId, nodeId)]);
  if (problems.length > 0) return { action: "refuse", dirs, problems };
  const formatted = states.filter((s) => s.meta.kind === "present").length;
  if (formatted === states.length) return { action: "skip", dirs, reason: `all ${formatted} storage dir(s) already formatted for cluster ${clusterId}` };
  const ignoreFormatted = formatted > 0;
  const reason = ignoreFormatted ? `${states.length - formatted} of ${states.length} storage dir(s) not formatted yet` : `new storage in ${dirs.join(", ")}`;
  // StorageTool and the broker compare ids as strings (docs/cluster-id.md): keep the stored spelling.
  const id = storedClusterId(states) ?? clusterId;
  return { action: "format", dirs, ignoreFormatted, args: formatArgs(id, configPath, standalone, ignoreFormatted, scram), reason };
}

/**
 * SCRAM users are written only into new metadata: when the metadata log dir is formatted already, its users stay as
 * they are, and the launcher says so once.
 */
export function scramNotApplied(states: readonly DirState[], metadataDir: string | undefined, variable: string): Problem[] {
  const stored = states.find((s) => s.dir === metadataDir && s.meta.kind === "present");
  if (!stored) return [];
  return [
    {
      kind: "config",
      severity: "warning",
      subject: variable,
      message: `${variable} is not applied: the metadata in ${stored.dir} is formatted already and keeps the SCRAM users it has`,
      fix: "change users on the running broker (kafka-configs.sh --alter --entity-type users --entity-name NAME --add-config 'SCRAM-SHA-256=[password=…]', or Admin.alterUserScramCredentials), or start on an empty data dir",
    },
  ];
}

function storedClusterId(states: readonly DirState[]): string | undefined {
  for (const s of states) if (s.meta.kind === "present") return readMeta(s.meta.text).clusterId;
  return undefined;
}

/** Before any JVM starts: a dir the broker could not write ends in a stack trace from the storage tool. */
function checkAccess(state: DirState): Problem[] {
  const access = state.access;
  if (!access || access.ok) return [];
  const readOnly = access.detail === "read-only file system";
  const where = access.path === state.dir ? state.dir : `${state.dir} (to be made in ${access.path})`;
  return [
    {
      kind: access.kind === "missing-input" ? "io" : access.kind,
      severity: "error",
      subject: state.dir,
      message: `the storage dir ${where} is not writable${access.user === undefined ? "" : ` by uid ${access.user}`}: ${access.detail}${access.owner ? `; ${access.path} is ${access.owner}` : ""}`,
      fix: readOnly
        ? "mount a writable volume there (no :ro), or point log.dirs (KAFKA_LOG_DIRS) at one"
        : `let uid ${access.user ?? 1000} write it (chown ${access.user ?? 1000} ${access.path}, or chmod g+rwx with group 0), or run the container with --user matching its owner`,
      source: { kind: "file", path: state.dir },
    },
  ];
}

function checkDir(state: DirState, clusterId: string, nodeId: string): Problem[] {
  const metaPath = `${state.dir}/meta.properties`;
  if (state.meta.kind === "absent") return [];
  if (state.meta.kind === "unreadable") {
    return [
      {
        kind: state.meta.reason,
        severity: "error",
        subject: metaPath,
        message: `${metaPath} cannot be read: ${state.meta.detail}`,
        fix: `make ${state.dir} readable and writable by the container user (uid 1000 or group 0)`,
        source: { kind: "file", path: metaPath },
      },
    ];
  }
  const meta = readMeta(state.meta.text);
  if (meta.clusterId && !sameClusterId(meta.clusterId, clusterId)) {
    return [
      {
        kind: "data",
        severity: "error",
        subject: "CLUSTER_ID",
        message: `${state.dir} belongs to cluster ${meta.clusterId}, but CLUSTER_ID is ${clusterId}`,
        fix: `set CLUSTER_ID=${meta.clusterId} to start on this data, or give the node an empty data dir to start a new cluster (nothing was changed)`,
        source: { kind: "file", path: metaPath },
      },
    ];
  }
  if (meta.nodeId !== undefined && meta.nodeId !== nodeId.trim()) {
    return [
      {
        kind: "data",
        severity: "error",
        subject: "node.id",
        message: `${state.dir} belongs to node ${meta.nodeId}, but node.id is ${nodeId}`,
        fix: `set node.id=${meta.nodeId} (KAFKA_NODE_ID=${meta.nodeId}) to start on this data, or use an empty data dir (nothing was changed)`,
        source: { kind: "file", path: metaPath },
      },
    ];
  }
  return [];
}
