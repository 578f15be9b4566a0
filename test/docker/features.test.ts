// Feature parity on real brokers in the image (issue 22, item 3): what a test does after the broker is up
// works, with the clients users run. Upstream's native image shipped with SASL PLAIN broken, OAUTHBEARER
// refusing to start, classes missing for share groups and group loading; and a one-node broker whose env names
// the node's structure but no replication factor keeps internal topics at 3 replicas on a cluster of one.
//
// The table is feature × layout. The two layouts are the two ways users start this image:
//   - Testcontainers Java's env (scripts/lib/testcontainers.ts), exactly as KafkaContainer sets it;
//   - an env-only compose as project generators write it: node id, roles, listeners, advertised listeners,
//     controller listener names, quorum voters, no group delay, and no replication factor, no CLUSTER_ID.
// A feature that needs the broker configured (SASL, SSL, an authorizer, a jar) changes only what it must, the
// way users of each layout do it: the client listener's protocol in the map, the mechanism's JAAS config as a
// listener property, and for the compose (whose client listener is also the inter-broker one) the broker's own
// login. Each broker serves every feature it can: per layout one plain broker (groups, transactions, share
// groups, Streams), one SASL broker with StandardAuthorizer (four mechanisms, ACLs), one SSL broker with
// client auth, one broker with a user's jar on its class path.
//
// Clients: kafka-clients and kafka-streams of the broker's release in one JVM for all scenarios of all brokers
// (test/java/Features.java, scripts/install-clients.sh); kcat (librdkafka) for PLAIN, OAUTHBEARER and SSL;
// kafkajs for SCRAM.
// Each scenario reports what it observed; each cell below holds that to what the feature promises.
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import { stringifyProperties } from "../../entrypoint/core/kafka/properties.ts";
import { makeCertificates, type Certificates } from "../../scripts/lib/certificates.ts";
import { testcontainersEnv } from "../../scripts/lib/testcontainers.ts";
import { dockerSuite, ensureImage, logs, must, removeLeftoversAfterAll, reservePorts, ROOT, sh, startContainer, tempDir, uniqueName, waitReady } from "./harness.ts";

const { skip } = dockerSuite("test/docker/features.test.ts");
removeLeftoversAfterAll();

const PASSWORDS = { admin: "admin-secret", alice: "alice-secret" };
const STORE_PASSWORD = "store-secret-4711";
/** Where the user's jar is mounted; CLASSPATH names it, as upstream's kafka-run-class.sh reads it. */
const PLUGIN_DIR = "/opt/plugins";
const DENIED_PREFIX = "denied-";

// --- the two layouts -----------------------------------------------------------------------------

type Layout = {
  id: string;
  title: string;
  /** the container port the client listener binds, for a broker published on host port `port` */
  containerPort(port: number): number;
  env(port: number): Record<string, string>;
  /** the protocol map with the client listener, PLAINTEXT, on `protocol` */
  protocolMap(protocol: string): string;
  /** the client listener is the inter-broker listener too: a SASL or SSL one needs the broker's own login */
  interBrokerOnClientListener: boolean;
};

/**
 * The compose of a generated project (a single combined node, published on 9092 there; on `port` here,
 * inside and out, so that parallel runs never collide). No replication factor: internal topics follow
 * the broker's defaults, which is what item 1 of issue 22 is about.
 */
function composeEnv(port: number): Record<string, string> {
  return {
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`,
    KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://localhost:9093`,
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
  };
}

const LAYOUTS: Layout[] = [
  {
    id: "testcontainers",
    title: "Testcontainers Java's env",
    containerPort: () => 9092,
    env: (port) => testcontainersEnv(port),
    // BROKER (inter-broker) and CONTROLLER stay PLAINTEXT, as Testcontainers users leave them
    protocolMap: (protocol) => `BROKER:PLAINTEXT,PLAINTEXT:${protocol},CONTROLLER:PLAINTEXT`,
    interBrokerOnClientListener: false,
  },
  {
    id: "compose",
    title: "an env-only compose (no replication factor, no CLUSTER_ID)",
    containerPort: (port) => port,
    env: composeEnv,
    protocolMap: (protocol) => `CONTROLLER:PLAINTEXT,PLAINTEXT:${protocol}`,
    interBrokerOnClientListener: true,
  },
];

