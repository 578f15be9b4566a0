// The configurations test/oracle puts to both the launcher and Kafka: the contract's vectors and the cases of
// issue reports as fixed cases, then seeded random variations of realistic nodes (combined, broker-only,
// controller-only, dynamic quorum, Testcontainers' layout, a mounted file under env overrides) in roles, listener
// lists, protocol maps, quorum settings, log dirs, empty values and numbers at and past their ranges. `{data}` in
// a value is the case's own data folder, so every storage format writes somewhere of its own.
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { propertyToEnv } from "../../entrypoint/core/config/envname.ts";
import { RELATIONS } from "../../entrypoint/core/kafka/validate.ts";

export type Case = { name: string; env: Record<string, string>; server?: string };

type Node = Record<string, string>; // property → value; where each goes (env or file) is decided per case

const COMBINED: Node = {
  "process.roles": "broker,controller",
  "node.id": "1",
  listeners: "PLAINTEXT://:9092,CONTROLLER://:9093",
  "advertised.listeners": "PLAINTEXT://localhost:9092",
  "controller.listener.names": "CONTROLLER",
  "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  "controller.quorum.voters": "1@localhost:9093",
  "log.dirs": "{data}/logs",
};
const BROKER: Node = {
  "process.roles": "broker",
  "node.id": "4",
  listeners: "PLAINTEXT://:19092",
  "advertised.listeners": "PLAINTEXT://broker-1:19092",
  "inter.broker.listener.name": "PLAINTEXT",
  "controller.listener.names": "CONTROLLER",
  "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  "controller.quorum.voters": "1@controller-1:9093,2@controller-2:9093,3@controller-3:9093",
  "log.dirs": "{data}/logs",
};
const CONTROLLER: Node = {
  "process.roles": "controller",
  "node.id": "1",
  listeners: "CONTROLLER://:9093",
  "controller.listener.names": "CONTROLLER",
  "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  "controller.quorum.voters": "1@controller-1:9093,2@controller-2:9093,3@controller-3:9093",
  "log.dirs": "{data}/logs",
};
const DYNAMIC: Node = { ...COMBINED, "controller.quorum.voters": "", "controller.quorum.bootstrap.servers": "localhost:9093" };
/** The layout Testcontainers' KafkaContainer writes (contract §9). */
const TESTCONTAINERS: Node = {
  "process.roles": "broker,controller",
  "node.id": "1",
  listeners: "PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094",
  "advertised.listeners": "PLAINTEXT://localhost:32771,BROKER://kafka-1:9093",
  "listener.security.protocol.map": "BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
  "inter.broker.listener.name": "BROKER",
  "controller.listener.names": "CONTROLLER",
  "controller.quorum.voters": "1@localhost:9094",
  "offsets.topic.replication.factor": "1",
  "log.dirs": "{data}/logs",
};
const TEMPLATES: [string, Node][] = [
  ["combined", COMBINED],
  ["broker", BROKER],
  ["controller", CONTROLLER],
  ["dynamic", DYNAMIC],
  ["testcontainers", TESTCONTAINERS],
];

const env = (node: Node): Record<string, string> => Object.fromEntries(Object.entries(node).map(([k, v]) => [propertyToEnv(k), v]));
const file = (node: Node): string => Object.entries(node).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";

