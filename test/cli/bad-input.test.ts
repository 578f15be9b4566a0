// Every bad input: one clear block naming the key and the fix, a documented exit code, the
// mounted folder byte-for-byte unchanged, nothing rendered, no secret printed.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cleanup, DEFAULTS, launch, NO_BROKER, NODE_ENV, SANDBOX_FLAGS, SSL_ENV, type Run, type Setup } from "./launcher.ts";

const runs: Run[] = [];
afterAll(() => runs.forEach(cleanup));


const NODE = { ...NO_BROKER, ...NODE_ENV, KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT" };
const SSL = { ...NODE, ...SSL_ENV };
const SSL_SECRETS = { "broker.jks": new Uint8Array([0xfe, 0xed, 0xfe, 0xed]), store_creds: "s3cr3t-store\n", key_creds: "s3cr3t-key\n" };
const SASL = {
  ...NODE,
  KAFKA_LISTENERS: "SASL_PLAINTEXT://:9092,CONTROLLER://:9093",
  KAFKA_ADVERTISED_LISTENERS: "SASL_PLAINTEXT://localhost:9092",
  KAFKA_INTER_BROKER_LISTENER_NAME: "SASL_PLAINTEXT",
  KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN",
  KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "PLAIN",
};
const without = (env: Record<string, string>, ...names: string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
const meta = (id: string, node = 1) => `#\n#Tue Nov 24 22:00:00 UTC 2026\ncluster.id=${id}\ndirectory.id=J8ZrRzq0QSmPnfk-wdoZsA\nnode.id=${node}\nversion=1\n`;
const FILE = "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@localhost:9093\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n";

type Case = [name: string, setup: Setup, exit: number, names: string, fix: string, args?: string[]];

const CASES: Case[] = [
  ["node.id not a number", { env: { ...NODE, KAFKA_NODE_ID: "one" } }, 78, "node.id", "KAFKA_NODE_ID=1"],
  ["node.id missing from env-only config", { env: without(NODE, "KAFKA_NODE_ID") }, 78, "node.id", "KAFKA_NODE_ID=1"],
  ["unknown role", { env: { ...NODE, KAFKA_PROCESS_ROLES: "broker,zookeeper" } }, 78, "process.roles", "KAFKA_PROCESS_ROLES=broker,controller"],
  ["listener without ://", { env: { ...NODE, KAFKA_LISTENERS: "PLAINTEXT:9092,CONTROLLER://:9093" } }, 78, "listeners", "NAME://host:port"],
  ["listener port out of range", { env: { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:99092,CONTROLLER://:9093" } }, 78, "listeners", "0 to 65535"],
  ["only commas in listeners (no entry left to keep)", { env: { ...NODE, KAFKA_LISTENERS: "," } }, 78, "listeners", "KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093"],
  ["an empty log.dirs", { env: { ...NODE, KAFKA_LOG_DIRS: "" } }, 78, "log.dirs", "KAFKA_LOG_DIRS="],
  ["a number below its ConfigDef range", { env: { ...NODE, KAFKA_LOG_SEGMENT_BYTES: "7" } }, 78, "log.segment.bytes", "at least 1048576"],
  ["a value outside its ConfigDef set", { env: { ...NODE, KAFKA_COMPRESSION_TYPE: "zip" } }, 78, "compression.type", "one of uncompressed"],
  ["two keys Kafka compares", { env: { ...NODE, KAFKA_REPLICA_FETCH_WAIT_MAX_MS: "40000" } }, 78, "replica.fetch.wait.max.ms", "replica.socket.timeout.ms"],
  ["listener name twice", { env: { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,PLAINTEXT://:9094,CONTROLLER://:9093" } }, 78, "listeners", "own name"],
  ["port used twice", { env: { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9092" } }, 78, "listeners", "own port"],
  ["listener missing from the protocol map", { env: { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:9094" } }, 78, "listener.security.protocol.map", "EXTERNAL:PLAINTEXT"],
  ["controller listener not among a controller's listeners", { env: { ...NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092" } }, 78, "controller.listener.names", "CONTROLLER://:9093"],
  ["controller listener on a broker-only node", { env: { ...NODE, KAFKA_PROCESS_ROLES: "broker", KAFKA_CONTROLLER_QUORUM_VOTERS: "2@c:9093" } }, 78, "listeners", "broker-only"],
  ["controller.listener.names missing", { env: without(NODE, "KAFKA_CONTROLLER_LISTENER_NAMES") }, 78, "controller.listener.names", "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER"],
  ["voters not id@host:port", { env: { ...NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "1:localhost:9093" } }, 78, "controller.quorum.voters", "KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093"],
  ["voters without this controller", { env: { ...NODE, KAFKA_CONTROLLER_QUORUM_VOTERS: "2@localhost:9093" } }, 78, "controller.quorum.voters", "1@<host>"],
  ["no voters and no bootstrap servers", { env: without(NODE, "KAFKA_CONTROLLER_QUORUM_VOTERS") }, 78, "controller.quorum.voters", "KAFKA_CONTROLLER_QUORUM_VOTERS"],
  ["bootstrap servers not host:port", { env: { ...without(NODE, "KAFKA_CONTROLLER_QUORUM_VOTERS"), KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: "localhost" } }, 78, "controller.quorum.bootstrap.servers", "localhost:9093"],
  ["0.0.0.0 advertised", { env: { ...NODE, KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://0.0.0.0:9092" } }, 78, "advertised.listeners", "PLAINTEXT://localhost:9092"],
  ["advertised name not in listeners", { env: { ...NODE, KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092,OTHER://localhost:9099", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT" } }, 78, "advertised.listeners", "add OTHER://:9099 to listeners"],
  ["inter-broker listener not advertised", { env: { ...NODE, KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL" } }, 78, "inter.broker.listener.name", "PLAINTEXT"],
  ["advertised listeners on a controller-only node", { env: { ...NODE, KAFKA_PROCESS_ROLES: "controller", KAFKA_LISTENERS: "CONTROLLER://:9093" } }, 78, "KAFKA_ADVERTISED_LISTENERS", "remove KAFKA_ADVERTISED_LISTENERS"],
  [
    "inter.broker.listener.name on a controller (a controller of upstream's 3.x isolated fixture)",
    { env: { ...NO_BROKER, KAFKA_NODE_ID: "1", KAFKA_PROCESS_ROLES: "controller", KAFKA_LISTENERS: "CONTROLLER://:19092", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT", KAFKA_CONTROLLER_QUORUM_VOTERS: "1@controller1:19092,2@controller2:19092,3@controller3:19092", KAFKA_INTER_BROKER_LISTENER_NAME: "CONTROLLER", KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER", KAFKA_LOG_DIRS: "{data}/logs" } },
    78,
    "inter.broker.listener.name",
    "remove inter.broker.listener.name",
  ],
  ["KAFKA_CLUSTER_ID instead of CLUSTER_ID", { env: { KAFKA_CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qg", ...NO_BROKER } }, 78, "KAFKA_CLUSTER_ID", "CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qg"],
  ["a number Kafka cannot parse", { env: { ...NO_BROKER, KAFKA_NUM_PARTITIONS: "three" } }, 78, "num.partitions", "whole number"],
  ["a boolean Kafka cannot parse", { env: { ...NO_BROKER, KAFKA_AUTO_CREATE_TOPICS_ENABLE: "yes" } }, 78, "auto.create.topics.enable", "true or false"],
  ["unknown key in strict mode", { env: { ...NO_BROKER, LAUNCHER_STRICT: "1", KAFKA_ADVERTISED_LISTENER: "PLAINTEXT://localhost:9092" } }, 78, "advertised.listener", "KAFKA_ADVERTISED_LISTENERS"],
  ["two variables for one key", { env: { ...NO_BROKER, KAFKA_NUM_PARTITIONS: "1", KAFKA_num_partitions: "2" } }, 78, "KAFKA_NUM_PARTITIONS and KAFKA_num_partitions", "keep only one"],
  ["SSL listener without keystore inputs", { env: without(SSL, "KAFKA_SSL_KEYSTORE_FILENAME"), secrets: SSL_SECRETS }, 78, "KAFKA_SSL_KEYSTORE_FILENAME", "KAFKA_SSL_KEYSTORE_FILENAME=<its file name>"],
  ["SSL keystore file missing", { env: SSL, secrets: { store_creds: "x", key_creds: "y" } }, 66, "KAFKA_SSL_KEYSTORE_FILENAME", "-v ./secrets:/etc/kafka/secrets"],
  ["SSL credentials file missing", { env: SSL, secrets: { "broker.jks": "x", key_creds: "y" } }, 66, "KAFKA_SSL_KEYSTORE_CREDENTIALS", "store_creds"],
  ["client auth without truststore", { env: { ...SSL, KAFKA_SSL_CLIENT_AUTH: "required" }, secrets: SSL_SECRETS }, 78, "KAFKA_SSL_TRUSTSTORE_FILENAME", "KAFKA_SSL_TRUSTSTORE_CREDENTIALS"],
  ["SASL listener without a JAAS config", { env: SASL }, 78, "JAAS", "-Djava.security.auth.login.config="],
  ["both VAR and VAR_FILE", { env: { ...NO_BROKER, KAFKA_SASL_JAAS_CONFIG: "a", KAFKA_SASL_JAAS_CONFIG_FILE: "jaas" }, secrets: { jaas: "b" } }, 64, "KAFKA_SASL_JAAS_CONFIG_FILE", "set only one"],
  ["VAR_FILE naming a missing file", { env: { ...NO_BROKER, KAFKA_SASL_JAAS_CONFIG_FILE: "nope.conf" } }, 66, "KAFKA_SASL_JAAS_CONFIG_FILE", "mount the file"],
  ["a SCRAM entry Kafka's storage tool would refuse", { env: { ...NO_BROKER, LAUNCHER_SCRAM_CREDENTIALS: "SCRAM-SHA-256=[name=alice,password=s3cr3t-store,iterations=99]" } }, 78, "LAUNCHER_SCRAM_CREDENTIALS: its entry has iterations=99", "SCRAM-SHA-256=[name=alice,password=alice-secret]"],
  ["a SCRAM file missing", { env: { ...NO_BROKER, LAUNCHER_SCRAM_CREDENTIALS_FILE: "users.scram" } }, 66, "LAUNCHER_SCRAM_CREDENTIALS_FILE", "mount the file"],
  ["logger entry without a level", { env: { ...NO_BROKER, KAFKA_LOG4J_LOGGERS: "kafka.controller" } }, 78, "KAFKA_LOG4J_LOGGERS", "name=LEVEL"],
  ["logger with a bad level", { env: { ...NO_BROKER, KAFKA_LOG4J_LOGGERS: "kafka=LOUD" } }, 78, "KAFKA_LOG4J_LOGGERS", "INFO"],
  ["bad root level", { env: { ...NO_BROKER, KAFKA_LOG4J_ROOT_LOGLEVEL: "verbose" } }, 78, "KAFKA_LOG4J_ROOT_LOGLEVEL", "DEBUG"],
  ["bad tools level", { env: { ...NO_BROKER, KAFKA_TOOLS_LOG4J_LOGLEVEL: "chatty" } }, 78, "KAFKA_TOOLS_LOG4J_LOGLEVEL", "WARN"],
  ["mounted log4j2.yaml that is not YAML, with a level to apply", { env: { ...NO_BROKER, KAFKA_LOG4J_ROOT_LOGLEVEL: "DEBUG" }, mounted: { "log4j2.yaml": "Configuration: [unclosed\n" } }, 78, "log4j2.yaml", "fix the YAML"],
  ["mounted server.properties with a broken \\u escape", { env: NO_BROKER, mounted: { "server.properties": FILE + "num.partitions=\\uZZ\n" } }, 78, "server.properties:6", "correct line 6"],
  ["mounted server.properties missing the quorum", { env: NO_BROKER, mounted: { "server.properties": "process.roles=broker,controller\nnode.id=1\nlisteners=CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n" } }, 78, "controller.quorum.voters", "KAFKA_CONTROLLER_QUORUM_VOTERS"],
  ["final folder is the mounted folder", { env: NO_BROKER }, 64, "--final-configs-dir", "folder of its own", ["run", "-D", DEFAULTS, "-M", "{mounted}", "-F", "{mounted}", "-S", "{secrets}"]],
  ["defaults folder missing", { env: NO_BROKER }, 66, "{dir}/no-defaults/server.properties", "--default-configs-dir", ["run", "-D", "{dir}/no-defaults", "-M", "{mounted}", "-F", "{final}"]],
  ["unknown flag", { env: NO_BROKER }, 64, "bogus", "--help", ["run", "--bogus"]],
  ["storage of another cluster", { env: { ...NO_BROKER, KAFKA_LOG_DIRS: "{data}/a" }, storage: { a: meta("MkU3OEVBNTcwNTJENDM2Qg") } }, 65, "MkU3OEVBNTcwNTJENDM2Qg", "CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qg"],
  ["storage of another node", { env: { ...NO_BROKER, KAFKA_LOG_DIRS: "{data}/a" }, storage: { a: meta("5L6g3nShT-eMCtK--X86sw", 3) } }, 65, "node.id", "KAFKA_NODE_ID=3"],
  ["broker binary missing", { env: { ...NO_BROKER, KAFKA_LOG_DIRS: "{data}/a" }, storage: { a: meta("5L6g3nShT-eMCtK--X86sw") } }, 127, "/nonexistent/kafka.Kafka", "LAUNCHER_BROKER_BINARY"],
  ["a program given as the first argument that does not exist", { env: NO_BROKER }, 127, "no-such-program", "check the program's name", ["no-such-program", "--flag"]],
  ["a program given as the first argument that cannot be run", { env: NO_BROKER, files: { "not-a-program": "text" } }, 126, "not-a-program", "sh -c", ["{dir}/not-a-program"]],
  ["broker binary not executable", { env: { ...NO_BROKER, LAUNCHER_BROKER_BINARY: "{secrets}/kafka.Kafka", KAFKA_LOG_DIRS: "{data}/a" }, storage: { a: meta("5L6g3nShT-eMCtK--X86sw") }, secrets: { "kafka.Kafka": "not a program" } }, 126, "kafka.Kafka", "chmod +x"],
];

describe("bad input", () => {
  test.each(CASES)("%s", (_name, setup, exit, names, fix, args = ["run", ...SANDBOX_FLAGS]) => {
    const run = launch(args, setup);
    runs.push(run);
    const out = (run.stderr + run.stdout).replaceAll(run.dir, "{dir}");
    expect({ exitCode: run.exitCode, names: out.includes(names.replace("{dir}", run.dir).replaceAll(run.dir, "{dir}")), fix: out.includes(fix) }).toEqual({ exitCode: exit, names: true, fix: true });
    expect(out).toContain(exit === 64 && !out.includes("fix:") ? "--help" : "fix:");
    expect(run.mountedAfter).toBe(run.mountedBefore);
    if (exit === 78 || exit === 66) expect(existsSync(join(run.dir, "final"))).toBe(false);
    for (const secret of ["s3cr3t-store", "s3cr3t-key"]) expect(out).not.toContain(secret);
  });

  test("all problems are reported together, not one at a time", () => {
    const run = launch(["run", ...SANDBOX_FLAGS], { env: { ...NODE, KAFKA_NODE_ID: "x", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://0.0.0.0:9092", KAFKA_LOG_SEGMENT_BYTES: "7" } });
    runs.push(run);
    expect(run.exitCode).toBe(78);
    expect(run.stderr).toContain("cannot start: 3 problems");
    expect(run.stderr.match(/fix:/g)).toHaveLength(3);
  });

});
