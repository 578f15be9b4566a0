// entrypoint/cli/cli.ts: the command line as data. Each row is argv (and env) in, the command out, with
// nothing started: NAME=value words, commands and their flags, another program to run instead, and
// usage errors (64). The help text itself is not pinned here; only that it is printed with exit 0.
import { describe, expect, test } from "bun:test";
import { parseCli, type Cli } from "../../entrypoint/cli/cli.ts";
import { readHealthArgs } from "../../entrypoint/health.ts";

/** The image's folders (docs/CONTRACT.md §1). */
const IMAGE = { defaultConfigsDir: "/etc/kafka/docker", mountedConfigsDir: "/mnt/shared/config", finalConfigsDir: "/opt/kafka/config", secretsDir: "/etc/kafka/secrets" };

const start = (action: "run" | "render" | "explain" | "setup", change: { paths?: Partial<typeof IMAGE>; env?: Record<string, string>; json?: boolean } = {}): Cli => ({
  action,
  paths: { ...IMAGE, ...change.paths },
  json: change.json ?? false,
  env: change.env ?? {},
});

const usage = (message: string): Cli => ({ action: "print", text: `kafka-launcher: ${message}\nRun \`kafka-launcher --help\` for the options.\n`, exitCode: 64 });

describe("commands and their flags", () => {
  test.each<[string, string[], Cli]>([
    ["no arguments: the whole start with the image's folders", [], start("run")],
    ["run", ["run"], start("run")],
    ["render with the four short flags", ["render", "-D", "/d", "-M", "/m", "-F", "/f", "-S", "/s"], start("render", { paths: { defaultConfigsDir: "/d", mountedConfigsDir: "/m", finalConfigsDir: "/f", secretsDir: "/s" } })],
    ["explain with long flags, both spellings", ["explain", "--default-configs-dir=/d", "--final-configs-dir", "/f"], start("explain", { paths: { defaultConfigsDir: "/d", finalConfigsDir: "/f" } })],
    ["explain --json", ["explain", "--json"], start("explain", { json: true })],
    ["a flag with no command means run", ["-M", "/m"], start("run", { paths: { mountedConfigsDir: "/m" } })],
    ["health with its defaults (the listener then comes from the rendered server.properties)", ["health"], { action: "health", bootstrap: undefined, timeoutMs: 5000, waitMs: 0 }],
    ["health --bootstrap --timeout", ["health", "--bootstrap", "broker:29092", "--timeout", "250"], { action: "health", bootstrap: "broker:29092", timeoutMs: 250, waitMs: 0 }],
    ["health --wait (the image's HEALTHCHECK)", ["health", "--wait", "20000", "--timeout=3000"], { action: "health", bootstrap: undefined, timeoutMs: 3000, waitMs: 20000 }],
    [
      "setup as upstream's launch calls it (long flags, required there, defaults here)",
      ["setup", "--default-configs-dir", "/etc/kafka/docker", "--mounted-configs-dir", "/m", "--final-configs-dir", "/f"],
      start("setup", { paths: { mountedConfigsDir: "/m", finalConfigsDir: "/f" } }),
    ],
    ["start --config FILE with JVM options after it", ["start", "--config", "/f/server.properties", "-Dkafka.logs.dir=/l/", "-XX:+UseSerialGC", "-Xmx1g"], { action: "start", config: "/f/server.properties", options: ["-Dkafka.logs.dir=/l/", "-XX:+UseSerialGC", "-Xmx1g"], env: {} }],
    ["start -C FILE (argparse4j's short form), options before it", ["start", "-Duser.name=appuser", "-C", "/f/s.properties"], { action: "start", config: "/f/s.properties", options: ["-Duser.name=appuser"], env: {} }],
    ["start --config=FILE after NAME=value words", ["X=1", "start", "--config=/f/s.properties"], { action: "start", config: "/f/s.properties", options: [], env: { X: "1" } }],
    ["shell-env defaults", ["shell-env", "defaults"], { action: "shell-env", part: "defaults", paths: IMAGE, env: {} }],
    ["shell-env (configure by default) with a folder", ["shell-env", "-M", "/m"], { action: "shell-env", part: "configure", paths: { ...IMAGE, mountedConfigsDir: "/m" }, env: {} }],
  ])("%s", async (_name, argv, expected) => {
    expect(await parseCli(argv, {})).toEqual(expected);
  });

  test("LAUNCHER_SECRETS_DIR moves the secrets folder, with and without arguments; -S still wins", async () => {
    const env = { LAUNCHER_SECRETS_DIR: "/run/secrets" };
    expect([await parseCli([], env), await parseCli(["render"], env), await parseCli(["render", "-S", "/s"], env)]).toEqual([
      start("run", { paths: { secretsDir: "/run/secrets" } }),
      start("render", { paths: { secretsDir: "/run/secrets" } }),
      start("render", { paths: { secretsDir: "/s" } }),
    ]);
  });
});

