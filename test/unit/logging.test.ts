// entrypoint/core/config/logging.ts (docs/CONTRACT.md §5): which log4j2 files the broker and the storage tool get,
// and what KAFKA_LOG4J_ROOT_LOGLEVEL, KAFKA_LOG4J_LOGGERS and KAFKA_TOOLS_LOG4J_LOGLEVEL change in
// them. Rows of literal inputs (the image's real default files); each result is read back as YAML.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planLogging, type LogFile } from "../../entrypoint/core/config/logging.ts";
import { inputs, type Given } from "./fixtures.ts";

const DEFAULTS = join(import.meta.dir, "../../resources/defaults");
const DEFAULT_LOG4J2 = readFileSync(join(DEFAULTS, "log4j2.yaml"), "latin1");
const DEFAULT_TOOLS = readFileSync(join(DEFAULTS, "tools-log4j2.yaml"), "latin1");

type Yaml = { Configuration: { Loggers: { Root?: unknown; Logger?: unknown } } };
const loggersOf = (file: LogFile) => (Bun.YAML.parse(file.text) as Yaml).Configuration.Loggers;

/** The default broker loggers, as resources/defaults/log4j2.yaml lists them. */
const DEFAULT_LOGGERS = [
  { name: "kafka", level: "INFO" },
  { name: "org.apache.kafka", level: "INFO" },
  { name: "kafka.request.logger", level: "WARN" },
  { name: "kafka.controller", level: "INFO" },
  { name: "state.change.logger", level: "INFO" },
];
const STDOUT_ROOT = { level: "INFO", AppenderRef: [{ ref: "STDOUT" }] };

describe("files copied as they are when no variable changes them", () => {
  test.each<[string, Given, { log4j2: [string, string]; tools: [string, string] }]>([
    ["no variables: the image defaults, byte for byte", {}, { log4j2: ["/etc/kafka/docker/log4j2.yaml", DEFAULT_LOG4J2], tools: ["/etc/kafka/docker/tools-log4j2.yaml", DEFAULT_TOOLS] }],
    ["empty variables count as unset", { env: { KAFKA_LOG4J_ROOT_LOGLEVEL: "", KAFKA_LOG4J_LOGGERS: "", KAFKA_TOOLS_LOG4J_LOGLEVEL: "" } }, { log4j2: ["/etc/kafka/docker/log4j2.yaml", DEFAULT_LOG4J2], tools: ["/etc/kafka/docker/tools-log4j2.yaml", DEFAULT_TOOLS] }],
    [
      "mounted files replace the defaults, comments and all",
      { log4j2: "# mine\nConfiguration: {}\n", toolsLog4j2: "# my tools\nConfiguration: {}\n" },
      { log4j2: ["/mnt/shared/config/log4j2.yaml", "# mine\nConfiguration: {}\n"], tools: ["/mnt/shared/config/tools-log4j2.yaml", "# my tools\nConfiguration: {}\n"] },
    ],
  ])("%s", (_name, given, expected) => {
    const logging = planLogging(inputs(given));
    expect({
      log4j2: [logging.log4j2.from, logging.log4j2.text],
      tools: [logging.toolsLog4j2.from, logging.toolsLog4j2.text],
      changes: [...logging.log4j2.changes, ...logging.toolsLog4j2.changes],
      problems: logging.problems,
    }).toEqual({ ...expected, changes: [], problems: [] });
  });
});

describe("variables that change the files", () => {
  test.each<[string, Record<string, string>, { root: unknown; loggers: unknown; changes: string[] }]>([
    [
      "root level, any case: the root appenders stay (upstream drops them)",
      { KAFKA_LOG4J_ROOT_LOGLEVEL: "debug" },
      { root: { ...STDOUT_ROOT, level: "DEBUG" }, loggers: DEFAULT_LOGGERS, changes: ["root level DEBUG"] },
    ],
    [
      "loggers: an existing one replaced, a new one added at the end, spaces and empty entries ignored",
      { KAFKA_LOG4J_LOGGERS: " kafka=warn, com.example.App=trace,," },
      {
        root: STDOUT_ROOT,
        loggers: [{ name: "kafka", level: "WARN" }, ...DEFAULT_LOGGERS.slice(1), { name: "com.example.App", level: "TRACE" }],
        changes: ["kafka=WARN", "com.example.App=TRACE"],
      },
    ],
    [
      "both at once",
      { KAFKA_LOG4J_ROOT_LOGLEVEL: "ERROR", KAFKA_LOG4J_LOGGERS: "state.change.logger=OFF" },
      {
        root: { ...STDOUT_ROOT, level: "ERROR" },
        loggers: [...DEFAULT_LOGGERS.slice(0, 4), { name: "state.change.logger", level: "OFF" }],
        changes: ["root level ERROR", "state.change.logger=OFF"],
      },
    ],
  ])("%s", (_name, env, expected) => {
    const logging = planLogging(inputs({ env }));
    const loggers = loggersOf(logging.log4j2);
    expect({ root: loggers.Root, loggers: loggers.Logger, changes: logging.log4j2.changes, problems: logging.problems }).toEqual({ ...expected, problems: [] });
    expect(logging.toolsLog4j2.text).toBe(DEFAULT_TOOLS);
  });

  test("KAFKA_TOOLS_LOG4J_LOGLEVEL changes only the storage tool's file", () => {
    const logging = planLogging(inputs({ env: { KAFKA_TOOLS_LOG4J_LOGLEVEL: "info" } }));
    expect({ root: loggersOf(logging.toolsLog4j2).Root, changes: logging.toolsLog4j2.changes, broker: logging.log4j2.text }).toEqual({
      root: { level: "INFO", AppenderRef: [{ ref: "STDERR" }] },
      changes: ["root level INFO"],
      broker: DEFAULT_LOG4J2,
    });
  });

  test.each<[string, string, unknown]>([
    ["a single Logger mapping becomes a list", "Configuration:\n  Loggers:\n    Logger:\n      name: a\n      level: INFO\n", [{ name: "a", level: "INFO" }, { name: "b", level: "DEBUG" }]],
    ["no Loggers section yet: one is made", "Configuration:\n  Appenders: {}\n", [{ name: "b", level: "DEBUG" }]],
  ])("a mounted file is changed too: %s", (_name, mounted, expected) => {
    const logging = planLogging(inputs({ log4j2: mounted, env: { KAFKA_LOG4J_LOGGERS: "b=debug" } }));
    expect({ from: logging.log4j2.from, loggers: loggersOf(logging.log4j2).Logger, problems: logging.problems }).toEqual({
      from: "/mnt/shared/config/log4j2.yaml",
      loggers: expected,
      problems: [],
    });
  });
});

