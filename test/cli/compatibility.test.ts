// Configurations from real compose files that upstream's image starts a working broker with (and Kafka 4.4
// accepts: test/oracle puts the same shapes to Kafka), so the launcher must accept them too: `render` exits 0,
// writes what Kafka needs, and says in a warning what it changed or ignored.
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, launch, NODE_ENV, SANDBOX_FLAGS, type Run, type Setup } from "./launcher.ts";

const runs: Run[] = [];
afterAll(() => runs.forEach(cleanup));

const NODE = NODE_ENV;
const CONTROLLER = {
  KAFKA_NODE_ID: "1",
  KAFKA_PROCESS_ROLES: "controller",
  KAFKA_LISTENERS: "CONTROLLER://:9093",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@controller-1:9093",
  KAFKA_LOG_DIRS: "{data}/logs",
};

function render(setup: Setup): { run: Run; server: Record<string, string>; out: string } {
  const run = launch(["render", ...SANDBOX_FLAGS], setup);
  runs.push(run);
  const text = run.exitCode === 0 ? readFileSync(join(run.dir, "final", "server.properties"), "latin1") : "";
  const server = Object.fromEntries(text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  return { run, server, out: run.stderr.replaceAll(run.dir, "{dir}") };
}

describe("accepted as upstream accepts it", () => {
  test("KAFKA_LISTENERS= next to KAFKA_ADVERTISED_LISTENERS: the listeners are derived", () => {
    const { run, server } = render({ env: { ...NODE, KAFKA_LISTENERS: "", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093" } });
    expect([run.exitCode, server.listeners]).toEqual([0, "PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093"]);
  });

  test("KAFKA_ADVERTISED_LISTENERS= on a controller-only node is left out", () => {
    const { run, server } = render({ env: { ...CONTROLLER, KAFKA_ADVERTISED_LISTENERS: "" } });
    expect([run.exitCode, "advertised.listeners" in server, server.listeners]).toEqual([0, false, "CONTROLLER://:9093"]);
  });

  test("CLUSTER_ID= means the default id", () => {
    const run = launch(["explain", ...SANDBOX_FLAGS], { env: { ...NODE, CLUSTER_ID: "" } });
    runs.push(run);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/\(cluster id\)\s+5L6g3nShT-eMCtK--X86sw\s+# launcher default cluster id \(CLUSTER_ID is empty\)/);
  });

  test("process.roles=controller from the mounted file, advertised listeners from env", () => {
    const file = Object.entries(CONTROLLER).map(([k, v]) => `${k.slice(6).toLowerCase().replaceAll("_", ".")}=${v}`).join("\n");
    const { run, server } = render({ mounted: { "server.properties": file }, env: { KAFKA_ADVERTISED_LISTENERS: "CONTROLLER://controller-1:9093", KAFKA_LOG_DIRS: "{data}/logs" } });
    expect([run.exitCode, server["process.roles"], server["advertised.listeners"]]).toEqual([0, "controller", "CONTROLLER://controller-1:9093"]);
  });

  test("process.roles=broker,broker,controller (Kafka drops the duplicate)", () => {
    const { run, server } = render({ env: { ...NODE, KAFKA_PROCESS_ROLES: "broker,broker,controller" } });
    expect([run.exitCode, server["process.roles"]]).toEqual([0, "broker,broker,controller"]);
  });

  test("KAFKA_=x and KAFKA__FOO=x: a warning that each is ignored, nothing written", () => {
    const { run, server, out } = render({ env: { ...NODE, KAFKA_: "x", KAFKA__FOO: "x" } });
    expect([run.exitCode, "" in server, ".foo" in server]).toEqual([0, false, false]);
    expect(out).toContain("! KAFKA_ names no property");
    expect(out).toContain("! KAFKA__FOO names no property");
  });

  test.each([
    ["abc", "kafka-storage.sh random-uuid"],
    ["MkU3OEVBNTcwNTJENDM2Qg==", "CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qg"],
    ["5L6g3nShT+eMCtK//X86sw", "CLUSTER_ID=5L6g3nShT-eMCtK__X86sw"],
  ])("CLUSTER_ID=%s (Kafka 4.4 formats with it): a warning naming the fix %s", (id, fix) => {
    const { run, out } = render({ env: { ...NODE, CLUSTER_ID: id } });
    expect(run.exitCode).toBe(0);
    expect(out).toContain(`! CLUSTER_ID=${id} is not`);
    expect(out).toContain(fix);
  });

  test("a per-listener broker key ending in .file is a property, not a <VAR>_FILE secret", () => {
    const variable = "KAFKA_LISTENER_NAME_SASL__SSL_OAUTHBEARER_SASL_OAUTHBEARER_ASSERTION_FILE";
    const { run, server } = render({ env: { ...NODE, [variable]: "/var/run/broker-only/assertion.jwt" } });
    expect([run.exitCode, server["listener.name.sasl_ssl.oauthbearer.sasl.oauthbearer.assertion.file"]]).toEqual([0, "/var/run/broker-only/assertion.jwt"]);
  });

  test("inter.broker.listener.name=PLAINTEXT on a controller-only node whose map names PLAINTEXT", () => {
    const { run } = render({ env: { ...CONTROLLER, KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT" } });
    expect(run.exitCode).toBe(0);
  });
});
