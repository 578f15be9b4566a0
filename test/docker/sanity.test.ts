// Sanity scenarios of the image in a real Docker Engine, run the way users run it (issue 4, contract
// sections 1 and 10): `docker run` with only CLUSTER_ID, env-only config, a mounted server.properties
// overridden by env, SSL with client auth from /etc/kafka/secrets, SASL_PLAINTEXT, docker stop/start,
// --read-only, --user <uid>:0, a bad config, --help and a replaced command. Clients run on the host:
// kcat (librdkafka) and kafkajs. Containers run one at a time (2-core CI machine).
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CLUSTER_ID,
  IMAGE,
  ROOT,
  dockerSuite,
  ensureImage,
  inspect,
  kafkajs,
  kafkajsFirst,
  kafkajsRoundTrip,
  kcatConsume,
  kcatProduce,
  lastHealthOutput,
  logs,
  must,
  removeLeftoversAfterAll,
  reservePorts,
  runOnce,
  sh,
  since,
  startContainer,
  tempDir,
  waitForExit,
  waitHealthy,
  waitReady,
} from "./harness.ts";
import { KAFKA_VERSION } from "../../entrypoint/core/version.ts";
import { apiAtLeast, engineApiVersion, START_INTERVAL_API } from "../../scripts/lib/dockerfile.ts";
import { ociLabels, sourceUrl } from "../../scripts/lib/labels.ts";

const { skip } = dockerSuite("test/docker/sanity.test.ts");

/**
 * The image config Docker makes of docker/jvm/Dockerfile's HEALTHCHECK line: the command, and each flag
 * as nanoseconds (retries as a count); the start interval only where the engine knows it (Docker 25+).
 */
function dockerfileHealthcheck(withStartInterval: boolean): Record<string, unknown> {
  const line = readFileSync(join(ROOT, "docker/jvm/Dockerfile"), "utf8").split("\n").find((l) => l.startsWith("HEALTHCHECK"))!;
  const flags = Object.fromEntries([...line.matchAll(/--([a-z-]+)=(\S+)/g)].map(([, k, v]) => [k!, v!]));
  const ns = (d: string) => Number(/^\d+/.exec(d)![0]) * { s: 1e9, m: 60e9 }[d.replace(/^\d+/, "") as "s" | "m"];
  const config: Record<string, unknown> = {
    Test: ["CMD", ...(JSON.parse(line.slice(line.indexOf("CMD ") + 4)) as string[])],
    Interval: ns(flags.interval!),
    Timeout: ns(flags.timeout!),
    StartPeriod: ns(flags["start-period"]!),
    Retries: Number(flags.retries),
  };
  if (withStartInterval) config.StartInterval = ns(flags["start-interval"]!);
  return config;
}
removeLeftoversAfterAll();

/** docker stop's own timeout: a broker that does not end by itself (SIGTERM, shutdown hooks) by then is killed (137). */
const STOP_TIMEOUT_S = 20;
/** How long a refused configuration may take to end the container: a liveness bound, not a speed claim. */
const BAD_CONFIG_BOUND_MS = 15_000;
const START_TIMEOUT = 180_000;
/** One short container (two JVM starts at most) on a loaded 2-core machine. */
const SHORT_TIMEOUT = 60_000;

/** Structural keys of a single combined node, as env (contract section 8), advertising `advertised`. */
function singleNodeEnv(advertised: string, listeners = "PLAINTEXT://:9092,CONTROLLER://:9093"): Record<string, string> {
  return {
    CLUSTER_ID,
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_LISTENERS: listeners,
    KAFKA_ADVERTISED_LISTENERS: advertised,
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT",
    KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "1",
  };
}

/** Partition count of a topic, from kcat's metadata listing. */
async function partitionCount(bootstrap: string, topic: string, extra: string[] = []): Promise<number> {
  const out = await must(["kcat", "-L", "-b", bootstrap, "-t", topic, ...extra], { timeoutMs: 30_000 });
  const match = /topic "[^"]+" with (\d+) partitions/.exec(out);
  if (!match) throw new Error(`no partition count in kcat -L output:\n${out}`);
  return Number(match[1]);
}