describe("problems: configuration errors (exit 78) naming the variable or file and the fix", () => {
  const env = (name: string) => ({ kind: "env", name });
  test.each<[string, Given, Array<{ subject: string; message: string; source: unknown }>]>([
    ["a logger entry without =", { env: { KAFKA_LOG4J_LOGGERS: "kafka" } }, [{ subject: "KAFKA_LOG4J_LOGGERS", message: 'logger entry "kafka" has no level', source: env("KAFKA_LOG4J_LOGGERS") }]],
    ["a logger entry without a name", { env: { KAFKA_LOG4J_LOGGERS: "=INFO" } }, [{ subject: "KAFKA_LOG4J_LOGGERS", message: 'logger entry "=INFO" has no logger name', source: env("KAFKA_LOG4J_LOGGERS") }]],
    ["a logger level log4j2 does not know", { env: { KAFKA_LOG4J_LOGGERS: "kafka=LOUD" } }, [{ subject: "KAFKA_LOG4J_LOGGERS (kafka)", message: '"LOUD" is not a log4j2 level', source: env("KAFKA_LOG4J_LOGGERS") }]],
    ["a root level log4j2 does not know", { env: { KAFKA_LOG4J_ROOT_LOGLEVEL: "verbose" } }, [{ subject: "KAFKA_LOG4J_ROOT_LOGLEVEL", message: '"verbose" is not a log4j2 level', source: env("KAFKA_LOG4J_ROOT_LOGLEVEL") }]],
    [
      "every problem at once",
      { env: { KAFKA_TOOLS_LOG4J_LOGLEVEL: "x", KAFKA_LOG4J_LOGGERS: "a,b=INFO,c=?" } },
      [
        { subject: "KAFKA_TOOLS_LOG4J_LOGLEVEL", message: '"x" is not a log4j2 level', source: env("KAFKA_TOOLS_LOG4J_LOGLEVEL") },
        { subject: "KAFKA_LOG4J_LOGGERS", message: 'logger entry "a" has no level', source: env("KAFKA_LOG4J_LOGGERS") },
        { subject: "KAFKA_LOG4J_LOGGERS (c)", message: '"?" is not a log4j2 level', source: env("KAFKA_LOG4J_LOGGERS") },
      ],
    ],
    [
      "a mounted file that is not YAML, when a variable must change it",
      { log4j2: "Configuration: [\n", env: { KAFKA_LOG4J_ROOT_LOGLEVEL: "INFO" } },
      [{ subject: "/mnt/shared/config/log4j2.yaml", message: expect.stringMatching(/^\/mnt\/shared\/config\/log4j2\.yaml is not a usable log4j2 YAML file: /), source: { kind: "file", path: "/mnt/shared/config/log4j2.yaml" } }],
    ],
    [
      "a mounted file without a Configuration section",
      { log4j2: "Loggers: {}\n", env: { KAFKA_LOG4J_ROOT_LOGLEVEL: "INFO" } },
      [{ subject: "/mnt/shared/config/log4j2.yaml", message: "/mnt/shared/config/log4j2.yaml is not a usable log4j2 YAML file: no Configuration.Loggers section", source: { kind: "file", path: "/mnt/shared/config/log4j2.yaml" } }],
    ],
  ])("%s", (_name, given, expected) => {
    const { problems } = planLogging(inputs(given));
    const shown: unknown[] = problems.map(({ kind, severity, subject, message, source }) => ({ kind, severity, subject, message, source }));
    expect(shown).toEqual(
      expected.map((p) => ({ kind: "config", severity: "error", ...p })),
    );
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(0);
  });

  test("a bad mounted file is left as it is, so nothing half-changed is written", () => {
    const mounted = "Configuration: [\n";
    expect(planLogging(inputs({ log4j2: mounted, env: { KAFKA_LOG4J_ROOT_LOGLEVEL: "INFO" } })).log4j2).toEqual({ text: mounted, from: "/mnt/shared/config/log4j2.yaml", changes: [] });
  });
});