// --- the brokers of a layout ---------------------------------------------------------------------

type BrokerKind = "plain" | "sasl" | "ssl" | "plugin";
type Files = { certificates: Certificates; secrets: string; pluginLibs: string };

const plainJaas = (login: boolean) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required ${login ? `username="admin" password="${PASSWORDS.admin}" ` : ""}user_admin="${PASSWORDS.admin}" user_alice="${PASSWORDS.alice}";`;

/** What each broker adds to the layout's env, and mounts. */
const BROKERS: Record<BrokerKind, (layout: Layout, files: Files) => { env: Record<string, string>; mounts?: Record<string, string> }> = {
  plain: () => ({ env: {} }),
  sasl: (layout) => ({
    env: {
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: layout.protocolMap("SASL_PLAINTEXT"),
      KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER",
      KAFKA_LISTENER_NAME_PLAINTEXT_PLAIN_SASL_JAAS_CONFIG: plainJaas(layout.interBrokerOnClientListener),
      KAFKA_LISTENER_NAME_PLAINTEXT_SCRAM___SHA___256_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
      KAFKA_LISTENER_NAME_PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG: "org.apache.kafka.common.security.scram.ScramLoginModule required;",
      // Kafka's unsecured JWS, for development: the broker logs in with a token of its own (sub is required),
      // and refuses a client token without the scope
      KAFKA_LISTENER_NAME_PLAINTEXT_OAUTHBEARER_SASL_JAAS_CONFIG:
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin" unsecuredValidatorRequiredScope="kafka";',
      // the SCRAM users, stored when the launcher formats the new storage (item 2 of issue 22)
      LAUNCHER_SCRAM_CREDENTIALS: `SCRAM-SHA-256=[name=admin,password=${PASSWORDS.admin}] SCRAM-SHA-512=[name=admin,password=${PASSWORDS.admin}]`,
      KAFKA_AUTHORIZER_CLASS_NAME: "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
      // ANONYMOUS is the broker itself on the PLAINTEXT controller listener (and on BROKER under Testcontainers):
      // without it the controller refuses the broker's registration (CLUSTER_ACTION) and the node never starts
      KAFKA_SUPER_USERS: "User:admin;User:ANONYMOUS",
      ...(layout.interBrokerOnClientListener ? { KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "PLAIN" } : {}),
    },
  }),
  ssl: (layout, files) => ({
    env: {
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: layout.protocolMap("SSL"),
      KAFKA_SSL_CLIENT_AUTH: "required",
      // upstream's SSL inputs: store files and password files in the secrets folder
      KAFKA_SSL_KEYSTORE_FILENAME: "broker.keystore.p12",
      KAFKA_SSL_KEYSTORE_CREDENTIALS: "store.cred",
      KAFKA_SSL_KEY_CREDENTIALS: "store.cred",
      KAFKA_SSL_TRUSTSTORE_FILENAME: "truststore.p12",
      KAFKA_SSL_TRUSTSTORE_CREDENTIALS: "store.cred",
    },
    mounts: { [files.secrets]: "/etc/kafka/secrets:ro" },
  }),
  plugin: (_, files) => ({
    env: {
      KAFKA_AUTHORIZER_CLASS_NAME: "example.DenyTopicPrefixAuthorizer",
      KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: "true",
      KAFKA_DENY_TOPIC_PREFIX: DENIED_PREFIX, // a config of the user's class: the launcher warns, Kafka passes it on
      CLASSPATH: `${PLUGIN_DIR}/*`,
    },
    mounts: { [files.pluginLibs]: `${PLUGIN_DIR}:ro` },
  }),
};

/** How kcat (and the readiness check) reaches each broker as the admin. */
function kcatClient(kind: BrokerKind, files: Files, mechanism = "PLAIN"): string[] {
  if (kind === "ssl") return ["-X", "security.protocol=ssl", "-X", `ssl.ca.location=${files.certificates.caPem}`, "-X", `ssl.keystore.location=${files.certificates.clientKeystore}`, "-X", `ssl.keystore.password=${STORE_PASSWORD}`];
  if (kind !== "sasl") return [];
  const base = ["-X", "security.protocol=SASL_PLAINTEXT", "-X", `sasl.mechanisms=${mechanism}`];
  if (mechanism === "OAUTHBEARER") return [...base, "-X", "enable.sasl.oauthbearer.unsecure.jwt=true", "-X", "sasl.oauthbearer.config=principal=admin scope=kafka"];
  return [...base, "-X", "sasl.username=admin", "-X", `sasl.password=${PASSWORDS.admin}`];
}

