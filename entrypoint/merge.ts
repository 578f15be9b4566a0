// Where the configuration comes from (contract §3): the mounted file, or the image defaults, or
// neither; then KAFKA_* variables on top (env wins); then derived keys. Every key keeps its source.
import { ENV_PREFIX, envToProperty } from "./envname.ts";
import type { Entry, EnvValue, FileText, Inputs } from "./inputs.ts";
import { bindAllInterfaces } from "./listeners.ts";
import { CONSUMED_ENV, EXCLUDED_ENV, STRUCTURAL_KEYS } from "./policy.ts";
import type { Problem, Source } from "./problems.ts";
import { isBlankProperties, parseProperties, PropertiesSyntaxError, type PropertyLine } from "./properties.ts";

export type Base = "mounted file" | "image defaults" | "environment only";
export type Merged = { config: Map<string, Entry>; base: Base; problems: Problem[] };

/** KAFKA_* variables that become properties, in variable-name order. */
export function envProperties(vars: ReadonlyMap<string, EnvValue>): { entries: Entry[]; problems: Problem[] } {
  const byKey = new Map<string, Entry>();
  const problems: Problem[] = [];
  for (const [name, v] of [...vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!name.startsWith(ENV_PREFIX) || EXCLUDED_ENV.has(name) || CONSUMED_ENV.has(name)) continue;
    const key = envToProperty(name);
    const previous = byKey.get(key);
    if (key === "" || key.startsWith(".")) {
      problems.push(badName(name));
      continue;
    }
    if (previous) problems.push(sameKeyTwice(key, previous.source, v.source));
    byKey.set(key, { key, value: v.value, source: v.source, secret: v.secret });
  }
  return { entries: [...byKey.values()], problems };
}

function badName(name: string): Problem {
  return {
    kind: "config",
    severity: "error",
    subject: name,
    message: `${name} does not name a property`,
    fix: `remove it, or spell the property after KAFKA_ (e.g. KAFKA_NUM_PARTITIONS for num.partitions)`,
    source: { kind: "env", name },
  };
}

function sameKeyTwice(key: string, first: Source, second: Source): Problem {
  const names = [first, second].map((s) => (s.kind === "env" || s.kind === "secret" ? s.name : "?"));
  return {
    kind: "config",
    severity: "error",
    subject: key,
    message: `${names.join(" and ")} both set ${key}`,
    fix: `keep only one of ${names.join(", ")}`,
    source: second,
  };
}

/** A properties file as entries, last occurrence wins (java.util.Properties), with duplicate warnings. */
export function fileEntries(file: FileText, source: (line: number) => Source): { entries: Map<string, Entry>; problems: Problem[] } {
  const entries = new Map<string, Entry>();
  const problems: Problem[] = [];
  const parsed = parseOrProblem(file);
  if (!Array.isArray(parsed)) return { entries, problems: [parsed] };
  for (const { key, value, line } of parsed) {
    const previous = entries.get(key);
    if (previous) problems.push(duplicateInFile(key, file.path, previous.source, line));
    entries.delete(key);
    entries.set(key, { key, value, source: source(line), secret: false });
  }
  return { entries, problems };
}

function parseOrProblem(file: FileText): PropertyLine[] | Problem {
  try {
    return parseProperties(file.text);
  } catch (e) {
    if (!(e instanceof PropertiesSyntaxError)) throw e;
    return {
      kind: "config",
      severity: "error",
      subject: file.path,
      message: `${file.path}:${e.line} cannot be read as a properties file: ${e.detail}`,
      fix: `correct line ${e.line}; a backslash starts an escape, so write \\\\ for a literal backslash`,
      source: { kind: "file", path: file.path, line: e.line },
    };
  }
}

function duplicateInFile(key: string, path: string, first: Source, line: number): Problem {
  const firstLine = first.kind === "file" || first.kind === "default" ? first.line : undefined;
  return {
    kind: "config",
    severity: "warning",
    subject: key,
    message: `${key} is set twice in ${path} (lines ${firstLine} and ${line}); the last one wins`,
    fix: `delete line ${firstLine} of ${path}`,
    source: { kind: "file", path, line },
  };
}

/** The base layer: mounted file, defaults, or nothing (contract §3, with the structural-key fix). */
function chooseBase(inputs: Inputs, envEntries: readonly Entry[]): { base: Base; file?: FileText; problems: Problem[] } {
  const mounted = inputs.mounted.server;
  const problems: Problem[] = [];
  if (mounted && !isBlankProperties(mounted.text)) return { base: "mounted file", file: mounted, problems };
  if (mounted) problems.push(blankMountedFile(mounted.path));
  if (envEntries.some((e) => STRUCTURAL_KEYS.has(e.key))) return { base: "environment only", problems };
  return { base: "image defaults", file: inputs.defaults.server, problems };
}

function blankMountedFile(path: string): Problem {
  return {
    kind: "config",
    severity: "warning",
    subject: path,
    message: `${path} is empty or holds only comments, so it is ignored as if it were not mounted`,
    fix: `put your settings in it, or stop mounting it`,
    source: { kind: "file", path },
  };
}

export function mergeConfig(inputs: Inputs, vars: ReadonlyMap<string, EnvValue>): Merged {
  const env = envProperties(vars);
  const chosen = chooseBase(inputs, env.entries);
  const problems = [...env.problems, ...chosen.problems];
  let config = new Map<string, Entry>();
  if (chosen.file) {
    const path = chosen.file.path;
    const parsed = fileEntries(chosen.file, (line) =>
      chosen.base === "mounted file" ? { kind: "file", path, line } : { kind: "default", path, line },
    );
    config = parsed.entries;
    problems.push(...parsed.problems);
  }
  for (const entry of env.entries) config.set(entry.key, entry);
  problems.push(...deriveListeners(config));
  return { config, base: chosen.base, problems };
}

export function rolesOf(config: ReadonlyMap<string, Entry>): string[] {
  return (config.get("process.roles")?.value ?? "").split(",").map((r) => r.trim()).filter(Boolean);
}

/** Upstream `configure`: listeners from advertised.listeners when only the latter is given. */
function deriveListeners(config: Map<string, Entry>): Problem[] {
  const advertised = config.get("advertised.listeners");
  const roles = rolesOf(config);
  const controllerOnly = roles.length === 1 && roles[0] === "controller";
  if (controllerOnly && advertised?.source.kind === "env") {
    return [
      {
        kind: "config",
        severity: "error",
        subject: "advertised.listeners",
        message: "a controller-only node (process.roles=controller) takes no KAFKA_ADVERTISED_LISTENERS",
        fix: "remove KAFKA_ADVERTISED_LISTENERS from this node; set KAFKA_LISTENERS to its CONTROLLER listener",
        source: advertised.source,
      },
    ];
  }
  if (config.has("listeners") || controllerOnly || !advertised) return [];
  const value = bindAllInterfaces(advertised.value);
  config.set("listeners", { key: "listeners", value, source: { kind: "derived", from: "advertised.listeners" }, secret: false });
  return [];
}
