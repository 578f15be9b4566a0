// log4j2 files (contract §5): mounted files replace the defaults; KAFKA_LOG4J_ROOT_LOGLEVEL,
// KAFKA_LOG4J_LOGGERS and KAFKA_TOOLS_LOG4J_LOGLEVEL adjust them. Unlike upstream, setting the root
// level keeps the root appenders (upstream drops them and the broker goes silent).
import type { FileText, Inputs } from "../inputs.ts";
import type { Problem } from "../problems.ts";

export const LOG_ENV = {
  rootLevel: "KAFKA_LOG4J_ROOT_LOGLEVEL",
  loggers: "KAFKA_LOG4J_LOGGERS",
  toolsLevel: "KAFKA_TOOLS_LOG4J_LOGLEVEL",
} as const;

const LEVELS = ["OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL"];

export type LogFile = { text: string; from: string; changes: string[] };
export type Logging = { log4j2: LogFile; toolsLog4j2: LogFile; problems: Problem[] };

type Yaml = Record<string, unknown>;

export function planLogging(inputs: Inputs): Logging {
  const problems: Problem[] = [];
  const rootLevel = level(inputs.env, LOG_ENV.rootLevel, problems);
  const toolsLevel = level(inputs.env, LOG_ENV.toolsLevel, problems);
  const loggers = parseLoggers(inputs.env[LOG_ENV.loggers], problems);
  const broker = adjust(inputs.mounted.log4j2 ?? inputs.defaults.log4j2, rootLevel, loggers, problems);
  const tools = adjust(inputs.mounted.toolsLog4j2 ?? inputs.defaults.toolsLog4j2, toolsLevel, [], problems);
  return { log4j2: broker, toolsLog4j2: tools, problems };
}

function level(env: Readonly<Record<string, string>>, variable: string, problems: Problem[]): string | undefined {
  const value = env[variable];
  if (value === undefined || value === "") return undefined;
  if (LEVELS.includes(value.toUpperCase())) return value.toUpperCase();
  problems.push(badLevel(variable, value, variable));
  return undefined;
}

function badLevel(subject: string, value: string, variable: string): Problem {
  return {
    kind: "config",
    severity: "error",
    subject,
    message: `${JSON.stringify(value)} is not a log4j2 level`,
    fix: `use one of ${LEVELS.join(", ")}`,
    source: { kind: "env", name: variable },
  };
}

/** `name=LEVEL,name2=LEVEL`; an entry without `=` is an error (contract §5). */
export function parseLoggers(value: string | undefined, problems: Problem[]): { name: string; level: string }[] {
  if (!value) return [];
  const loggers: { name: string; level: string }[] = [];
  for (const item of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf("=");
    const name = item.slice(0, eq).trim();
    const lvl = item.slice(eq + 1).trim().toUpperCase();
    if (eq < 0) problems.push(loggerWithoutLevel(item, "has no level"));
    else if (name === "") problems.push(loggerWithoutLevel(item, "has no logger name"));
    else if (!LEVELS.includes(lvl)) problems.push(badLevel(`${LOG_ENV.loggers} (${name})`, item.slice(eq + 1), LOG_ENV.loggers));
    else loggers.push({ name, level: lvl });
  }
  return loggers;
}

function loggerWithoutLevel(item: string, what: string): Problem {
  return {
    kind: "config",
    severity: "error",
    subject: LOG_ENV.loggers,
    message: `logger entry ${JSON.stringify(item)} ${what}`,
    fix: `write it as name=LEVEL, e.g. ${LOG_ENV.loggers}=kafka.controller=DEBUG,kafka.request.logger=WARN`,
    source: { kind: "env", name: LOG_ENV.loggers },
  };
}

/** Unchanged files are copied byte for byte (comments kept); changed ones are re-serialised. */
function adjust(file: FileText, rootLevel: string | undefined, loggers: { name: string; level: string }[], problems: Problem[]): LogFile {
  if (!rootLevel && loggers.length === 0) return { text: file.text, from: file.path, changes: [] };
  let doc: Yaml;
  try {
    doc = Bun.YAML.parse(file.text) as Yaml;
  } catch (e) {
    problems.push(badYaml(file.path, (e as Error).message));
    return { text: file.text, from: file.path, changes: [] };
  }
  const loggersNode = loggersOf(doc);
  if (!loggersNode) {
    problems.push(badYaml(file.path, "no Configuration.Loggers section"));
    return { text: file.text, from: file.path, changes: [] };
  }
  const changes: string[] = [];
  if (rootLevel) {
    const root = (loggersNode.Root ??= {}) as Yaml;
    root.level = rootLevel;
    changes.push(`root level ${rootLevel}`);
  }
  for (const { name, level } of loggers) {
    setLogger(loggersNode, name, level);
    changes.push(`${name}=${level}`);
  }
  return { text: Bun.YAML.stringify(doc, null, 2) + "\n", from: file.path, changes };
}

function loggersOf(doc: Yaml): Yaml | undefined {
  const config = doc?.Configuration as Yaml | undefined;
  if (!config || typeof config !== "object") return undefined;
  return (config.Loggers ??= {}) as Yaml;
}

function setLogger(loggers: Yaml, name: string, level: string): void {
  const existing = loggers.Logger;
  const list: Yaml[] = Array.isArray(existing) ? existing : existing ? [existing as Yaml] : [];
  const found = list.find((l) => l.name === name);
  if (found) found.level = level;
  else list.push({ name, level });
  loggers.Logger = list;
}

function badYaml(path: string, detail: string): Problem {
  return {
    kind: "config",
    severity: "error",
    subject: path,
    message: `${path} is not a usable log4j2 YAML file: ${detail}`,
    fix: `fix the YAML, or unset ${LOG_ENV.rootLevel}/${LOG_ENV.loggers}/${LOG_ENV.toolsLevel} so the file is copied as it is`,
    source: { kind: "file", path },
  };
}