// --- the features --------------------------------------------------------------------------------

type Props = Record<string, string>;
/** One scenario of test/java/Features.java: its kind, the client's properties and the kind's parameters. */
type JavaScenario = { kind: string; client: Props; refused?: Props; super?: Props; param?: Props };
type Target = { bootstrap: string; files: Files };
type Feature = {
  id: string;
  title: string;
  broker: BrokerKind;
  client: "kafka-clients" | "kafka-streams" | "kcat" | "kafkajs";
  /** the scenario for the batched JVM, or a run of kcat or kafkajs in this process that returns its observation */
  java?: (t: Target) => JavaScenario;
  host?: (t: Target) => Promise<string>;
  /** what the scenario must observe */
  expected: string;
};

const jaas = {
  plain: (user: string, password: string) => `org.apache.kafka.common.security.plain.PlainLoginModule required username="${user}" password="${password}";`,
  scram: (user: string, password: string) => `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
  oauth: (scope: boolean) =>
    `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin"${scope ? ' unsecuredLoginListClaim_scope=",kafka"' : ""};`,
};
const sasl = (bootstrap: string, mechanism: string, jaasConfig: string): Props => ({
  "bootstrap.servers": bootstrap,
  "security.protocol": "SASL_PLAINTEXT",
  "sasl.mechanism": mechanism,
  "sasl.jaas.config": jaasConfig,
});
const ssl = (t: Target, withCertificate: boolean): Props => ({
  "bootstrap.servers": t.bootstrap,
  "security.protocol": "SSL",
  "ssl.truststore.location": t.files.certificates.truststore,
  "ssl.truststore.password": STORE_PASSWORD,
  ...(withCertificate ? { "ssl.keystore.location": t.files.certificates.clientKeystore, "ssl.keystore.password": STORE_PASSWORD } : {}),
});

/** A mechanism's produce and read back, and a wrong password (or token) refused. */
const mechanism = (id: string, title: string, name: string, good: (b: string) => string, bad: (b: string) => string): Feature => ({
  id,
  title: `${title}: produce and read back; a wrong credential refused`,
  broker: "sasl",
  client: "kafka-clients",
  java: (t) => ({ kind: "produce-consume", client: sasl(t.bootstrap, name, good(t.bootstrap)), refused: sasl(t.bootstrap, name, bad(t.bootstrap)) }),
  expected: "read=[v1, v2] refused=SaslAuthenticationException",
});

/** The same with kcat: two lines produced and read back, then a metadata request with `bad` options refused. */
const kcatMechanism = (id: string, title: string, name: string, bad: string[]): Feature => ({
  id,
  title: `${title}: produce and read back; a wrong credential refused`,
  broker: "sasl",
  client: "kcat",
  host: (t) => kcatRoundTrip(t.bootstrap, kcatClient("sasl", t.files, name), [...kcatClient("sasl", t.files, name).slice(0, 4), ...bad]),
  expected: "read=[k1, k2] refused=SASL authentication error",
});

/**
 * The same with kafkajs, as Node applications use it: two messages produced and read back by a consumer group,
 * then a client with a wrong password refused. (kcat is not used for SCRAM: librdkafka before 2.6.1, which
 * Debian's kcat links, builds a SCRAM proof that Kafka 4 rejects, confluentinc/librdkafka#4895.)
 */
const kafkajsMechanism = (id: string, title: string, name: "plain" | "scram-sha-256" | "scram-sha-512"): Feature => ({
  id,
  title: `${title}: produce and read back in a consumer group; a wrong password refused`,
  broker: "sasl",
  client: "kafkajs",
  host: (t) => kafkajsRoundTrip(t.bootstrap, { mechanism: name, username: "admin", password: PASSWORDS.admin }, { mechanism: name, username: "admin", password: "not-the-password" }),
  expected: "read=[j1, j2] refused=KafkaJSSASLAuthenticationError",
});

