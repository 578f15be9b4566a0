// Where the configuration comes from (contract §3): the mounted file, or the image defaults, or
// neither; then KAFKA_* variables on top (env wins); then derived keys. Every key keeps its source.
// Empty values mean what upstream's scripts make them mean (policy.ts EMPTY_MEANS_UNSET). The parsed
// view of the values (values.ts) opens here, over the config it follows from then on.
import { ENV_PREFIX, envToProperty } from "./envname.ts";
import type { Entry, EnvValue, FileText, Inputs } from "../inputs.ts";
import { bindAllInterfaces } from "../kafka/listeners.ts";
import { CONSUMED_ENV, EMPTY_MEANS_UNSET, EXCLUDED_ENV, STRUCTURAL_KEYS } from "../policy.ts";
import type { Problem, Source } from "../problems.ts";
import { isBlankProperties, parseProperties, PropertiesSyntaxError, type PropertyLine } from "../kafka/properties.ts";
import { entriesOf, viewValues, type Values } from "../kafka/values.ts";

export type Base = "mounted file" | "image defaults" | "environment only";
export type Merged = { config: Map<string, Entry>; values: Values; base: Base; problems: Problem[] };

/** KAFKA_* variables that become properties, in variable-name order. */
export function envProperties(vars: ReadonlyMap<string, EnvValue>): { entries: Entry[]; problems: Problem[] } {
  const byKey = new Map<string, Entry>();
  const problems: Problem[] = [];
  for (const [name, v] of [...vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!name.startsWith(ENV_PREFIX) || EXCLUDED_ENV.has(name) || CONSUMED_ENV.has(name)) continue;
    if (v.value === "" && EMPTY_MEANS_UNSET.has(name)) continue;
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

/** `KAFKA_=x`, `KAFKA__FOO=x`: upstream writes a key Kafka ignores; we leave it out and say so. */
function badName(name: string): Problem {
  return {
    kind: "config",
    severity: "warning",
    subject: name,
    message: `${name} names no property (it would be the key ${JSON.stringify(envToProperty(name))}), so it is ignored`,
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
    stricter: "one-key-two-variables",
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
  const values = viewValues(config, inputs.catalog);
  problems.push(...deriveListeners(config, values));
  return { config, values, base: chosen.base, problems };
}

/**
 * Upstream `configure`: with no listeners, listen on the advertised listeners with every host 0.0.0.0. An empty
 * KAFKA_ADVERTISED_LISTENERS on a controller-only node is dropped, as upstream unsets it there.
 */
function deriveListeners(config: Map<string, Entry>, values: Values): Problem[] {
  const advertised = config.get("advertised.listeners");
  const roles = entriesOf(values, "process.roles");
  const controllerOnly = roles.length > 0 && roles.every((r) => r === "controller");
  if (advertised?.source.kind === "env" && advertised.value.trim() === "" && controllerOnly) config.delete("advertised.listeners");
  if (config.has("listeners") || !advertised || advertised.value.trim() === "") return [];
  const value = bindAllInterfaces(entriesOf(values, "advertised.listeners"));
  config.set("listeners", { key: "listeners", value, source: { kind: "derived", from: "advertised.listeners" }, secret: advertised.secret });
  return [];
}