/** Fixed cases: contract vectors, and configurations from issue reports. */
/** LAUNCHER_SCRAM_CREDENTIALS values: what Kafka's ScramParser takes and refuses, at its edges. */
const SCRAM_CASES: [string, string][] = [
  ["one user", "SCRAM-SHA-256=[name=alice,password=alice-secret]"],
  ["two entries on two lines", "SCRAM-SHA-256=[name=alice,password=a]\nSCRAM-SHA-512=[name=alice,password=a]"],
  ["separated by a comma, a semicolon and spaces", "SCRAM-SHA-256=[name=a,password=a], SCRAM-SHA-512=[name=b,password=b] ;SCRAM-SHA-256=[name=c,password=c]"],
  ["a quoted password with a space", 'SCRAM-SHA-512=[name=alice,password="two words"]'],
  ["a password with = and ]", "SCRAM-SHA-256=[name=alice,password=a=b]c]"],
  ["iterations at both bounds", "SCRAM-SHA-256=[name=a,iterations=4096,password=x] SCRAM-SHA-512=[name=b,iterations=16384,password=y]"],
  ["iterations below the bound", "SCRAM-SHA-256=[name=a,iterations=4095,password=x]"],
  ["iterations above the bound", "SCRAM-SHA-512=[name=a,iterations=16385,password=x]"],
  ["iterations not a number", "SCRAM-SHA-256=[name=a,iterations=lots,password=x]"],
  ["salt and salted password", "SCRAM-SHA-256=[name=alice,salt=MWx2NHBkbnc0ZXlwN2lsMmM0ZzNqMg==,saltedpassword=mT0yyUUxnlJaC99HXgRTSYlbuqa4FSGtJCJfTMvjYCE=,iterations=8192]"],
  ["a salt that is not base64", "SCRAM-SHA-256=[name=alice,salt=not-base64!,password=x]"],
  ["a salt with a wrong last unit", "SCRAM-SHA-256=[name=alice,salt=YQ=,password=x]"],
  ["a salt without padding", "SCRAM-SHA-256=[name=alice,salt=YWI,password=x]"],
  ["a salted password without a salt", "SCRAM-SHA-256=[name=alice,saltedpassword=YWJj]"],
  ["no name", "SCRAM-SHA-256=[password=x]"],
  ["an empty name", "SCRAM-SHA-256=[name=,password=x]"],
  ["no password", "SCRAM-SHA-256=[name=alice]"],
  ["a part Kafka does not know", "SCRAM-SHA-256=[name=alice,password=x,mechanism=y]"],
  ["SCRAM-SHA-1", "SCRAM-SHA-1=[name=alice,password=x]"],
  ["lower-case mechanism", "scram-sha-256=[name=alice,password=x]"],
  ["no brackets", "SCRAM-SHA-256=name=alice,password=x"],
  ["no equals sign at all", "alice"],
  ["a password with a comma", "SCRAM-SHA-256=[name=alice,password=a,b]"],
  ["a trailing comma inside the brackets", "SCRAM-SHA-256=[name=alice,password=x,]"],
  ["an empty part", "SCRAM-SHA-256=[name=alice,,password=x]"],
  ["empty brackets", "SCRAM-SHA-256=[]"],
  ["only spaces", "   "],
];

