// Storage formatting as a decision (contract §6). Upstream runs the format on every start and greps
// for "already formatted"; we read each dir's meta.properties and decide: skip, format, format with
// --ignore-formatted, or refuse before anything is touched.
import { sameClusterId } from "./clusterid.ts";
import type { Entry } from "./inputs.ts";
import type { Problem } from "./problems.ts";
import { parseProperties, type PropertyLine } from "./properties.ts";

export type MetaRead =
  | { kind: "absent" }
  | { kind: "present"; text: string }
  | { kind: "unreadable"; reason: "permission" | "io"; detail: string };

export type DirState = { dir: string; meta: MetaRead };

export type StorageDecision =
  | { action: "skip"; dirs: string[]; reason: string }
  | { action: "format"; dirs: string[]; ignoreFormatted: boolean; args: string[]; reason: string }
  | { action: "refuse"; dirs: string[]; problems: Problem[] };

const KAFKA_DEFAULT_LOG_DIR = "/tmp/kafka-logs";

/** Every directory Kafka will use: log.dirs (or log.dir) plus metadata.log.dir. */
export function storageDirs(config: ReadonlyMap<string, Entry>): string[] {
  const logDirs = config.get("log.dirs")?.value ?? config.get("log.dir")?.value ?? KAFKA_DEFAULT_LOG_DIR;
  const dirs = logDirs.split(",").map((d) => d.trim()).filter(Boolean);
  const metadata = config.get("metadata.log.dir")?.value.trim();
  if (metadata) dirs.push(metadata);
  return [...new Set(dirs)];
}

/** `--standalone` only for a controller with no static voters: it becomes the sole initial voter. */
export function formatArgs(clusterId: string, configPath: string, standalone: boolean, ignoreFormatted: boolean): string[] {
  const args = ["format", "--cluster-id", clusterId, "-c", configPath];
  if (standalone) args.push("--standalone");
  if (ignoreFormatted) args.push("--ignore-formatted");
  return args;
}

export function needsStandalone(config: ReadonlyMap<string, Entry>): boolean {
  const roles = (config.get("process.roles")?.value ?? "").split(",").map((r) => r.trim());
  return roles.includes("controller") && !config.get("controller.quorum.voters")?.value.trim();
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
): StorageDecision {
  const dirs = states.map((s) => s.dir);
  const problems = states.flatMap((s) => checkDir(s, clusterId, nodeId));
  if (problems.length > 0) return { action: "refuse", dirs, problems };
  const formatted = states.filter((s) => s.meta.kind === "present").length;
  if (formatted === states.length) return { action: "skip", dirs, reason: `all ${formatted} storage dir(s) already formatted for cluster ${clusterId}` };
  const ignoreFormatted = formatted > 0;
  const reason = ignoreFormatted ? `${states.length - formatted} of ${states.length} storage dir(s) not formatted yet` : `new storage in ${dirs.join(", ")}`;
  // StorageTool and the broker compare ids as strings (docs/cluster-id.md): keep the stored spelling.
  const id = storedClusterId(states) ?? clusterId;
  return { action: "format", dirs, ignoreFormatted, args: formatArgs(id, configPath, standalone, ignoreFormatted), reason };
}

function storedClusterId(states: readonly DirState[]): string | undefined {
  for (const s of states) if (s.meta.kind === "present") return readMeta(s.meta.text).clusterId;
  return undefined;
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