const FEATURES: Feature[] = [
  {
    id: "classic-group",
    title: "a classic consumer group: two members split two partitions, commit, a new member resumes after the commits",
    broker: "plain",
    client: "kafka-clients",
    java: (t) => ({ kind: "group", client: { "bootstrap.servers": t.bootstrap }, param: { protocol: "classic" } }),
    expected: "split=1+1 members read=[[p0-1, p0-2], [p1-1, p1-2]] resumed=[p0-3, p1-3]",
  },
  {
    id: "kip848-group",
    title: "a KIP-848 consumer group (group.protocol=consumer): the same",
    broker: "plain",
    client: "kafka-clients",
    java: (t) => ({ kind: "group", client: { "bootstrap.servers": t.bootstrap }, param: { protocol: "consumer" } }),
    expected: "split=1+1 members read=[[p0-1, p0-2], [p1-1, p1-2]] resumed=[p0-3, p1-3]",
  },
  {
    id: "transactions",
    title: "transactions: one aborted, one committed; read_committed sees only the committed records, read_uncommitted both",
    broker: "plain",
    client: "kafka-clients",
    java: (t) => ({ kind: "transactions", client: { "bootstrap.servers": t.bootstrap } }),
    expected: "read_committed=[committed-1, committed-2] read_uncommitted=[aborted-1, aborted-2, committed-1, committed-2]",
  },
  {
    id: "share-group",
    title: "a share group (KafkaShareConsumer, explicit acknowledgement): accept, release, reject; only the released record comes back",
    broker: "plain",
    client: "kafka-clients",
    java: (t) => ({ kind: "share-group", client: { "bootstrap.servers": t.bootstrap } }),
    expected: "first=[accept-me#1:accept, release-me#1:release, reject-me#1:reject] redelivered=[release-me#2]",
  },
  {
    id: "streams",
    title: "a Kafka Streams word count: its repartition and changelog topics on the one node, the counts read back",
    broker: "plain",
    client: "kafka-streams",
    java: (t) => ({ kind: "streams", client: { "bootstrap.servers": t.bootstrap }, param: { "state-dir": tempDir("streams") } }),
    expected: "state=RUNNING counts={cat=1, dog=1, the=2} internal=[changelog, repartition]",
  },
  mechanism("sasl-plain", "SASL PLAIN", "PLAIN", () => jaas.plain("admin", PASSWORDS.admin), () => jaas.plain("admin", "not-the-password")),
  kcatMechanism("sasl-plain-kcat", "SASL PLAIN", "PLAIN", ["-X", "sasl.username=admin", "-X", "sasl.password=not-the-password"]),
  mechanism("scram-sha-256", "SCRAM-SHA-256 (a user from LAUNCHER_SCRAM_CREDENTIALS)", "SCRAM-SHA-256", () => jaas.scram("admin", PASSWORDS.admin), () => jaas.scram("admin", "not-the-password")),
  kafkajsMechanism("scram-sha-256-kafkajs", "SCRAM-SHA-256 (a user from LAUNCHER_SCRAM_CREDENTIALS)", "scram-sha-256"),
  mechanism("scram-sha-512", "SCRAM-SHA-512 (a user from LAUNCHER_SCRAM_CREDENTIALS)", "SCRAM-SHA-512", () => jaas.scram("admin", PASSWORDS.admin), () => jaas.scram("admin", "not-the-password")),
  kafkajsMechanism("scram-sha-512-kafkajs", "SCRAM-SHA-512 (a user from LAUNCHER_SCRAM_CREDENTIALS)", "scram-sha-512"),
  mechanism("oauthbearer", "OAUTHBEARER with Kafka's unsecured JWS (a token without the required scope is the wrong credential)", "OAUTHBEARER", () => jaas.oauth(true), () => jaas.oauth(false)),
  kcatMechanism("oauthbearer-kcat", "OAUTHBEARER with librdkafka's unsecured JWT (a token without the required scope is the wrong credential)", "OAUTHBEARER", [
    "-X",
    "enable.sasl.oauthbearer.unsecure.jwt=true",
    "-X",
    "sasl.oauthbearer.config=principal=admin",
  ]),
  {
    id: "acls",
    title: "ACLs with StandardAuthorizer: the super user needs none; alice is denied the topic, granted it, denied the group, granted it, reads",
    broker: "sasl",
    client: "kafka-clients",
    java: (t) => ({
      kind: "acl",
      client: sasl(t.bootstrap, "PLAIN", jaas.plain("alice", PASSWORDS.alice)),
      super: sasl(t.bootstrap, "PLAIN", jaas.plain("admin", PASSWORDS.admin)),
      param: { principal: "User:alice" },
    }),
    expected: "super-user=ok denied=TopicAuthorizationException topic-granted=ok group-denied=GroupAuthorizationException group-granted=[from-super-user, after-grant]",
  },
  {
    id: "ssl",
    title: "SSL with ssl.client.auth=required: a client with a certificate produces and reads back; one without is refused",
    broker: "ssl",
    client: "kafka-clients",
    java: (t) => ({ kind: "produce-consume", client: ssl(t, true), refused: ssl(t, false) }),
    expected: "read=[v1, v2] refused=SslAuthenticationException",
  },
  {
    id: "ssl-kcat",
    title: "SSL with ssl.client.auth=required: a client with a certificate produces and reads back; one without is refused",
    broker: "ssl",
    client: "kcat",
    host: (t) => kcatRoundTrip(t.bootstrap, kcatClient("ssl", t.files), ["-X", "security.protocol=ssl", "-X", `ssl.ca.location=${t.files.certificates.caPem}`]),
    expected: "read=[k1, k2] refused=SSL handshake failed",
  },
  {
    id: "custom-jar",
    title: `a user's authorizer (a jar in a mounted folder named by CLASSPATH): topics starting ${DENIED_PREFIX} are denied, others not`,
    broker: "plugin",
    client: "kafka-clients",
    java: (t) => ({ kind: "deny-prefix", client: { "bootstrap.servers": t.bootstrap }, param: { prefix: DENIED_PREFIX } }),
    expected: "produce allowed=ok denied=TopicAuthorizationException; describe allowed=ok denied=TopicAuthorizationException",
  },
];