export const FIXED: Case[] = [
  { name: "image defaults", env: { KAFKA_LOG_DIRS: "{data}/logs" } },
  { name: "one tuning variable keeps the defaults", env: { KAFKA_NUM_NETWORK_THREADS: "4", KAFKA_LOG_DIRS: "{data}/logs" } },
  { name: "env-name vector abc.def (unknown, ignored)", env: { ...env(COMBINED), KAFKA_ABC_DEF: "1" } },
  { name: "env-name vector abc_def", env: { ...env(COMBINED), KAFKA_ABC__DEF: "1" } },
  { name: "env-name vector abc-def", env: { ...env(COMBINED), KAFKA_ABC___DEF: "1" } },
  { name: "env-name vector valid-property_all.cases", env: { ...env(COMBINED), KAFKA_VALID___PROPERTY__ALL_CASES: "x" } },
  { name: "env-name vector kafka.valid.property", env: { ...env(COMBINED), KAFKA_KAFKA_VALID_PROPERTY: "x" } },
  { name: "env-name vector a-.b", env: { ...env(COMBINED), KAFKA_A____B: "x" } },
  { name: "env-name vector a-_b", env: { ...env(COMBINED), KAFKA_A_____B: "x" } },
  { name: "KAFKA_= and KAFKA__FOO= name no key", env: { ...env(COMBINED), KAFKA_: "x", KAFKA__FOO: "x" } },
  { name: "empty KAFKA_LISTENERS next to advertised listeners", env: { ...env(COMBINED), KAFKA_LISTENERS: "", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093" } },
  { name: "empty KAFKA_ADVERTISED_LISTENERS on a controller-only node", env: { ...env(CONTROLLER), KAFKA_ADVERTISED_LISTENERS: "" } },
  { name: "empty CLUSTER_ID", env: { ...env(COMBINED), CLUSTER_ID: "" } },
  { name: "controller-only roles from the file, advertised listeners from env", server: file(CONTROLLER), env: { KAFKA_ADVERTISED_LISTENERS: "CONTROLLER://controller-1:9093" } },
  { name: "process.roles=broker,broker,controller", env: { ...env(COMBINED), KAFKA_PROCESS_ROLES: "broker,broker,controller" } },
  { name: "cluster id abc", env: { ...env(COMBINED), CLUSTER_ID: "abc" } },
  { name: "cluster id padded", env: { ...env(COMBINED), CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qg==" } },
  { name: "cluster id in standard base64", env: { ...env(COMBINED), CLUSTER_ID: "5L6g3nShT+eMCtK//X86sw" } },
  { name: "cluster id with unused bits set", env: { ...env(COMBINED), CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qk" } },
  { name: "inter.broker.listener.name=PLAINTEXT on a controller-only node", env: { ...env(CONTROLLER), KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT" } },
  {
    name: "a controller of upstream's 3.x isolated compose fixture (inter.broker.listener.name=CONTROLLER)",
    env: {
      KAFKA_NODE_ID: "1",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_PROCESS_ROLES: "controller",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@controller1:19092,2@controller2:19092,3@controller3:19092",
      KAFKA_LISTENERS: "CONTROLLER://:19092",
      KAFKA_INTER_BROKER_LISTENER_NAME: "CONTROLLER",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_LOG_DIRS: "{data}/logs",
      CLUSTER_ID: "4L6g3nShT-eMCtK--X86sw",
    },
  },
  { name: "trailing comma in listeners", env: { ...env(COMBINED), KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093," } },
  { name: "trailing comma in advertised listeners", env: { ...env(COMBINED), KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092," } },
  { name: "empty log.dirs", env: { ...env(COMBINED), KAFKA_LOG_DIRS: "" } },
  { name: "log.segment.bytes=7", env: { ...env(COMBINED), KAFKA_LOG_SEGMENT_BYTES: "7" } },
  { name: "Testcontainers' layout", env: env(TESTCONTAINERS) },
  // Testcontainers .NET (KafkaBuilder, Apache images): the advertised list always ends in a comma
  { name: "Testcontainers .NET's trailing comma", env: { ...env(TESTCONTAINERS), KAFKA_BROKER_ID: "1", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:32771,BROKER://172.17.0.3:9093," } },
  { name: "dynamic quorum, standalone", env: env(DYNAMIC) },
  { name: "broker-only node", env: env(BROKER) },
  { name: "mounted combined file under env overrides", server: file(COMBINED), env: { KAFKA_NUM_PARTITIONS: "3", KAFKA_NODE_ID: "1" } },
  // one-node clusters whose env names the structure: the profile's internal-topic settings (replicas.ts)
  { name: "one node, env without replication factors (a project generator's compose)", env: { ...env(COMBINED), KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0" } },
  { name: "one node, env without replication factors, LAUNCHER_PROFILE=off", env: { ...env(COMBINED), LAUNCHER_PROFILE: "off" } },
  { name: "one node, a replication factor of 3 set", env: { ...env(COMBINED), KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "3", KAFKA_DEFAULT_REPLICATION_FACTOR: "2" } },
  { name: "one node, min ISRs of 2 set", env: { ...env(COMBINED), KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "2", KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "2" } },
  { name: "one node in a mounted file without replication factors", server: file(COMBINED), env: {} },
  { name: "two combined voters, Kafka's replication factors", env: { ...env(COMBINED), KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093,2@other:9093" } },
  {
    name: "one node with tiered storage",
    env: { ...env(COMBINED), KAFKA_REMOTE_LOG_STORAGE_SYSTEM_ENABLE: "true", KAFKA_REMOTE_LOG_STORAGE_MANAGER_CLASS_NAME: "org.example.Rsm" },
  },
  {
    name: "one node with tiered storage, its own metadata manager prefix, a replication factor set under it",
    env: { ...env(COMBINED), KAFKA_REMOTE_LOG_STORAGE_SYSTEM_ENABLE: "true", KAFKA_REMOTE_LOG_STORAGE_MANAGER_CLASS_NAME: "org.example.Rsm", KAFKA_REMOTE_LOG_METADATA_MANAGER_IMPL_PREFIX: "meta.", KAFKA_META_REMOTE_LOG_METADATA_TOPIC_REPLICATION_FACTOR: "2" },
  },
  // SCRAM users at format time (scram.ts): each entry goes to the real storage tool's --add-scram
  ...SCRAM_CASES.map(([name, value]) => ({ name: `SCRAM: ${name}`, env: { ...env(COMBINED), LAUNCHER_SCRAM_CREDENTIALS: value } })),
  // the launcher's deliberate refusals (README "Stricter than Kafka"): Kafka's check accepts each
  { name: "stricter: listener port above 65535", env: { ...env(COMBINED), KAFKA_LISTENERS: "PLAINTEXT://:99092,CONTROLLER://:9093" } },
  { name: "stricter: advertising ::", env: { ...env(COMBINED), KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://[::]:9092" } },
  { name: "stricter: SASL listener without JAAS", env: { ...env(COMBINED), KAFKA_LISTENERS: "SASL_PLAINTEXT://:9092,CONTROLLER://:9093", KAFKA_ADVERTISED_LISTENERS: "SASL_PLAINTEXT://localhost:9092", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT", KAFKA_INTER_BROKER_LISTENER_NAME: "SASL_PLAINTEXT", KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN", KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "PLAIN" } },
  { name: "stricter: SSL listener without keystore", env: { ...env(COMBINED), KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,SSL://:9094", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092,SSL://localhost:9094", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL" } },
  { name: "stricter: KAFKA_ADVERTISED_LISTENERS with KAFKA_PROCESS_ROLES=controller", env: { ...env(CONTROLLER), KAFKA_ADVERTISED_LISTENERS: "CONTROLLER://controller-1:9093" } },
];

// ---------------------------------------------------------------------------------------------
// seeded variations

/** mulberry32: a small seeded PRNG, so a failing case is the same case on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Choose = <T>(xs: readonly T[]) => T;

/** One variation of a node: a key set to another value, emptied or removed. */
type Mutation = (node: Node, pick: Choose) => void;

const set = (key: string, values: readonly string[]): Mutation => (node, pick) => {
  const v = pick(values);
  if (v === "<remove>") delete node[key];
  else node[key] = v;
};

const catalog = loadCatalog();
const RANGED = [...catalog.keys].filter(([, k]) => k.check?.kind === "range" || k.check?.kind === "accepted");
const ONE_OF = [...catalog.keys].filter(([, k]) => k.check?.kind === "oneOf" || k.check?.kind === "oneOfIgnoreCase");
const BOOLEANS = [...catalog.keys].filter(([, k]) => k.type === "BOOLEAN").map(([name]) => name);
const DOUBLES = [...catalog.keys].filter(([, k]) => k.type === "DOUBLE").map(([name]) => name);

const MUTATIONS: Mutation[] = [
  set("process.roles", ["broker,controller", "controller,broker", "broker", "controller", "broker,broker,controller", "", " broker , controller ", "zookeeper", "broker,", "Broker", "<remove>"]),
  set("node.id", ["1", "2", "4", "0", "", "x", "-1", "+1", "2147483648", " 1 ", "<remove>"]),
  set("broker.id", ["1", "4", "-1", "<remove>"]),
  set("listeners", [
    "PLAINTEXT://:9092,CONTROLLER://:9093",
    "PLAINTEXT://:9092",
    "CONTROLLER://:9093",
    "PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093",
    "PLAINTEXT://:9092,CONTROLLER://:9093,",
    ",PLAINTEXT://:9092",
    "",
    "PLAINTEXT://:9092,PLAINTEXT://:9094,CONTROLLER://:9093",
    "PLAINTEXT://:9092,CONTROLLER://:9092",
    "PLAINTEXT://127.0.0.1:9092,INTERNAL://[::1]:9092,CONTROLLER://:9093",
    "PLAINTEXT://127.0.0.1:9092,INTERNAL://localhost:9092,CONTROLLER://:9093",
    "PLAINTEXT:9092,CONTROLLER://:9093",
    "PLAINTEXT://:99092,CONTROLLER://:9093",
    "plaintext://:9092,controller://:9093",
    "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:9094",
    "PLAINTEXT://:9092,CONTROLLER://:9093,SSL://:9094",
    "INTERNAL://:19092,CONTROLLER://:9093",
    "PLAINTEXT://:0,CONTROLLER://:0",
    "<remove>",
  ]),
  set("advertised.listeners", [
    "PLAINTEXT://localhost:9092",
    "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093",
    "PLAINTEXT://0.0.0.0:9092",
    "PLAINTEXT://[::]:9092",
    "PLAINTEXT://[::1]:9092",
    "PLAINTEXT://localhost:9092,",
    "",
    "OTHER://localhost:9099",
    "PLAINTEXT://localhost:9092,PLAINTEXT://localhost:9094",
    "CONTROLLER://localhost:9093",
    "CONTROLLER://0.0.0.0:9093",
    "INTERNAL://broker:19092",
    "<remove>",
  ]),
  set("listener.security.protocol.map", [
    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "PLAINTEXT:PLAINTEXT",
    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT,INTERNAL:PLAINTEXT,SSL:SSL",
    "controller:plaintext,plaintext:plaintext",
    "CONTROLLER:PLAINTEXT,PLAINTEXT:FOO",
    "CONTROLLER,PLAINTEXT:PLAINTEXT",
    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,",
    "",
    "<remove>",
  ]),
  set("controller.listener.names", ["CONTROLLER", "", "controller", "CONTROLLER,OTHER", "PLAINTEXT", "CONTROLLER,", "<remove>"]),
  set("inter.broker.listener.name", ["PLAINTEXT", "INTERNAL", "CONTROLLER", "plaintext", "", "<remove>"]),
  set("security.inter.broker.protocol", ["PLAINTEXT", "SSL", "plaintext", "<remove>", "<remove>", "<remove>"]),
  set("controller.quorum.voters", ["1@localhost:9093", "2@localhost:9093", "1@localhost:9093,2@other:9093", "1:localhost:9093", "1@localhost", "1@localhost:99999", "x@localhost:9093", "1@[::1]:9093", "", "1@localhost:9093,", "<remove>"]),
  set("controller.quorum.bootstrap.servers", ["localhost:9093", "localhost", "", "localhost:9093,other:9093", "<remove>", "<remove>"]),
  set("log.dirs", ["{data}/logs", "{data}/a,{data}/b", "", " ", "{data}/a,", "{data}/a,{data}/a", "<remove>"]),
  set("log.dir", ["{data}/one", "", "<remove>"]),
  set("metadata.log.dir", ["{data}/meta", "<remove>", "<remove>"]),
  set("early.start.listeners", ["CONTROLLER", "controller", "PLAINTEXT,CONTROLLER", "OTHER", "", "<remove>"]),
  set("controller.quorum.auto.join.enable", ["true", "false", "<remove>"]),
  set("cordoned.log.dirs", ["*", "*,{data}/logs", "{data}/logs", "{data}/elsewhere", "<remove>"]),
  (node, pick) => { // a number at, below or above its range, or not a number at all
    const [key, spec] = pick(RANGED);
    const check = spec.check!;
    const edge = check.kind === "range" ? [check.min, check.max].filter((x): x is string => x !== null).map((x) => BigInt(x.replace(/\.\d*$/, ""))) : check.kind === "accepted" ? check.ranges.flat().map(BigInt) : [];
    const near = edge.flatMap((e) => [e - 1n, e, e + 1n].map(String));
    node[key] = pick([...near, ...near, "abc", "", " 7 ", "+5", "9223372036854775808", "1.5", "0x10"]);
  },
  (node, pick) => {
    const [key, spec] = pick(ONE_OF);
    const values = (spec.check as { values: string[] }).values;
    node[key] = pick([...values, values[0]!.toUpperCase(), values[0]!.toLowerCase(), "bogus", ""]);
  },
  (node, pick) => (node[pick(BOOLEANS)] = pick(["true", "FALSE", "yes", "", " true "])),
  (node, pick) => (node[pick(DOUBLES)] = pick(["0.5", "0.5d", "1e-1", "NaN", "x", "", "0x1p-2"])),
  set("log.cleanup.policy", ["compact,delete", "compact,,delete", "delete,delete", "", "Compact", "<remove>"]),
  (node, pick) => { // a pair of keys Kafka compares
    const [left, , right] = pick(RELATIONS);
    node[pick([left, right])] = pick(["1", "100", "3000", "45000", "60000", "500", "0", "2"]);
  },
  set("log.cleaner.dedupe.buffer.size", ["1048576", "1048577", "2097153", "4194304", "0"]),
  set("log.cleaner.threads", ["0", "1", "2", "4"]),
  set("queued.max.request.bytes", ["-1", "0", "1000", "104857600"]),
  set("max.connections.per.ip", ["0", "10"]),
  set("max.connections.per.ip.overrides", ["localhost:10", "127.0.0.1:200,host:1", "bad", "host:x", "", "<remove>"]),
  set("log.roll.ms", ["0", "1", "-1", "<remove>"]),
  set("log.retention.ms", ["0", "-1", "-5", "1", "<remove>"]),
  set("log.retention.minutes", ["0", "10", "<remove>"]),
  set("log.retention.hours", ["0", "-1", "24"]),
  set("connection.failed.authentication.delay.ms", ["100", "600000", "700000"]),
  set("connections.max.idle.ms", ["-1", "100", "600000"]),
  set("group.coordinator.rebalance.protocols", ["classic", "consumer", "classic,consumer,share", "CLASSIC,consumer", "", "<remove>"]),
  set("group.share.assignors", ["simple", "simple,other", "", "<remove>"]),
  set("group.streams.rack.aware.assignment.tags", ["a,b", "a,a", "<remove>"]),
  (node, pick) => { // a SASL listener, with or without its mechanism and login
    node.listeners = "SASL_PLAINTEXT://:9092,CONTROLLER://:9093";
    node["advertised.listeners"] = "SASL_PLAINTEXT://localhost:9092";
    node["listener.security.protocol.map"] = "CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT";
    node["inter.broker.listener.name"] = "SASL_PLAINTEXT";
    node["sasl.enabled.mechanisms"] = pick(["PLAIN", "SCRAM-SHA-256", "PLAIN,SCRAM-SHA-256"]);
    node["sasl.mechanism.inter.broker.protocol"] = pick(["PLAIN", "SCRAM-SHA-256", "GSSAPI"]);
    if (pick([true, false])) node["listener.name.sasl_plaintext.plain.sasl.jaas.config"] = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b" user_a="b";';
  },
];

/** Where a case's keys come from: all env, all mounted file, or a file under env overrides. */
function place(node: Node, pick: Choose): Pick<Case, "env" | "server"> {
  const how = pick(["env", "env", "file", "file+env"] as const);
  if (how === "env") return { env: env(node) };
  if (how === "file") return { env: {}, server: file(node) };
  const keys = Object.keys(node);
  const overridden = new Set(keys.filter(() => pick([true, false])));
  const inFile = Object.fromEntries(keys.filter((k) => !overridden.has(k)).map((k) => [k, node[k]!]));
  return { env: env(Object.fromEntries([...overridden].map((k) => [k, node[k]!]))), server: keys.length === overridden.size ? undefined : file(inFile) };
}

export function randomCases(count: number, seed: number): Case[] {
  const next = random(seed);
  const pick: Choose = (xs) => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const [template, base] = pick(TEMPLATES);
    const node = { ...base };
    const mutations = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(MUTATIONS));
    for (const m of mutations) m(node, pick);
    if (!node["log.dirs"] && !node["log.dir"]) node["log.dir"] = "{data}/default"; // never Kafka's shared /tmp/kafka-logs
    const placed = place(node, pick);
    if (placed.server === undefined && Object.keys(placed.env).length === 0) placed.env = { KAFKA_LOG_DIRS: "{data}/logs" };
    return { name: `seed ${seed} #${i} (${template})`, env: placed.env, server: placed.server };
  });
}
