// Two single-node brokers, each also standing for one configuration source:
// - SSL with client auth required, configured by a mounted server.properties that env overrides, its
//   keystore, truststore and password files in a secrets folder the test makes with keytool and handed
//   over through the launcher's KAFKA_SSL_*_FILENAME / *_CREDENTIALS inputs (scripts/lib/certificates.ts); kcat over SSL;
// - SASL_PLAINTEXT with PLAIN and a JAAS file (KAFKA_OPTS=-Djava.security.auth.login.config=…),
//   configured by the environment alone; kcat with -X sasl.*.
// Both brokers start together (the keytool work overlaps the SASL broker's start).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { makeCertificates } from "../../scripts/lib/certificates.ts";
import {
  cleanup,
  effectiveConfig,
  health,
  kcat,
  kcatReadAll,
  launch,
  nodeDirs,
  plainList,
  propertiesText,
  requirePrerequisites,
  reservePorts,
  START_TIMEOUT_MS,
  TEST_TIMEOUT_MS,
  writeFile,
  type Broker,
  type NodeDirs,
  type Reservation,
} from "./harness.ts";

const STORE_PASSWORD = "store-pass-4711"; // PKCS12: the key password is the store password
const SASL_USERS = { admin: "admin-secret-0815", alice: "alice-secret-0815" };

type Ssl = { dirs: NodeDirs; port: number; broker: Broker; clientKeystore: string; caPem: string };
type Sasl = { dirs: NodeDirs; port: number; controllerPort: number; broker: Broker };
let ssl: Ssl;
let sasl: Sasl;

/** kcat's options for the SSL listener: trust the test CA, present the client certificate. */
const sslClient = (caPem: string, clientKeystore: string) => [
  "-X", "security.protocol=ssl",
  "-X", `ssl.ca.location=${caPem}`,
  "-X", `ssl.keystore.location=${clientKeystore}`,
  "-X", `ssl.keystore.password=${STORE_PASSWORD}`,
];

const saslClient = (user: string, password: string) => [
  "-X", "security.protocol=SASL_PLAINTEXT",
  "-X", "sasl.mechanisms=PLAIN",
  "-X", `sasl.username=${user}`,
  "-X", `sasl.password=${password}`,
];

// ---------------------------------------------------------------------------------------------------
// The two brokers

/** A complete single-node combined config for one client listener (`name`), as key → value. */
function singleNode(name: string, port: number, controllerPort: number, logDirs: string): Record<string, string> {
  return {
    "process.roles": "broker,controller",
    "node.id": "1",
    "controller.quorum.voters": `1@localhost:${controllerPort}`,
    listeners: `${name}://:${port},CONTROLLER://:${controllerPort}`,
    "advertised.listeners": `${name}://localhost:${port}`,
    "inter.broker.listener.name": name,
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": `CONTROLLER:PLAINTEXT,${name}:${name}`,
    "log.dirs": logDirs,
    "offsets.topic.replication.factor": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
  };
}

/** key → KAFKA_KEY, the inverse of the contract's env rule for plain dotted keys. */
const toEnv = (config: Record<string, string>) =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [`KAFKA_${k.toUpperCase().replaceAll(".", "_")}`, v]));

async function startSasl(reserved: Reservation): Promise<Sasl> {
  const [port, controllerPort] = reserved.ports as [number, number];
  const dirs = nodeDirs("sasl");
  const users = Object.entries(SASL_USERS).map(([u, p]) => `user_${u}="${p}"`).join("\n  ");
  const jaas = writeFile(
    join(dirs.secrets, "kafka_server_jaas.conf"),
    `KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  username="admin" password="${SASL_USERS.admin}"\n  ${users};\n};\n`,
  );
  const env = {
    ...toEnv({
      ...singleNode("SASL_PLAINTEXT", port, controllerPort, dirs.data),
      "sasl.enabled.mechanisms": "PLAIN",
      "sasl.mechanism.inter.broker.protocol": "PLAIN",
    }),
    KAFKA_OPTS: `-Djava.security.auth.login.config=${jaas}`,
  };
  await reserved.release();
  const broker = launch("sasl", dirs, env);
  await broker.waitReady(`localhost:${port}`, saslClient("admin", SASL_USERS.admin));
  return { dirs, port, controllerPort, broker };
}