describe.skipIf(skip)(`image ${IMAGE}`, () => {
  beforeAll(() => ensureImage(), 900_000);

  test("the image's metadata: a pass-through ENTRYPOINT, CMD starts /etc/kafka/docker/run, EXPOSE 9092, appuser in /home/appuser", async () => {
    const config = JSON.parse(await must(["docker", "image", "inspect", "-f", "{{json .Config}}", IMAGE]));
    expect({
      entrypoint: config.Entrypoint,
      cmd: config.Cmd,
      exposed: Object.keys(config.ExposedPorts ?? {}),
      user: config.User,
      workdir: config.WorkingDir,
    }).toEqual({
      entrypoint: ["/etc/kafka/docker/entrypoint"],
      cmd: ["/etc/kafka/docker/run"],
      exposed: ["9092/tcp"],
      user: "appuser",
      workdir: "/home/appuser",
    });
  }, SHORT_TIMEOUT);

  test("the release's OCI labels, with the JVM-backed image's title; the revision is a commit of this repository", async () => {
    const labels = JSON.parse(await must(["docker", "image", "inspect", "-f", "{{json .Config.Labels}}", IMAGE])) as Record<string, string>;
    const revision = labels["org.opencontainers.image.revision"] ?? "";
    expect(labels).toEqual(Object.fromEntries(ociLabels({ version: KAFKA_VERSION, revision, source: sourceUrl(process.env), broker: "jvm" })));
    const commit = Bun.spawnSync(["git", "-C", ROOT, "cat-file", "-t", revision.replace(/-dirty$/, "")]).stdout.toString().trim();
    expect({ revision: /^[0-9a-f]{40}(-dirty)?$/.test(revision), commit }).toEqual({ revision: true, commit: "commit" });
  }, SHORT_TIMEOUT);

  test("HEALTHCHECK runs `kafka-launcher health`; with no listener in the clear it says which listeners there are and what to add", async () => {
    const config = JSON.parse(await must(["docker", "image", "inspect", "-f", "{{json .Config.Healthcheck}}", IMAGE]));
    expect(config).toEqual(dockerfileHealthcheck(apiAtLeast(engineApiVersion() ?? "0", START_INTERVAL_API)));
    const rendered = "process.roles=broker,controller\nlisteners=SSL://:9093,CONTROLLER://:9094\ncontroller.listener.names=CONTROLLER\nlistener.security.protocol.map=SSL:SSL,CONTROLLER:PLAINTEXT\n";
    const r = await runOnce({ command: ["sh", "-c", `printf '${rendered}' >/opt/kafka/config/server.properties && kafka-launcher health`] });
    expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual({ exitCode: 78, stdout: "" });
    expect(r.stderr).toContain("no broker listener health can reach without TLS: /opt/kafka/config/server.properties has listeners SSL://:9093 (SSL), CONTROLLER://:9094 (controller)");
    expect(r.stderr).toContain("fix: add a PLAINTEXT listener");
  }, SHORT_TIMEOUT);

  test("docker run IMAGE sh -c '…' runs that command, as appuser in its home", async () => {
    expect(await runOnce({ command: ["sh", "-c", "echo ok; id -un; pwd"] })).toEqual({ exitCode: 0, stdout: "ok\nappuser\n/home/appuser\n", stderr: "" });
  }, SHORT_TIMEOUT);

  test("docker run IMAGE --help prints the launcher's help", async () => {
    const r = await runOnce({ command: ["--help"] });
    expect({ exitCode: r.exitCode, usage: r.stdout.includes("kafka-launcher"), envRule: r.stdout.includes("KAFKA_") }).toEqual({
      exitCode: 0,
      usage: true,
      envRule: true,
    });
  }, SHORT_TIMEOUT);

  test("layout of contract section 1: appuser 1000:0, group-0 writable folders, Testcontainers' needs", async () => {
    const script = [
      "echo user=$(id -u):$(id -g)",
      "for d in /opt/kafka/config /var/lib/kafka/data /etc/kafka/secrets /mnt/shared/config /tmp; do echo $d=$(stat -c '%u:%g %a' $d); done",
      "for f in /etc/kafka/docker/run /opt/kafka/kafka.Kafka /bin/bash /bin/sh; do test -x $f && echo $f=x; done",
      "ls /etc/kafka/docker | grep -E 'properties|yaml' | tr '\\n' ' '; echo",
      "sleep 0.1 && echo sleep=fractions",
      "bash -c 'echo bash=$BASH_VERSINFO'",
      "getent hosts localhost >/dev/null 2>&1 || grep -q localhost /etc/hosts && echo localhost=resolves",
    ].join("; ");
    const r = await runOnce({ command: ["sh", "-c", script] });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toEqual([
      "user=1000:0",
      "/opt/kafka/config=1000:0 775",
      "/var/lib/kafka/data=1000:0 775",
      "/etc/kafka/secrets=1000:0 775",
      "/mnt/shared/config=1000:0 775",
      "/tmp=0:0 1777",
      "/etc/kafka/docker/run=x",
      "/opt/kafka/kafka.Kafka=x",
      "/bin/bash=x",
      "/bin/sh=x",
      "log4j2.yaml server.properties tools-log4j2.yaml ",
      "sleep=fractions",
      expect.stringMatching(/^bash=\d+$/),
      "localhost=resolves",
    ]);
  }, SHORT_TIMEOUT);

  test("the broker binary contract (section 7) holds: /opt/kafka/kafka.Kafka storage-tool and a bad operation", async () => {
    const r = await runOnce({ command: ["sh", "-c", "/opt/kafka/kafka.Kafka storage-tool random-uuid; echo exit=$?; /opt/kafka/kafka.Kafka frobnicate; echo exit=$?"] });
    const out = r.stdout.trim().split("\n");
    expect(out[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(out[1]).toBe("exit=0");
    expect(out.at(-1)).not.toBe("exit=0");
    expect(r.stderr).toMatch(/storage-tool/);
  }, SHORT_TIMEOUT);

  test(
    "only CLUSTER_ID: first message, docker stop ends it by itself (143, before docker's kill), docker start keeps the message",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const t0 = performance.now();
      const name = await startContainer("plain", { env: { CLUSTER_ID }, ports: { 9092: port }, reserved });
      // The defaults advertise localhost:9092; kafkajs is pointed at the published port instead.
      const client = kafkajs([`127.0.0.1:${port}`], { "localhost:9092": port });
      await waitReady(name, `127.0.0.1:${port}`);
      const readyMs = since(t0);
      expect(await kafkajsRoundTrip(client, "sanity-plain", "first message")).toBe("first message");
      const firstMessageMs = since(t0);

      const s0 = performance.now();
      await must(["docker", "stop", "-t", String(STOP_TIMEOUT_S), name], { timeoutMs: 60_000 });
      const stopMs = since(s0);
      const exitCode = Number(await inspect(name, "{{.State.ExitCode}}"));
      const log = await logs(name);
      console.log(
        `docker run → ready ${readyMs} ms, → first message consumed ${firstMessageMs} ms; docker stop ${stopMs} ms (exit ${exitCode})`,
      );
      mkdirSync(join(ROOT, "build/reports"), { recursive: true });
      writeFileSync(
        join(ROOT, "build/reports/docker-timings.json"),
        `${JSON.stringify({ image: IMAGE, runToReadyMs: readyMs, runToFirstMessageMs: firstMessageMs, stopMs, stopExitCode: exitCode, stopTimeoutS: STOP_TIMEOUT_S }, null, 2)}\n`,
      );
      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited by itself; 137 would be docker's KILL.
      expect({ clean: exitCode === 0 || exitCode === 143 }).toEqual({ clean: true });
      expect(log).toMatch(/shut(ting)? ?down complete/i);

      await must(["docker", "start", name]);
      await waitReady(name, `127.0.0.1:${port}`);
      expect(await kafkajsFirst(client, "sanity-plain")).toBe("first message");
    },
    START_TIMEOUT * 2,
  );

  test(
    "env-only configuration (no file, structural keys from env)",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const env = { ...singleNodeEnv(`PLAINTEXT://localhost:${port}`), KAFKA_NUM_PARTITIONS: "2" };
      const name = await startContainer("env", { env, ports: { 9092: port }, reserved });
      const bootstrap = `127.0.0.1:${port}`;
      await waitReady(name, bootstrap);
      await kcatProduce(bootstrap, "sanity-env", ["from env"]);
      expect(await kcatConsume(bootstrap, "sanity-env", 1)).toEqual(["from env"]);
      expect(await partitionCount(bootstrap, "sanity-env")).toBe(2);
    },
    START_TIMEOUT,
  );

  test(
    "the health check follows a moved listener (PLAINTEXT on 29092): docker reports healthy",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const env = singleNodeEnv(`PLAINTEXT://localhost:${port}`, "PLAINTEXT://:29092,CONTROLLER://:9093");
      const name = await startContainer("moved", { env, ports: { 29092: port }, reserved });
      await waitHealthy(name);
      expect(await lastHealthOutput(name)).toMatch(/^kafka-launcher: health: 127\.0\.0\.1:29092 \(PLAINTEXT listener\) answered ApiVersions \(\d+ APIs\)$/);
    },
    START_TIMEOUT,
  );

  test(
    "a mounted server.properties, overridden by env, other keys kept",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const dir = tempDir("mounted");
      writeFileSync(
        join(dir, "server.properties"),
        [
          "# a user's file: every key here stays unless env names it",
          "process.roles=broker,controller",
          "node.id=1",
          "controller.quorum.voters=1@localhost:9093",
          "listeners=PLAINTEXT://:9092,CONTROLLER://:9093",
          "advertised.listeners=PLAINTEXT://wrong-host:1",
          "controller.listener.names=CONTROLLER",
          "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
          "log.dirs=/var/lib/kafka/data",
          "num.partitions=3",
          "offsets.topic.replication.factor=1",
          "transaction.state.log.replication.factor=1",
          "transaction.state.log.min.isr=1",
          "share.coordinator.state.topic.replication.factor=1",
          "share.coordinator.state.topic.min.isr=1",
          "",
        ].join("\n"),
      );
      chmodSync(join(dir, "server.properties"), 0o644);
      const name = await startContainer("mounted", {
        env: { CLUSTER_ID, KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}` },
        ports: { 9092: port },
        reserved,
        mounts: { [dir]: "/mnt/shared/config:ro" },
      });
      const bootstrap = `127.0.0.1:${port}`;
      await waitReady(name, bootstrap);
      await kcatProduce(bootstrap, "sanity-mounted", ["from a file"]);
      expect(await kcatConsume(bootstrap, "sanity-mounted", 1)).toEqual(["from a file"]);
      expect(await partitionCount(bootstrap, "sanity-mounted")).toBe(3);
      const final = await must(["docker", "exec", name, "cat", "/opt/kafka/config/server.properties"]);
      expect(final).toContain(`advertised.listeners=PLAINTEXT://localhost:${port}`);
      expect(final).not.toContain("wrong-host");
      expect(final).toContain("log.dirs=/var/lib/kafka/data");
    },
    START_TIMEOUT,
  );

  test(
    "SSL with client auth, keystores and passwords from /etc/kafka/secrets",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const secrets = tempDir("ssl");
      const pw = "sanity-secret";
      const keytool = (...args: string[]) => must(["keytool", ...args]);
      // Broker: key pair for localhost; client: key pair; each trusts the other's certificate.
      await keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost", "-keystore", join(secrets, "broker.keystore.p12"), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw);
      await keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", join(secrets, "broker.keystore.p12"), "-storepass", pw,
        "-file", join(secrets, "broker.pem"));
      await keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=sanity-client",
        "-keystore", join(secrets, "client.keystore.p12"), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw);
      await keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", join(secrets, "client.keystore.p12"), "-storepass", pw,
        "-file", join(secrets, "client.pem"));
      await keytool("-importcert", "-noprompt", "-alias", "client", "-file", join(secrets, "client.pem"),
        "-keystore", join(secrets, "broker.truststore.p12"), "-storetype", "PKCS12", "-storepass", pw);
      for (const f of ["keystore_creds", "key_creds", "truststore_creds"]) writeFileSync(join(secrets, f), `${pw}\n`);
      for (const f of readdirSync(secrets)) chmodSync(join(secrets, f), 0o644);

      const env = {
        ...singleNodeEnv(`PLAINTEXT://localhost:19092,SSL://localhost:${port}`, "PLAINTEXT://localhost:19092,SSL://:9093,CONTROLLER://localhost:9094"),
        KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9094",
        KAFKA_SSL_KEYSTORE_FILENAME: "broker.keystore.p12",
        KAFKA_SSL_KEYSTORE_CREDENTIALS: "keystore_creds",
        KAFKA_SSL_KEY_CREDENTIALS: "key_creds",
        KAFKA_SSL_TRUSTSTORE_FILENAME: "broker.truststore.p12",
        KAFKA_SSL_TRUSTSTORE_CREDENTIALS: "truststore_creds",
        KAFKA_SSL_CLIENT_AUTH: "required",
      };
      const name = await startContainer("ssl", { env, ports: { 9093: port }, reserved, mounts: { [secrets]: "/etc/kafka/secrets:ro" } });
      const bootstrap = `localhost:${port}`;
      const tls = ["-X", "security.protocol=ssl", "-X", `ssl.ca.location=${join(secrets, "broker.pem")}`];
      const withCert = [...tls, "-X", `ssl.keystore.location=${join(secrets, "client.keystore.p12")}`, "-X", `ssl.keystore.password=${pw}`];
      await waitReady(name, bootstrap, { client: withCert });
      await kcatProduce(bootstrap, "sanity-ssl", ["over TLS"], withCert);
      expect(await kcatConsume(bootstrap, "sanity-ssl", 1, withCert)).toEqual(["over TLS"]);
      // Client auth is enforced: the same client without its certificate is turned away.
      const refused = await sh(["kcat", "-L", "-b", bootstrap, "-m", "10", ...tls], { timeoutMs: 30_000 });
      expect(refused.exitCode).not.toBe(0);
      // Secret values never reach the log.
      expect(await logs(name)).not.toContain(pw);
      // The health check picks the internal PLAINTEXT listener, not the published SSL one.
      await waitHealthy(name);
      expect(await lastHealthOutput(name)).toContain("health: localhost:19092 (PLAINTEXT listener) answered ApiVersions");
    },
    START_TIMEOUT,
  );

  test(
    "SASL_PLAINTEXT with PLAIN, the JAAS file from /etc/kafka/secrets via KAFKA_OPTS",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const secrets = tempDir("sasl");
      writeFileSync(
        join(secrets, "kafka_server_jaas.conf"),
        [
          "KafkaServer {",
          "  org.apache.kafka.common.security.plain.PlainLoginModule required",
          '  username="admin" password="admin-secret"',
          '  user_admin="admin-secret" user_alice="alice-secret";',
          "};",
          "",
        ].join("\n"),
      );
      chmodSync(join(secrets, "kafka_server_jaas.conf"), 0o644);
      const env = {
        ...singleNodeEnv(`PLAINTEXT://localhost:19092,SASL_PLAINTEXT://localhost:${port}`, "PLAINTEXT://localhost:19092,SASL_PLAINTEXT://:9095,CONTROLLER://localhost:9093"),
        KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN",
        KAFKA_OPTS: "-Djava.security.auth.login.config=/etc/kafka/secrets/kafka_server_jaas.conf",
      };
      const name = await startContainer("sasl", { env, ports: { 9095: port }, reserved, mounts: { [secrets]: "/etc/kafka/secrets:ro" } });
      const bootstrap = `127.0.0.1:${port}`;
      const sasl = (user: string, password: string) => [
        "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", `sasl.username=${user}`, "-X", `sasl.password=${password}`,
      ];
      await waitReady(name, bootstrap, { client: sasl("alice", "alice-secret") });
      await kcatProduce(bootstrap, "sanity-sasl", ["as alice"], sasl("alice", "alice-secret"));
      expect(await kcatConsume(bootstrap, "sanity-sasl", 1, sasl("alice", "alice-secret"))).toEqual(["as alice"]);
      const refused = await sh(["kcat", "-L", "-b", bootstrap, "-m", "10", ...sasl("alice", "wrong")], { timeoutMs: 30_000 });
      expect(refused.exitCode).not.toBe(0);
    },
    START_TIMEOUT,
  );

  test(
    "--read-only root filesystem, tmpfs for /tmp and /opt/kafka/config",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const name = await startContainer("ro", {
        env: { CLUSTER_ID, KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}` },
        ports: { 9092: port },
        reserved,
        options: ["--read-only", "--tmpfs", "/tmp", "--tmpfs", "/opt/kafka/config"],
      });
      const bootstrap = `127.0.0.1:${port}`;
      await waitReady(name, bootstrap);
      await kcatProduce(bootstrap, "sanity-ro", ["read-only root"]);
      expect(await kcatConsume(bootstrap, "sanity-ro", 1)).toEqual(["read-only root"]);
    },
    START_TIMEOUT,
  );

  test(
    "--user 12345:0 (an arbitrary uid in group 0, as OpenShift runs it), data in /var/lib/kafka/data",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const name = await startContainer("uid", {
        env: { CLUSTER_ID, KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`, KAFKA_LOG_DIRS: "/var/lib/kafka/data" },
        ports: { 9092: port },
        reserved,
        options: ["--user", "12345:0"],
      });
      const bootstrap = `127.0.0.1:${port}`;
      await waitReady(name, bootstrap);
      await kcatProduce(bootstrap, "sanity-uid", ["any uid"]);
      expect(await kcatConsume(bootstrap, "sanity-uid", 1)).toEqual(["any uid"]);
      expect(await must(["docker", "exec", name, "sh", "-c", "id -u; stat -c %u /var/lib/kafka/data/meta.properties"])).toBe("12345\n12345\n");
    },
    START_TIMEOUT,
  );

  test.each([
    { what: "process.roles=banana", env: { KAFKA_PROCESS_ROLES: "banana" }, message: /process\.roles is "banana"/ },
    { what: "log.segment.bytes below Kafka's minimum", env: { KAFKA_LOG_SEGMENT_BYTES: "7" }, message: /log\.segment\.bytes is "7", which is below 1048576/ },
    { what: "KAFKA_LOG4J_LOGGERS without =", env: { KAFKA_LOG4J_LOGGERS: "kafka.server" }, message: /KAFKA_LOG4J_LOGGERS/ },
  ] as { what: string; env: Record<string, string>; message: RegExp }[])(
    "a bad config ($what) exits non-zero at once, the message in docker logs",
    async ({ env, message }) => {
      const name = await startContainer("bad", { env });
      const exitCode = await waitForExit(name, BAD_CONFIG_BOUND_MS);
      const log = await logs(name);
      expect({ nonZero: exitCode !== 0, noBroker: !log.includes("KafkaRaftServer") }).toEqual({ nonZero: true, noBroker: true });
      expect(log).toMatch(message);
    },
    60_000,
  );
});