// --- kcat ----------------------------------------------------------------------------------------

/** Two lines produced and read back with `good`, then a metadata request with `bad` options: what was read, and why `bad` failed. */
async function kcatRoundTrip(bootstrap: string, good: string[], bad: string[]): Promise<string> {
  const topic = uniqueName("kcat");
  try {
    await must(["kcat", "-P", "-b", bootstrap, ...good, "-t", topic, "-X", "message.timeout.ms=60000"], { input: "k1\nk2\n", timeoutMs: 90_000 });
    const read = (await must(["kcat", "-C", "-b", bootstrap, ...good, "-t", topic, "-o", "beginning", "-c", "2", "-e", "-q"], { timeoutMs: 90_000 })).split("\n").filter(Boolean);
    const refused = await sh(["kcat", "-L", "-b", bootstrap, ...bad, "-m", "10"], { timeoutMs: 60_000 });
    return `read=[${read.join(", ")}] refused=${refusal(refused.exitCode, refused.stderr)}`;
  } catch (e) {
    return `error ${(e as Error).message.split("\n").slice(0, 3).join(" ")}`;
  }
}

/** librdkafka's reason, in a word: the authentication failed, or the TLS handshake (the broker's alert). */
function refusal(exitCode: number | null, stderr: string): string {
  if (exitCode === 0) return "accepted";
  if (/SASL authentication error/.test(stderr)) return "SASL authentication error";
  if (/SSL handshake failed|alert (bad certificate|certificate required|handshake failure)/.test(stderr)) return "SSL handshake failed";
  return `exit ${exitCode}: ${stderr.trim().split("\n").at(-1)}`;
}

// --- kafkajs -------------------------------------------------------------------------------------

type Sasl = SASLOptions & { mechanism: "plain" | "scram-sha-256" | "scram-sha-512" };
const kafkajsClient = (bootstrap: string, sasl: Sasl, retries: number) =>
  new Kafka({ clientId: "features", brokers: [bootstrap], sasl, logLevel: logLevel.NOTHING, retry: { retries, initialRetryTime: 200 } });

