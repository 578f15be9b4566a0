// yargs adapter: argv in, the command as data out. Nothing runs here, so a dry run is free and the
// whole command line is testable without starting anything.
import type { Paths } from "../core/inputs.ts";
import { knobsHelp, wrap } from "../core/config/knobs.ts";
import { DEFAULT_CLUSTER_ID, HEALTH_DEFAULTS, IMAGE_PATHS, LAUNCHER_ENV, type HealthArgs } from "../core/policy.ts";
import { EXIT_CODE_HELP, EXIT_CODES } from "../core/problems.ts";
import { NATIVE_RUNTIME_OPTION } from "../core/runtime.ts";
import { SHELL_ENV_PARTS, type ShellEnvPart } from "../core/shell-env.ts";
import { KAFKA_VERSION, LAUNCHER_VERSION } from "../core/version.ts";

export type Cli =
  | { action: "run" | "render" | "explain" | "setup"; paths: Paths; json: boolean; env: Record<string, string> }
  | { action: "start"; config: string; options: string[]; env: Record<string, string> }
  | { action: "shell-env"; part: ShellEnvPart; paths: Paths; env: Record<string, string> }
  | ({ action: "health" } & HealthArgs)
  | { action: "exec"; argv: string[]; env: Record<string, string> }
  | { action: "print"; text: string; exitCode: number };

const COMMANDS = ["run", "render", "explain", "health", "setup", "start", "shell-env"];
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export const VERSION_TEXT = `kafka-launcher ${LAUNCHER_VERSION} (Apache Kafka ${KAFKA_VERSION})`;

const EPILOGUE = `Configuration (precedence: KAFKA_* env > mounted server.properties > image defaults):
  KAFKA_<NAME>=value      a broker property: drop KAFKA_, lowercase, _ → ., ___ → -, __ → _
                          (KAFKA_NUM_PARTITIONS=3 → num.partitions=3, KAFKA_ABC___DEF → abc-def)
                          The value is taken literally: \\, \\u0041 and line breaks are written so that Kafka
                          reads exactly what you wrote (upstream's image lets Kafka unescape them).
                          Empty values: KAFKA_LISTENERS= is unset (derived from the advertised listeners),
                          KAFKA_ADVERTISED_LISTENERS= on a controller-only node is left out, CLUSTER_ID=,
                          KAFKA_*_OPTS= and the log levels take their defaults; any other KAFKA_X= writes x=.
  <VAR>_FILE              read <VAR>'s value from a file (absolute, or relative to the secrets dir)
  CLUSTER_ID              cluster id (default ${DEFAULT_CLUSTER_ID}); not KAFKA_CLUSTER_ID
  KAFKA_SSL_KEYSTORE_FILENAME, KAFKA_SSL_KEYSTORE_CREDENTIALS, KAFKA_SSL_KEY_CREDENTIALS,
  KAFKA_SSL_TRUSTSTORE_FILENAME, KAFKA_SSL_TRUSTSTORE_CREDENTIALS
                          SSL stores and password files in the secrets dir
  KAFKA_LOG4J_ROOT_LOGLEVEL, KAFKA_LOG4J_LOGGERS (name=LEVEL,…), KAFKA_TOOLS_LOG4J_LOGLEVEL
  KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_GC_LOG_OPTS, KAFKA_JMX_OPTS, KAFKA_LOG4J_OPTS,
  KAFKA_OPTS, KAFKA_JMX_PORT, KAFKA_JMX_HOSTNAME
                          broker process options, as in Kafka's scripts
Values are checked as the broker checks them (types, valid values, KafkaConfig's rules); the launcher
refuses more only where the start would fail later (README: "Stricter than Kafka").
Launcher knobs (never KAFKA_*):
${knobsHelp()}
Paths: defaults ${IMAGE_PATHS.defaultConfigsDir}, mounted ${IMAGE_PATHS.mountedConfigsDir} (read only),
  final ${IMAGE_PATHS.finalConfigsDir}, secrets ${IMAGE_PATHS.secretsDir}, broker ${IMAGE_PATHS.brokerBinary}
Exit codes: ${wrap(`${EXIT_CODE_HELP}.`, 96).join("\n  ")}
Upstream's broker binary operations (scripts written for apache/kafka-native call them through
/opt/kafka/kafka.Kafka): \`setup -D DIR -M DIR -F DIR\` and \`start --config FILE [-Dname=value …]\`.
NAME=value arguments are taken as env. Any other first argument is run as a program instead
(e.g. \`sh -c '…'\`).`;

