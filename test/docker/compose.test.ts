// docker/examples/ with Debian's docker-compose (the v1 CLI, 1.29; file format 3.8): each example comes
// up under its own project name with free host ports, a message goes through it from the host (kcat),
// the image's HEALTHCHECK (`kafka-launcher health`, which finds the listener itself) turns healthy, the
// isolated cluster's brokers wait for their controllers with `depends_on: condition: service_healthy`,
// and `down -v` removes everything.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  IMAGE,
  ROOT,
  dockerSuite,
  ensureImage,
  inspect,
  kcatConsume,
  kcatProduce,
  lastHealthOutput,
  must,
  removeLeftoversAfterAll,
  reservePorts,
  sh,
  tempDir,
  uniqueName,
  waitHealthy,
  waitReady,
  type Reservation,
} from "./harness.ts";
import { capture, describeFailure } from "../../scripts/lib/run.ts";

const { skip } = dockerSuite("test/docker/compose.test.ts");
removeLeftoversAfterAll();

const EXAMPLES = join(ROOT, "docker/examples");
const COMPOSE = Bun.which("docker-compose");
if (!skip && !COMPOSE && process.env.CI) throw new Error("test/docker/compose.test.ts: CI is set but docker-compose is missing (apt-get install docker-compose)");
if (!skip && !COMPOSE) console.warn("test/docker/compose.test.ts: SKIPPED: no docker-compose (apt-get install docker-compose)");

type Project = { name: string; file: string; env: Record<string, string> };
const projects: Project[] = [];

async function compose(p: Project, args: string[], timeoutMs = 180_000): Promise<string> {
  const argv = [COMPOSE!, "--no-ansi", "-p", p.name, "-f", p.file, ...args];
  const r = await capture(argv, { cwd: join(p.file, ".."), env: { ...process.env, ...p.env }, timeoutMs });
  if (r.exitCode !== 0) throw new Error(describeFailure(argv, r, `${r.stderr}${r.stdout}`));
  return r.stdout;
}

/** Bring an example up (its host ports handed over first); it is taken down (-v) in afterAll even when the test fails. */
async function up(example: string, env: Record<string, string>, reserved: Reservation): Promise<Project> {
  const p: Project = {
    name: uniqueName(example.replace(/\W+/g, "")).replace(/[^a-z0-9]/g, ""),
    file: join(EXAMPLES, example, "docker-compose.yml"),
    env: { KAFKA_NATIVE_IMAGE: IMAGE, ...env },
  };
  projects.push(p);
  await reserved.release();
  await compose(p, ["up", "-d"]);
  return p;
}

/** Up, run the checks, and always `down -v` at the end (so at most one example runs at a time). */
async function withExample(example: string, env: Record<string, string>, reserved: Reservation, check: (p: Project) => Promise<void>): Promise<void> {
  const p = await up(example, env, reserved);
  try {
    await check(p);
  } finally {
    projects.splice(projects.indexOf(p), 1);
    await compose(p, ["down", "-v", "--remove-orphans", "-t", "30"]);
  }
}

async function container(p: Project, service: string): Promise<string> {
  const id = (await compose(p, ["ps", "-q", service])).trim();
  if (!id) throw new Error(`no container for ${service} in ${p.name}`);
  return id;
}

/** Docker's own record of what happened between two moments: container starts and health changes, by service. */
async function events(p: Project, since: number, until: number): Promise<{ service: string; what: string; at: number }[]> {
  const out = await must([
    "docker", "events", "--since", String(since / 1000), "--until", String(until / 1000),
    "--filter", `label=com.docker.compose.project=${p.name}`, "--filter", "type=container",
    "--format", '{{.TimeNano}} {{index .Actor.Attributes "com.docker.compose.service"}} {{.Status}}',
  ]);
  return out.trim().split("\n").filter(Boolean).map((line) => {
    const [nano, service, ...what] = line.split(" ");
    return { service: service!, what: what.join(" "), at: Number(BigInt(nano!) / 1_000_000n) };
  });
}

afterAll(async () => {
  for (const p of projects) await compose(p, ["down", "-v", "--remove-orphans", "-t", "30"]).catch((e) => console.error(String(e)));
}, 300_000);