/** Two messages produced and read back by a new consumer group as `good`, then `bad` connecting: what was read, and the error `bad` met. */
async function kafkajsRoundTrip(bootstrap: string, good: Sasl, bad: Sasl): Promise<string> {
  const topic = uniqueName("kafkajs");
  const client = kafkajsClient(bootstrap, good, 8);
  const read: string[] = [];
  try {
    const producer = client.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic, messages: [{ value: "j1" }, { value: "j2" }] });
    await producer.disconnect();
    const consumer = client.consumer({ groupId: uniqueName("kafkajs-group") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    try {
      await new Promise<void>((resolve, reject) => {
        // a crashed consumer (no group coordinator, say) says why instead of waiting out the bound
        consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
        const bound = setTimeout(() => reject(new Error(`read ${read.length} of 2 messages within 90 s`)), 90_000);
        consumer
          .run({
            eachMessage: async ({ message }) => {
              read.push(message.value?.toString() ?? "");
              if (read.length === 2) {
                clearTimeout(bound);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  } catch (e) {
    return `read=[${read.join(", ")}] error ${(e as Error).name}: ${(e as Error).message}`;
  }
  const admin = kafkajsClient(bootstrap, bad, 0).admin();
  let refused = "accepted";
  try {
    await admin.connect();
  } catch (e) {
    refused = (e as Error).name;
  } finally {
    await admin.disconnect();
  }
  return `read=[${read.join(", ")}] refused=${refused}`;
}

// --- running it all ------------------------------------------------------------------------------

const CLIENT_LIBS = join(ROOT, "build/clients");
const BROKER_LIBS = join(ROOT, "build/kafka/libs");

type Started = { layout: Layout; kind: BrokerKind; name?: string; bootstrap: string; error?: string };
/** `${layout}/${feature}` → what its scenario observed */
const observed = new Map<string, string>();
const started = new Map<string, Started>();
const key = (layout: Layout, id: string) => `${layout.id}/${id}`;

/** The user's jar: test/java/plugin compiled against the broker's own jars, in a folder of its own. */
async function buildPlugin(): Promise<string> {
  const work = tempDir("plugin");
  const libs = join(work, "libs");
  mkdirSync(libs);
  chmodSync(libs, 0o755);
  await must(["javac", "--release", "17", "-nowarn", "-cp", `${BROKER_LIBS}/*`, "-d", join(work, "classes"), join(ROOT, "test/java/plugin/DenyTopicPrefixAuthorizer.java")]);
  await must(["jar", "--create", "--file", join(libs, "deny-topic-prefix-authorizer.jar"), "-C", join(work, "classes"), "."]);
  chmodSync(join(libs, "deny-topic-prefix-authorizer.jar"), 0o644);
  return libs;
}

async function makeFiles(): Promise<Files> {
  const secrets = tempDir("secrets");
  const work = tempDir("client-stores");
  const [certificates, pluginLibs] = await Promise.all([makeCertificates(secrets, work, STORE_PASSWORD), buildPlugin()]);
  writeFileSync(join(secrets, "store.cred"), `${STORE_PASSWORD}\n`);
  for (const file of ["broker.keystore.p12", "truststore.p12", "store.cred"]) chmodSync(join(secrets, file), 0o644);
  return { certificates, secrets, pluginLibs };
}

async function startBroker(layout: Layout, kind: BrokerKind, files: Files): Promise<Started> {
  const reserved = await reservePorts(1);
  const [port] = reserved.ports as [number];
  const extra = BROKERS[kind](layout, files);
  const bootstrap = `localhost:${port}`;
  try {
    const name = await startContainer(`${kind}-${layout.id}`, { env: { ...layout.env(port), ...extra.env }, ports: { [layout.containerPort(port)]: port }, mounts: extra.mounts, reserved });
    await waitReady(name, `127.0.0.1:${port}`, { client: kcatClient(kind, files) });
    return { layout, kind, name, bootstrap };
  } catch (e) {
    return { layout, kind, bootstrap, error: (e as Error).message.split("\n").slice(0, 12).join("\n") };
  }
}

/** Every Java scenario of every started broker in one JVM; returns id → observation. */
async function runJava(scenarios: Array<{ id: string; scenario: JavaScenario }>): Promise<Map<string, string>> {
  const entries: Array<{ key: string; value: string }> = [];
  scenarios.forEach(({ id, scenario }, i) => {
    entries.push({ key: `${i}.id`, value: id }, { key: `${i}.kind`, value: scenario.kind });
    for (const [section, props] of [["client", scenario.client], ["refused", scenario.refused], ["super", scenario.super], ["param", scenario.param]] as const) {
      for (const [k, v] of Object.entries(props ?? {})) entries.push({ key: `${i}.${section}.${k}`, value: v });
    }
  });
  const file = join(tempDir("scenarios"), "scenarios.properties");
  writeFileSync(file, stringifyProperties(entries, ["test/docker/features.test.ts: the scenarios of test/java/Features.java"]));
  // the clients log warnings and errors only (to stderr, kept in the report folder for a failure's story)
  const java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", `${CLIENT_LIBS}/libs/*:${CLIENT_LIBS}/classes`, "Features", file, "8"];
  const out = await sh(java, { timeoutMs: 540_000 });
  mkdirSync(join(ROOT, "build/reports"), { recursive: true });
  writeFileSync(join(ROOT, "build/reports/features-clients.log"), `${out.stderr}\nexit ${out.exitCode}\n`);
  const results = new Map<string, string>();
  for (const line of out.stdout.split("\n")) {
    const m = /^RESULT (\S+) (.*)$/.exec(line);
    if (m) results.set(m[1]!, m[2]!);
  }
  if (out.exitCode !== 0) for (const { id } of scenarios) if (!results.has(id)) results.set(id, `error the client JVM exited ${out.exitCode}: ${out.stderr.trim().split("\n").slice(-3).join(" ")}`);
  return results;
}

describe.skipIf(skip)("features on real brokers in the image, with real clients", () => {
  beforeAll(async () => {
    await ensureImage();
    // the clients and the user's jar are built while nothing else runs: javac and Maven want the CPU
    await must(["bash", join(ROOT, "scripts/install-clients.sh")], { timeoutMs: 600_000 });
    const files = await makeFiles();
    const kinds = [...new Set(FEATURES.map((f) => f.broker))];
    // one layout's brokers start together, then the other's: four JVMs starting at once on two cores
    for (const layout of LAYOUTS) {
      for (const s of await Promise.all(kinds.map((kind) => startBroker(layout, kind, files)))) started.set(`${layout.id}/${s.kind}`, s);
    }
    const javaScenarios: Array<{ id: string; scenario: JavaScenario }> = [];
    const hostRuns: Array<Promise<void>> = [];
    for (const layout of LAYOUTS) {
      for (const feature of FEATURES) {
        const broker = started.get(`${layout.id}/${feature.broker}`)!;
        const id = key(layout, feature.id);
        if (broker.error) observed.set(id, `the ${feature.broker} broker did not start: ${broker.error}`);
        else if (feature.java) javaScenarios.push({ id, scenario: feature.java({ bootstrap: broker.bootstrap, files }) });
        else hostRuns.push(feature.host!({ bootstrap: broker.bootstrap, files }).then((o) => void observed.set(id, o)));
      }
    }
    const [java] = await Promise.all([runJava(javaScenarios), ...hostRuns]);
    for (const [id, o] of java) observed.set(id, o);
  }, 900_000);

  describe.each(LAYOUTS.map((l) => [l.title, l] as const))("%s", (_, layout) => {
    test.each(FEATURES.map((f) => [`${f.title} [${f.client}]`, f] as const))("%s", async (_, feature) => {
      const seen = observed.get(key(layout, feature.id)) ?? "no observation";
      if (seen !== feature.expected) {
        // the broker's side of a failure: its log's last lines
        const broker = started.get(`${layout.id}/${feature.broker}`);
        if (broker?.name) console.error(`--- ${broker.name} (${feature.broker} broker, ${layout.id}), log tail:\n${(await logs(broker.name)).split("\n").slice(-25).join("\n")}`);
      }
      expect(seen).toBe(feature.expected);
    });
  });
});
