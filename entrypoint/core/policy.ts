// Policy as data: which variables are properties, which are launcher inputs, which keys are
// structural, where things live. Every rule that a user could ask "why?" about is a row here.

/** Image paths (contract §1). Every one can be overridden by a flag for use outside the image. */
export const IMAGE_PATHS = {
  defaultConfigsDir: "/etc/kafka/docker",
  mountedConfigsDir: "/mnt/shared/config",
  finalConfigsDir: "/opt/kafka/config",
  secretsDir: "/etc/kafka/secrets",
  brokerBinary: "/opt/kafka/kafka.Kafka",
} as const;

/** The first word of every line the launcher prints (docker logs mixes it with the broker's). */
export const OUTPUT_TAG = "kafka-launcher:";

/** `health`'s options when not given: one answer within 5 s, no waiting for a start in progress. */
export const HEALTH_DEFAULTS = { timeoutMs: 5000, waitMs: 0 } as const;

/** What `health` is asked: read by the health command itself (the HEALTHCHECK's plain form) or by cli.ts. */
export type HealthArgs = { bootstrap?: string; timeoutMs: number; waitMs: number };

/** The only file names read from the default and mounted folders. */
export const CONFIG_FILES = {
  server: "server.properties",
  log4j2: "log4j2.yaml",
  toolsLog4j2: "tools-log4j2.yaml",
} as const;

/** Never turned into properties: upstream's exclusion list (KafkaDockerWrapper, Kafka 4.x). */
export const EXCLUDED_ENV: ReadonlySet<string> = new Set([
  "KAFKA_VERSION",
  "KAFKA_HEAP_OPTS",
  "KAFKA_LOG4J_OPTS",
  "KAFKA_OPTS",
  "KAFKA_JMX_OPTS",
  "KAFKA_JVM_PERFORMANCE_OPTS",
  "KAFKA_GC_LOG_OPTS",
  "KAFKA_LOG4J_ROOT_LOGLEVEL",
  "KAFKA_LOG4J_LOGGERS",
  "KAFKA_TOOLS_LOG4J_LOGLEVEL",
  "KAFKA_JMX_HOSTNAME",
]);

/**
 * Launcher inputs that upstream leaks into server.properties as junk keys (contract §2);
 * we consume them instead.
 */
export const SSL_SECRET_ENV = {
  keystoreFilename: "KAFKA_SSL_KEYSTORE_FILENAME",
  keyCredentials: "KAFKA_SSL_KEY_CREDENTIALS",
  keystoreCredentials: "KAFKA_SSL_KEYSTORE_CREDENTIALS",
  truststoreFilename: "KAFKA_SSL_TRUSTSTORE_FILENAME",
  truststoreCredentials: "KAFKA_SSL_TRUSTSTORE_CREDENTIALS",
} as const;

export const CONSUMED_ENV: ReadonlySet<string> = new Set([
  "KAFKA_JMX_PORT",
  "KAFKA_CLUSTER_ID", // a mistake for CLUSTER_ID: reported, never written (contract §2)
  ...Object.values(SSL_SECRET_ENV),
]);

/**
 * Variables whose empty value upstream's scripts treat as unset (`[[ -z … ]]`): KAFKA_LISTENERS is then derived
 * from the advertised listeners. Every other empty KAFKA_* variable is written as `key=` and Kafka reads an empty
 * value; empty CLUSTER_ID, log levels and *_OPTS fall back to their defaults where they are read.
 */
export const EMPTY_MEANS_UNSET: ReadonlySet<string> = new Set(["KAFKA_LISTENERS"]);

/** Keys whose presence in env means "I am writing my own node config": defaults then stay out (contract §3). */
export const STRUCTURAL_KEYS: ReadonlySet<string> = new Set([
  "process.roles",
  "node.id",
  "listeners",
  "controller.listener.names",
  "controller.quorum.voters",
  "controller.quorum.bootstrap.servers",
]);