const VALUE_FLAGS = new Set(["-D", "-M", "-F", "-S", "--default-configs-dir", "--mounted-configs-dir", "--final-configs-dir", "--secrets-dir", "--bootstrap", "--timeout", "--wait"]);

/** NAME=value words are env (upstream `run` accepts them too), unless they are a flag's value. */
function splitAssignments(args: readonly string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  const rest: string[] = [];
  for (const [i, arg] of args.entries()) {
    const takenAsValue = i > 0 && VALUE_FLAGS.has(args[i - 1]!);
    const isCommandArg = rest.length > 0 && !COMMANDS.includes(rest[0]!) && !rest[0]!.startsWith("-");
    if (!ASSIGNMENT.test(arg) || takenAsValue || isCommandArg) {
      rest.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    env[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return { env, rest };
}

/** The container's every start has no arguments: that path skips loading yargs (start-up time). */
function imagePaths(env: Readonly<Record<string, string>>): Paths {
  return {
    defaultConfigsDir: IMAGE_PATHS.defaultConfigsDir,
    mountedConfigsDir: IMAGE_PATHS.mountedConfigsDir,
    finalConfigsDir: IMAGE_PATHS.finalConfigsDir,
    secretsDir: env[LAUNCHER_ENV.secretsDir] || IMAGE_PATHS.secretsDir,
  };
}

/** Words yargs leaves positional (after `--`, which strict mode does not check): none is taken, so none may be given. */
function refuseExtra(a: { _: (string | number)[] }): void {
  const extra = a._.map(String).filter((w, i) => !(i === 0 && COMMANDS.includes(w)));
  if (extra.length) throw new Error(`Unknown argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")} (a program to run goes first: kafka-launcher <program> [args])`);
}

/**
 * `start --config FILE [options]`, by hand: its JVM options (`-Dname=value`, `-XX:…`, `-Xmx…`) are words yargs would
 * read as its own flags (-D is --default-configs-dir). The forms of upstream's argparse4j: `--config F`,
 * `--config=F`, `-C F`.
 */
function parseStart(args: readonly string[], env: Record<string, string>): Cli {
  const usage = (problem: string): Cli => ({
    action: "print",
    text: `kafka-launcher start: ${problem}\nusage: kafka-launcher start --config FILE [-Dname=value | -XX:… | -Xmx… …] (the options go to the broker's JVM, or to the native broker binary)\n`,
    exitCode: EXIT_CODES.usage,
  });
  let config: string | undefined;
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--config" || arg === "-C") {
      if (args[i + 1] === undefined) return usage(`${arg} needs a file`);
      config = args[++i];
    } else if (arg.startsWith("--config=")) config = arg.slice("--config=".length);
    else if (NATIVE_RUNTIME_OPTION.test(arg)) options.push(arg);
    else return usage(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (!config) return usage("missing --config FILE (the server.properties to run, e.g. /opt/kafka/config/server.properties)");
  return { action: "start", config, options, env };
}

export async function parseCli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Cli> {
  if (args.length === 0) return { action: "run", paths: imagePaths(env), json: false, env: {} };
  const { env: assigned, rest } = splitAssignments(args);
  const first = rest[0];
  if (first !== undefined && !first.startsWith("-") && !COMMANDS.includes(first)) return { action: "exec", argv: rest, env: assigned };
  if (first === "start") return parseStart(rest.slice(1), assigned);
  const { parseArgs } = await import("./yargs.ts");
  let result: Cli | undefined;
  const pathOptions = {
    "default-configs-dir": { alias: "D", type: "string", default: IMAGE_PATHS.defaultConfigsDir, describe: "folder with the image defaults" },
    "mounted-configs-dir": { alias: "M", type: "string", default: IMAGE_PATHS.mountedConfigsDir, describe: "folder with the user's files (never written)" },
    "final-configs-dir": { alias: "F", type: "string", default: IMAGE_PATHS.finalConfigsDir, describe: "folder the final configs are written to" },
    "secrets-dir": { alias: "S", type: "string", default: imagePaths(env).secretsDir, describe: "folder with keystores and credential files" },
  } as const;
  const toPaths = (a: Record<string, unknown>): Paths => ({
    defaultConfigsDir: String(a["default-configs-dir"]),
    mountedConfigsDir: String(a["mounted-configs-dir"]),
    finalConfigsDir: String(a["final-configs-dir"]),
    secretsDir: String(a["secrets-dir"]),
  });
  const parsed = parseArgs("kafka-launcher", rest, (y) =>
    y
      .usage("kafka-launcher [NAME=value…] [command] [options]\n\nStarts an Apache Kafka broker in KRaft mode: assemble → validate → render → format storage → exec.")
      .command(["run", "$0"], "assemble, validate and render the config, format storage if needed, then exec the broker", pathOptions, (a) => {
        refuseExtra(a);
        result = { action: "run", paths: toPaths(a), json: false, env: assigned };
      })
      .command("setup", "upstream's `kafka.Kafka setup`: assemble, validate and render the config, format storage if needed, then exit 0 (no broker)", pathOptions, (a) => {
        refuseExtra(a);
        result = { action: "setup", paths: toPaths(a), json: false, env: assigned };
      })
      .command(
        "shell-env [part]",
        "print the `export` lines upstream's /etc/kafka/docker/configureDefaults (part: defaults) or configure leave in a script's environment",
        (y) => y.positional("part", { choices: SHELL_ENV_PARTS, default: "configure" as ShellEnvPart }).options(pathOptions),
        (a) => {
          refuseExtra(a);
          result = { action: "shell-env", part: a.part as ShellEnvPart, paths: toPaths(a), env: assigned };
        },
      )
      .command("start", "upstream's `kafka.Kafka start --config FILE [JVM options]`: run the broker on FILE")
      .command("render", "write the final server.properties, log4j2.yaml and tools-log4j2.yaml, nothing else", pathOptions, (a) => {
        refuseExtra(a);
        result = { action: "render", paths: toPaths(a), json: false, env: assigned };
      })
      .command("explain", "print every effective key, its value (secrets masked) and its source", { ...pathOptions, json: { type: "boolean", default: false, describe: "JSON output" } }, (a) => {
        refuseExtra(a);
        result = { action: "explain", paths: toPaths(a), json: Boolean(a.json), env: assigned };
      })
      .command(
        "health",
        "exit 0 when a broker answers an ApiVersions request (for compose healthchecks and probes)",
        {
          bootstrap: { type: "string", describe: "host:port of the broker (default: the first listener of the rendered server.properties reachable in the clear)" },
          timeout: { type: "number", default: HEALTH_DEFAULTS.timeoutMs, describe: "milliseconds to wait for the answer" },
          wait: { type: "number", default: HEALTH_DEFAULTS.waitMs, describe: "milliseconds to keep asking while the broker is not ready yet (a start in progress)" },
        },
        (a) => {
          refuseExtra(a);
          const timeoutMs = Number(a.timeout);
          const waitMs = Number(a.wait);
          if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error("--timeout must be a number of milliseconds above 0");
          if (!Number.isFinite(waitMs) || waitMs < 0) throw new Error("--wait must be a number of milliseconds, 0 or more");
          result = { action: "health", bootstrap: a.bootstrap === undefined ? undefined : String(a.bootstrap), timeoutMs, waitMs };
        },
      )
      .epilogue(EPILOGUE),
  VERSION_TEXT);
  if (!parsed.ok) return { action: "print", text: parsed.text, exitCode: parsed.exitCode };
  return result ?? { action: "print", text: "kafka-launcher: no command\n", exitCode: EXIT_CODES.usage };
}
