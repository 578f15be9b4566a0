// Nothing secret in any output (contract §4): for every way a secret reaches the launcher (<VAR>_FILE,
// the SSL credential files, keys whose names say password/jaas/token), and every output that could quote
// it (problems, warnings, step lines, explain's table and broker line, a failed format's command and
// output), the secret string appears in none of the outputs of render, explain and run.
import { afterAll, describe, expect, test } from "bun:test";
import { cleanup, launch, NO_BROKER, NODE_ENV, SANDBOX_FLAGS, SSL_ENV, type Run, type Setup } from "./launcher.ts";

const runs: Run[] = [];
afterAll(() => runs.forEach(cleanup));

const NODE = { ...NO_BROKER, ...NODE_ENV, KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL" };
const { KAFKA_NODE_ID: _id, ...WITHOUT_ID } = NODE;
const { KAFKA_LISTENERS: _l, ...WITHOUT_LISTENERS } = NODE;
const BROKEN = { KAFKA_LOG_SEGMENT_BYTES: "7" }; // an unrelated error, so that every path reports problems
const SSL = { ...NODE, ...SSL_ENV };

type Case = [name: string, secret: string, setup: Setup];

const CASES: Case[] = [
  ["KAFKA_NODE_ID_FILE whose content fails validation", "n0de-s3cr3t", { env: { ...WITHOUT_ID, KAFKA_NODE_ID_FILE: "node_id" }, secrets: { node_id: "n0de-s3cr3t\n" } }],
  ["CLUSTER_ID_FILE with an id Kafka only warns about", "cl-s3cr3t-id", { env: { ...NODE, ...BROKEN, CLUSTER_ID_FILE: "cluster_id" }, secrets: { cluster_id: "cl-s3cr3t-id" } }],
  ["KAFKA_LISTENERS_FILE with a listener the map does not know", "l1stener-s3cr3t", { env: { ...WITHOUT_LISTENERS, KAFKA_LISTENERS_FILE: "listeners" }, secrets: { listeners: "PLAINTEXT://:9092,CONTROLLER://:9093,L1STENER-S3CR3T://l1stener-s3cr3t:9094" } }],
  ["a number from a file in a rule that compares two keys", "40001", { env: { ...NODE, KAFKA_REPLICA_FETCH_WAIT_MAX_MS_FILE: "wait" }, secrets: { wait: "40001" } }],
  ["KAFKA_SASL_JAAS_CONFIG_FILE", "j4as-s3cr3t", { env: { ...NODE, ...BROKEN, KAFKA_SASL_JAAS_CONFIG_FILE: "jaas" }, secrets: { jaas: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="j4as-s3cr3t";' } }],
  ["SSL keystore credentials file", "st0re-s3cr3t", { env: { ...SSL, ...BROKEN }, secrets: { "broker.jks": "x", store_creds: "st0re-s3cr3t\n", key_creds: "k3y-s3cr3t\n" } }],
  ["SSL key credentials file", "k3y-s3cr3t", { env: { ...SSL, ...BROKEN }, secrets: { "broker.jks": "x", store_creds: "st0re-s3cr3t\n", key_creds: "k3y-s3cr3t\n" } }],
  ["a password key given in env", "pl41n-s3cr3t", { env: { ...NODE, ...BROKEN, KAFKA_SSL_KEYSTORE_PASSWORD: "pl41n-s3cr3t" } }],
  ["KAFKA_OPTS_FILE with a token property", "t0ken-s3cr3t", { env: { ...NODE, ...BROKEN, KAFKA_OPTS_FILE: "opts" }, secrets: { opts: "-Dmy.token=t0ken-s3cr3t" } }],
];

describe("no secret in any output", () => {
  for (const command of ["render", "explain", "run"] as const) {
    test.each(CASES)(`${command}: %s`, (_name, secret, setup) => {
      const run = launch([command, ...SANDBOX_FLAGS], setup);
      runs.push(run);
      const out = run.stdout + run.stderr;
      expect(out.length).toBeGreaterThan(0);
      expect(out.includes(secret)).toBe(false);
    });
  }

  test("a format that fails: neither its command line nor its output shows the cluster id from CLUSTER_ID_FILE", () => {
    const broker = '#!/bin/sh\necho "storage tool saw: $*" >&2\nexit 1\n';
    const run = launch(["run", ...SANDBOX_FLAGS], {
      env: { ...NODE, LAUNCHER_BROKER_BINARY: "{dir}/kafka.Kafka", CLUSTER_ID_FILE: "cluster_id" },
      secrets: { cluster_id: "Cl0sterS3cr3tIdXyzAbcQ" },
      executables: { "kafka.Kafka": broker },
    });
    runs.push(run);
    expect(run.exitCode).toBe(70);
    expect(run.stderr).toContain("storage tool saw: ");
    expect(run.stderr.includes("Cl0sterS3cr3tIdXyzAbcQ")).toBe(false);
  });

  test("the exec line masks -D…token= and -D…password= options", () => {
    const run = launch(["run", ...SANDBOX_FLAGS], {
      env: { ...NODE, LAUNCHER_BROKER_BINARY: "/bin/true", KAFKA_OPTS: "-Dsasl.oauth.token=t0k3n-plain -Dkeystore.password=pw-plain -Dplain=shown" },
    });
    runs.push(run);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("-Dplain=shown");
    expect([run.stderr.includes("t0k3n-plain"), run.stderr.includes("pw-plain")]).toEqual([false, false]);
  });
});