async function startSsl(reserved: Reservation): Promise<Ssl> {
  const [port, controllerPort] = reserved.ports as [number, number];
  const dirs = nodeDirs("ssl");
  const { clientKeystore, caPem } = await makeCertificates(dirs.secrets, dirs.root, STORE_PASSWORD);
  for (const name of ["keystore.cred", "key.cred", "truststore.cred"]) writeFile(join(dirs.secrets, name), `${STORE_PASSWORD}\n`);
  writeFile(
    join(dirs.mounted, "server.properties"),
    "# mounted by the test; env overrides two of these keys\n" +
      propertiesText({ ...singleNode("SSL", port, controllerPort, dirs.data), "num.partitions": "1", "log.retention.hours": "168", "message.max.bytes": "2000000" }),
  );
  await reserved.release();
  const broker = launch("ssl", dirs, {
    KAFKA_NUM_PARTITIONS: "3",
    KAFKA_LOG_RETENTION_HOURS: "24",
    KAFKA_SSL_CLIENT_AUTH: "required",
    KAFKA_SSL_KEYSTORE_FILENAME: "broker.keystore.p12",
    KAFKA_SSL_KEYSTORE_CREDENTIALS: "keystore.cred",
    KAFKA_SSL_KEY_CREDENTIALS: "key.cred",
    KAFKA_SSL_TRUSTSTORE_FILENAME: "truststore.p12",
    KAFKA_SSL_TRUSTSTORE_CREDENTIALS: "truststore.cred",
  });
  await broker.waitReady(`localhost:${port}`, sslClient(caPem, clientKeystore));
  return { dirs, port, broker, clientKeystore, caPem };
}

beforeAll(async () => {
  requirePrerequisites();
  const [forSasl, forSsl] = await Promise.all([reservePorts(2), reservePorts(2)]);
  [sasl, ssl] = await Promise.all([startSasl(forSasl), startSsl(forSsl)]);
}, START_TIMEOUT_MS);

afterAll(cleanup);

// ---------------------------------------------------------------------------------------------------

describe("SSL listener, config from a mounted server.properties overridden by env", () => {
  const sslClientArgs = () => sslClient(ssl.caPem, ssl.clientKeystore);

  test("the broker's own config log shows env won over the file, and the file's other keys stayed", () => {
    const seen = effectiveConfig(ssl.broker.lines);
    const keys = ["num.partitions", "log.retention.hours", "message.max.bytes", "ssl.client.auth", "ssl.keystore.location", "ssl.truststore.location", "ssl.keystore.password"];
    expect(Object.fromEntries(keys.map((k) => [k, seen[k]]))).toEqual({
      "num.partitions": "3", // file 1, env 3
      "log.retention.hours": "24", // file 168, env 24
      "message.max.bytes": "2000000", // file only
      "ssl.client.auth": "required",
      "ssl.keystore.location": join(ssl.dirs.secrets, "broker.keystore.p12"),
      "ssl.truststore.location": join(ssl.dirs.secrets, "truststore.p12"),
      "ssl.keystore.password": "[hidden]",
    });
    expect(ssl.broker.stderr).toMatch(/base: mounted file/);
  });

  test("no secret value reaches the launcher's or the broker's output", () => {
    expect(ssl.broker.stderr).not.toContain(STORE_PASSWORD);
    expect(ssl.broker.lines.filter((l) => l.includes(STORE_PASSWORD))).toEqual([]);
  });

  test("kcat with the client certificate produces and consumes over SSL (a new topic gets env's 3 partitions)", async () => {
    const bootstrap = `localhost:${ssl.port}`;
    const values = ["one=over TLS 1", "two=over TLS 2", "three=over TLS 3"];
    const produced = await kcat(["-b", bootstrap, ...sslClientArgs(), "-P", "-t", "secure", "-K", "=", "-X", "acks=all"], values.join("\n") + "\n");
    expect(produced).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await kcatReadAll(bootstrap, "secure", sslClientArgs())).sort()).toEqual([...values].sort());
    const meta = await kcat(["-b", bootstrap, ...sslClientArgs(), "-L", "-t", "secure"]);
    expect(meta.stdout).toContain(`topic "secure" with 3 partitions:`);
  }, TEST_TIMEOUT_MS);

  // Why `health` never picks an SSL listener by itself (entrypoint/health.ts): a plain request gets no answer.
  test("health over plain TCP gets no answer from the SSL listener", async () => {
    const out = await health(ssl.port, 2000);
    expect({ exitCode: out.exitCode, stderr: out.stderr }).toEqual({ exitCode: 1, stderr: expect.stringMatching(/is not ready: /) });
  }, TEST_TIMEOUT_MS);

  test("a client without a certificate is refused (client auth required)", async () => {
    const noCert = ["-X", "security.protocol=ssl", "-X", `ssl.ca.location=${ssl.caPem}`];
    const out = await kcat(["-b", `localhost:${ssl.port}`, ...noCert, "-L", "-m", "3"], undefined, { quiet: false });
    expect(out.exitCode).not.toBe(0);
    expect(out.stderr).toMatch(/alert (bad|certificate required)/);
  }, TEST_TIMEOUT_MS);
});