describe("NAME=value words are environment, as upstream's `run` takes them", () => {
  test.each<[string, string[], Cli]>([
    ["alone: a run with that env", ["KAFKA_NUM_PARTITIONS=3"], start("run", { env: { KAFKA_NUM_PARTITIONS: "3" } })],
    ["before the command", ["CLUSTER_ID=abc", "explain"], start("explain", { env: { CLUSTER_ID: "abc" } })],
    ["after the command, the value cut at the first =", ["explain", "KAFKA_OPTS=-Da=b", "EMPTY="], start("explain", { env: { KAFKA_OPTS: "-Da=b", EMPTY: "" } })],
    ["a flag's value is never one", ["render", "-D", "X=y", "--final-configs-dir", "A=b"], start("render", { paths: { defaultConfigsDir: "X=y", finalConfigsDir: "A=b" } })],
    ["before a program: env for it; its own NAME=value arguments stay its arguments", ["A=1", "env", "B=2", "sh", "-c", "echo $A$B"], { action: "exec", argv: ["env", "B=2", "sh", "-c", "echo $A$B"], env: { A: "1" } }],
    ["a name must not start with a digit (as in a shell): then it is a program", ["1A=2"], { action: "exec", argv: ["1A=2"], env: {} }],
  ])("%s", async (_name, argv, expected) => {
    expect(await parseCli(argv, {})).toEqual(expected);
  });
});

describe("any other first word runs that program instead (same PID, e.g. Testcontainers' sh -c)", () => {
  test.each<[string[], string[]]>([
    [["sh", "-c", "echo ok"], ["sh", "-c", "echo ok"]],
    [["/bin/true"], ["/bin/true"]],
    [["bash", "run", "--help"], ["bash", "run", "--help"]],
  ])("%p", async (argv, expected) => {
    expect(await parseCli(argv, {})).toEqual({ action: "exec", argv: expected, env: {} });
  });
});

describe("usage errors: one line naming the word, a pointer to --help, exit 64", () => {
  test.each<[string[], string]>([
    [["--frobnicate"], "Unknown argument: frobnicate"],
    [["run", "--nope"], "Unknown argument: nope"],
    [["explain", "extra"], "Unknown argument: extra"],
    [["health", "--json"], "Unknown argument: json"],
    [["health", "--timeout", "abc"], "--timeout must be a number of milliseconds above 0"],
    [["health", "--wait", "-1"], "--wait must be a number of milliseconds, 0 or more"],
    [["explain", "--", "x"], "Unknown argument: x (a program to run goes first: kafka-launcher <program> [args])"],
    [["--", "sh", "-c", "true"], "Unknown arguments: sh -c true (a program to run goes first: kafka-launcher <program> [args])"],
    [["health", "--", "localhost:9092"], "Unknown argument: localhost:9092 (a program to run goes first: kafka-launcher <program> [args])"],
  ])("%p", async (argv, message) => {
    expect(await parseCli(argv, {})).toEqual(usage(message));
  });
});

// health.ts reads the HEALTHCHECK's plain arguments without yargs; whatever it reads, yargs must read
// the same way, and whatever else it leaves to yargs (undefined), with yargs' messages.
describe("health's own reading of its arguments agrees with yargs", () => {
  test.each<[string[], boolean]>([
    [[], true],
    [["--wait", "20000", "--timeout", "3000"], true],
    [["--timeout=250", "--bootstrap=broker:29092"], true],
    [["--bootstrap", "[::1]:9092", "--wait=0"], true],
    [["--timeout", "2.5"], true],
    [["--help"], false],
    [["--timeout", "abc"], false],
    [["--timeout", "0"], false],
    [["--timeout", "1e3"], false],
    [["--timeout", "0x10"], false],
    [["--wait", "-1"], false],
    [["--timeout", "1", "--timeout", "2"], false],
    [["--bootstrap"], false],
    [["--bootstrap", "--timeout", "5"], false],
    [["--json"], false],
    [["-h"], false],
    [["X=y"], false],
    [["--", "localhost:9092"], false],
  ])("%p (read without yargs: %p)", async (argv, readHere) => {
    const fast = readHealthArgs(argv);
    const cli = await parseCli(["health", ...argv], {});
    expect({ readHere: fast !== undefined, yargs: fast && cli }).toEqual({ readHere, yargs: fast && { action: "health", ...fast } });
  });
});

describe("--help and --version print and exit 0", () => {
  test("--version: the launcher's and Kafka's versions", async () => {
    expect(await parseCli(["--version"], {})).toEqual({ action: "print", text: expect.stringMatching(/^kafka-launcher \d+\.\d+\.\d+ \(Apache Kafka \d+\.\d+\.\d+\)\n$/), exitCode: 0 });
  });

  test.each<[string[]]>([[["--help"]], [["-h"]], [["explain", "--help"]]])("%p", async (argv) => {
    const cli = await parseCli(argv, {});
    expect({ action: cli.action, exitCode: cli.action === "print" ? cli.exitCode : undefined, printed: cli.action === "print" && cli.text.length > 0 }).toEqual({ action: "print", exitCode: 0, printed: true });
  });
});