/** Upstream's fixed id, used when CLUSTER_ID is not set. */
export const DEFAULT_CLUSTER_ID = "5L6g3nShT-eMCtK--X86sw";

/** Values of these keys (and of -D options with these names) are never printed. */
export const SECRET_KEY_PATTERN = /(password|secret|jaas\.config|credentials|token|\.key$|private\.key)/i;

/**
 * Where the launcher refuses a configuration that Kafka's own configuration check accepts, and why. README.md
 * ("Stricter than Kafka") lists the same ids, and test/oracle allows exactly these refusals of what Kafka accepts.
 */
export const STRICTER_THAN_KAFKA = {
  "sasl-without-jaas": "a SASL listener with no JAAS login configuration passes Kafka's check, then the broker dies opening the listener",
  "ssl-without-store": "an SSL listener with no keystore (or, with ssl.client.auth required or requested, no truststore) or no store password: upstream's image refuses it; without a keystore the broker dies opening the listener",
  "port-out-of-range": "a port outside 0-65535 in a listener, advertised listener, voter or bootstrap server passes Kafka's check; nothing can bind or reach it",
  "advertised-any-address": "Kafka refuses to advertise 0.0.0.0 but not `::` ([::]): clients can reach neither",
  "controller-advertised-env": "upstream's image refuses KAFKA_ADVERTISED_LISTENERS when KAFKA_PROCESS_ROLES=controller (contract §3)",
  "one-key-two-variables": "two variables for one key (KAFKA_NUM_PARTITIONS and KAFKA_num_partitions): upstream writes both in no fixed order",
  "kafka-cluster-id": "KAFKA_CLUSTER_ID alone: upstream writes the unknown key cluster.id and formats with its default cluster id",
  "unknown-key-strict": "LAUNCHER_STRICT=1 turns unknown keys (which Kafka ignores) into errors",
} as const;

export type StricterRule = keyof typeof STRICTER_THAN_KAFKA;

/**
 * Where the launcher accepts, with a warning, what Kafka's own check refuses, and why. README.md ("More lenient
 * than Kafka") lists the same ids; test/oracle checks that Kafka refuses each such input as given and accepts
 * what the launcher writes instead.
 */
export const MORE_LENIENT_THAN_KAFKA = {
  "empty-list-entry":
    "Testcontainers .NET's KafkaBuilder writes KAFKA_ADVERTISED_LISTENERS with a trailing comma; Kafka 4.4 refuses the empty entry, the launcher drops it",
} as const;

export type LenientRule = keyof typeof MORE_LENIENT_THAN_KAFKA;

/** List keys whose empty entries (a stray or trailing comma) are dropped with a warning (lenient.ts). */
export const EMPTY_ENTRIES_DROPPED: readonly string[] = ["listeners", "advertised.listeners"];

/** The launcher's own knobs: never `KAFKA_`-prefixed, so they cannot collide with properties (knobs.ts documents and checks them). */
export const LAUNCHER_ENV = {
  runtime: "LAUNCHER_RUNTIME",
  brokerBinary: "LAUNCHER_BROKER_BINARY",
  java: "LAUNCHER_JAVA",
  classpath: "LAUNCHER_CLASSPATH",
  mainClass: "LAUNCHER_MAIN_CLASS",
  secretsDir: "LAUNCHER_SECRETS_DIR",
  strict: "LAUNCHER_STRICT",
  profile: "LAUNCHER_PROFILE",
  aotCache: "LAUNCHER_AOT_CACHE",
  scramCredentials: "LAUNCHER_SCRAM_CREDENTIALS",
} as const;

/** Variables other than KAFKA_* that a `<VAR>_FILE` variable may stand for (secrets.ts). */
export const FILE_TARGETS: ReadonlySet<string> = new Set(["CLUSTER_ID", LAUNCHER_ENV.scramCredentials]);

export const DISPATCHER_CLASS = "kafka.KafkaNativeWrapper";
export const JVM_CLASSPATH = "/opt/kafka/libs/*";