describe("SASL_PLAINTEXT with PLAIN and a JAAS file, config from env only", () => {
  test("the launcher built the config from the environment alone; the broker runs it", () => {
    expect(sasl.broker.stderr).toMatch(/base: environment only/);
    const seen = effectiveConfig(sasl.broker.lines);
    const keys = ["listeners", "advertised.listeners", "sasl.enabled.mechanisms", "inter.broker.listener.name", "log.dirs"];
    expect(Object.fromEntries(keys.map((k) => [k, plainList(seen[k] ?? "<missing>")]))).toEqual({
      listeners: `SASL_PLAINTEXT://:${sasl.port},CONTROLLER://:${sasl.controllerPort}`,
      "advertised.listeners": `SASL_PLAINTEXT://localhost:${sasl.port}`,
      "sasl.enabled.mechanisms": "PLAIN",
      "inter.broker.listener.name": "SASL_PLAINTEXT",
      "log.dirs": sasl.dirs.data,
    });
  });

  test("kcat as alice produces and consumes", async () => {
    const bootstrap = `localhost:${sasl.port}`;
    const values = ["a=sasl 1", "b=sasl 2"];
    const produced = await kcat(["-b", bootstrap, ...saslClient("alice", SASL_USERS.alice), "-P", "-t", "plain", "-K", "=", "-X", "acks=all"], values.join("\n") + "\n");
    expect(produced).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await kcatReadAll(bootstrap, "plain", saslClient("alice", SASL_USERS.alice))).sort()).toEqual([...values].sort());
  }, TEST_TIMEOUT_MS);

  // Why `health` may pick a SASL_PLAINTEXT listener (entrypoint/health.ts): Kafka answers ApiVersions before the handshake.
  test("health gets an ApiVersions answer from the SASL_PLAINTEXT listener without credentials", async () => {
    expect(await health(sasl.port)).toEqual({ stdout: "", stderr: expect.stringMatching(/answered ApiVersions \(\d+ APIs\)/), exitCode: 0 });
  }, TEST_TIMEOUT_MS);

  test("a wrong password is refused", async () => {
    const out = await kcat(["-b", `localhost:${sasl.port}`, ...saslClient("alice", "not-her-password"), "-L", "-m", "3"], undefined, { quiet: false });
    expect(out.exitCode).not.toBe(0);
    expect(out.stderr).toMatch(/SASL authentication error: Authentication failed/);
  }, TEST_TIMEOUT_MS);
});