describe.skipIf(skip || !COMPOSE)("docker/examples with docker-compose", () => {
  beforeAll(() => ensureImage(), 900_000);

  test("docker-compose is the v1 CLI that reads file format 3.8", async () => {
    expect(await must([COMPOSE!, "version", "--short"])).toMatch(/^1\.(2[7-9]|[3-9]\d)\./);
  });

  test(
    "single-node/plaintext: a message through it, the health command reports healthy",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      await withExample("single-node/plaintext", { KAFKA_HOST_PORT: String(port) }, reserved, async (p) => {
        const id = await container(p, "kafka");
        await waitReady(id, `127.0.0.1:${port}`);
        await kcatProduce(`127.0.0.1:${port}`, "example-plaintext", ["hello compose"]);
        expect(await kcatConsume(`127.0.0.1:${port}`, "example-plaintext", 1)).toEqual(["hello compose"]);
        await waitHealthy(id);
      });
    },
    240_000,
  );

  test(
    "single-node/file-input: the mounted file's keys, env on top",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      await withExample("single-node/file-input", { KAFKA_HOST_PORT: String(port) }, reserved, async (p) => {
        await waitReady(await container(p, "kafka"), `127.0.0.1:${port}`);
        await kcatProduce(`127.0.0.1:${port}`, "example-file", ["from the file"]);
        expect(await kcatConsume(`127.0.0.1:${port}`, "example-file", 1)).toEqual(["from the file"]);
        const meta = await must(["kcat", "-L", "-b", `127.0.0.1:${port}`, "-t", "example-file"]);
        expect(meta).toContain("with 3 partitions"); // num.partitions=3 from config/server.properties
      });
    },
    240_000,
  );

  test(
    "single-node/ssl: secrets from make-secrets.sh (keytool), client auth required",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      const secrets = tempDir("compose-ssl");
      await must(["bash", join(EXAMPLES, "single-node/ssl/make-secrets.sh"), secrets]);
      await withExample("single-node/ssl", { KAFKA_HOST_PORT: String(port), SSL_SECRETS_DIR: secrets }, reserved, async (p) => {
        const ssl = [
          "-X", "security.protocol=ssl",
          "-X", `ssl.ca.location=${join(secrets, "broker.pem")}`,
          "-X", `ssl.keystore.location=${join(secrets, "client.keystore.p12")}`,
          "-X", "ssl.keystore.password=example-secret",
        ];
        const id = await container(p, "kafka");
        await waitReady(id, `localhost:${port}`, { client: ssl });
        await kcatProduce(`localhost:${port}`, "example-ssl", ["over TLS"], ssl);
        expect(await kcatConsume(`localhost:${port}`, "example-ssl", 1, ssl)).toEqual(["over TLS"]);
        await waitHealthy(id); // the internal PLAINTEXT listener, not the published SSL one
        expect(await lastHealthOutput(id)).toContain("localhost:19092 (PLAINTEXT listener) answered ApiVersions");
      });
    },
    240_000,
  );

  test(
    "single-node/sasl-plaintext: PLAIN users from the mounted JAAS file",
    async () => {
      const reserved = await reservePorts(1);
      const [port] = reserved.ports as [number];
      await withExample("single-node/sasl-plaintext", { KAFKA_HOST_PORT: String(port) }, reserved, async (p) => {
        const sasl = ["-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=alice", "-X", "sasl.password=alice-secret"];
        const id = await container(p, "kafka");
        await waitReady(id, `127.0.0.1:${port}`, { client: sasl });
        await kcatProduce(`127.0.0.1:${port}`, "example-sasl", ["as alice"], sasl);
        expect(await kcatConsume(`127.0.0.1:${port}`, "example-sasl", 1, sasl)).toEqual(["as alice"]);
        await waitHealthy(id);
        expect(await lastHealthOutput(id)).toContain("localhost:19092 (PLAINTEXT listener) answered ApiVersions");
      });
    },
    240_000,
  );

  test(
    "cluster/combined: three broker+controller nodes, replication factor 3, in on node 1, out of node 3",
    async () => {
      const reserved = await reservePorts(3);
      const ports = reserved.ports;
      await withExample("cluster/combined", Object.fromEntries(ports.map((port, i) => [`KAFKA_${i + 1}_HOST_PORT`, String(port)])), reserved, async (p) => {
        for (const [i, service] of ["kafka-1", "kafka-2", "kafka-3"].entries()) await waitReady(await container(p, service), `127.0.0.1:${ports[i]}`, { node: i + 1, timeoutMs: 240_000 });
        await kcatProduce(`127.0.0.1:${ports[0]}`, "example-combined", ["replicated thrice"]);
        expect(await kcatConsume(`127.0.0.1:${ports[2]}`, "example-combined", 1)).toEqual(["replicated thrice"]);
        const meta = await must(["kcat", "-L", "-b", `127.0.0.1:${ports[1]}`, "-t", "example-combined"]);
        expect(meta).toContain("3 brokers");
        expect(meta).toMatch(/replicas: \d,\d,\d/);
        const node2 = await container(p, "kafka-2");
        await waitHealthy(node2);
        expect(await lastHealthOutput(node2)).toContain("127.0.0.1:19092 (PLAINTEXT listener) answered ApiVersions");
      });
    },
    400_000,
  );

  test(
    "cluster/isolated: the brokers start only once the three controllers are healthy; in on broker 4, out of broker 6",
    async () => {
      const reserved = await reservePorts(3);
      const ports = reserved.ports;
      const since = Date.now() - 1000;
      await withExample("cluster/isolated", Object.fromEntries(ports.map((port, i) => [`KAFKA_${i + 4}_HOST_PORT`, String(port)])), reserved, async (p) => {
        const seen = await events(p, since, Date.now() + 1000);
        const healthy = ["controller-1", "controller-2", "controller-3"].map((c) => seen.find((e) => e.service === c && e.what === "health_status: healthy")?.at ?? Infinity);
        const started = ["kafka-4", "kafka-5", "kafka-6"].map((b) => seen.find((e) => e.service === b && e.what === "start")?.at ?? -Infinity);
        expect({ controllersHealthy: healthy.every(Number.isFinite), brokersStarted: started.every(Number.isFinite), brokersAfterControllers: Math.min(...started) >= Math.max(...healthy) }).toEqual({
          controllersHealthy: true,
          brokersStarted: true,
          brokersAfterControllers: true,
        });
        for (const [i, service] of ["kafka-4", "kafka-5", "kafka-6"].entries()) await waitReady(await container(p, service), `127.0.0.1:${ports[i]}`, { node: i + 4, timeoutMs: 300_000 });
        await kcatProduce(`127.0.0.1:${ports[0]}`, "example-isolated", ["through isolated brokers"]);
        expect(await kcatConsume(`127.0.0.1:${ports[2]}`, "example-isolated", 1)).toEqual(["through isolated brokers"]);
        const meta = await must(["kcat", "-L", "-b", `127.0.0.1:${ports[1]}`, "-t", "example-isolated"]);
        expect(meta).toContain("3 brokers");
        expect(meta).toMatch(/replicas: \d,\d,\d/);
      });
    },
    500_000,
  );
});
