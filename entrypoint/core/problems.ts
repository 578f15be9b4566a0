// Problems are values: every step returns them, main prints them together and exits once.
// Exit codes follow sysexits.h, plus the shell's 126/127 for a broker that cannot be executed.
import type { LenientRule, StricterRule } from "./policy.ts";

export type Source =
  | { kind: "file"; path: string; line?: number }
  | { kind: "env"; name: string }
  | { kind: "default"; path: string; line?: number }
  | { kind: "derived"; from: string }
  | { kind: "secret"; name: string; path: string }
  | { kind: "profile"; name: string }
  | { kind: "launcher"; what: string };

/** What went wrong, in the terms of the exit-code table below. */
export type ProblemKind = "usage" | "config" | "data" | "missing-input" | "permission" | "io" | "exec" | "not-found" | "internal";

export type Problem = {
  kind: ProblemKind;
  severity: "error" | "warning";
  /** The key, variable or file the problem is about. */
  subject: string;
  message: string;
  fix: string;
  source?: Source;
  /** Set when the launcher refuses what Kafka's own check accepts: a key of STRICTER_THAN_KAFKA (policy.ts). */
  stricter?: StricterRule;
  /** Set on the warning when the launcher accepts what Kafka's own check refuses: a key of MORE_LENIENT_THAN_KAFKA. */
  lenient?: LenientRule;
  /** Problems of one group (e.g. unknown keys) are shown a few at a time, then counted. */
  group?: string;
};

export const EXIT_CODES: Readonly<Record<ProblemKind, number>> = {
  usage: 64, // EX_USAGE: bad command line
  data: 65, // EX_DATAERR: stored data disagrees with the configuration (cluster id)
  "missing-input": 66, // EX_NOINPUT: a named file does not exist
  internal: 70, // EX_SOFTWARE: a bug in the launcher, or the format process failed
  io: 74, // EX_IOERR: reading or writing failed
  permission: 77, // EX_NOPERM
  config: 78, // EX_CONFIG: the configuration is invalid
  exec: 126, // the broker binary exists but cannot be executed
  "not-found": 127, // the broker binary does not exist
};

/** The exit codes as --help lists them. */
export const EXIT_CODE_HELP = [
  `${EXIT_CODES.usage} usage`,
  `${EXIT_CODES.data} stored data disagrees (cluster id, node id)`,
  `${EXIT_CODES["missing-input"]} missing input file`,
  `${EXIT_CODES.internal} internal error or failed format`,
  `${EXIT_CODES.io} I/O error`,
  `${EXIT_CODES.permission} permission denied (also an unwritable storage dir)`,
  `${EXIT_CODES.config} invalid configuration (also Kafka refusing it at the format)`,
  `${EXIT_CODES.exec} broker or program not executable`,
  `${EXIT_CODES["not-found"]} broker or program not found`,
].join(", ");

/** When several errors are reported, the first kind in this list picks the exit code. */
const PRIORITY: readonly ProblemKind[] = ["usage", "internal", "not-found", "exec", "permission", "io", "missing-input", "data", "config"];

export function exitCodeFor(problems: readonly Problem[]): number {
  const kinds = new Set(problems.filter((p) => p.severity === "error").map((p) => p.kind));
  const kind = PRIORITY.find((k) => kinds.has(k));
  return kind ? EXIT_CODES[kind] : 0;
}

/** How a failed read or write counts in the exit-code table: one mapping for every file the launcher touches. */
export type IoKind = "missing-input" | "permission" | "io";

export function errnoKind(code: string | undefined): IoKind {
  if (code === "ENOENT" || code === "ENOTDIR") return "missing-input";
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return "permission";
  return "io";
}

export function errors(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === "error");
}

export function describeSource(source: Source | undefined): string {
  if (!source) return "";
  switch (source.kind) {
    case "file":
      return source.line ? `${source.path}:${source.line}` : source.path;
    case "env":
      return `env ${source.name}`;
    case "default":
      return source.line ? `default ${source.path}:${source.line}` : `default ${source.path}`;
    case "derived":
      return `derived from ${source.from}`;
    case "secret":
      return `secret ${source.path} (${source.name})`;
    case "profile":
      return `profile ${source.name}`;
    case "launcher":
      return `launcher ${source.what}`;
  }
}
