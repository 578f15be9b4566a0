// entrypoint/core/config/secrets.ts: <VAR>_FILE indirection and upstream's SSL inputs (contract §4), with literal inputs.
import { describe, expect, test } from "bun:test";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { indirectionTarget } from "../../entrypoint/core/config/secrets.ts";
import { ENV_ONLY_NODE, errorSubjects, plan, values } from "./fixtures.ts";

const SSL_NODE = {
  ...ENV_ONLY_NODE,
  KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,SSL://:9094",
  KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092,SSL://localhost:9094",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL",
  KAFKA_SSL_KEYSTORE_FILENAME: "broker.keystore.jks",
  KAFKA_SSL_KEYSTORE_CREDENTIALS: "keystore_creds",
  KAFKA_SSL_KEY_CREDENTIALS: "key_creds",
};
const SSL_SECRETS = { "broker.keystore.jks": "binary", keystore_creds: "storepass\n", key_creds: "keypass\r\n" };

describe("secrets (contract §4)", () => {
  test("keystore and passwords from the secrets folder, newline stripped, values marked secret", () => {
    const p = plan({ env: SSL_NODE, secrets: SSL_SECRETS });
    expect(errorSubjects(p)).toEqual([]);
    expect(values(p)).toMatchObject({
      "ssl.keystore.location": "/etc/kafka/secrets/broker.keystore.jks",
      "ssl.keystore.password": "storepass",
      "ssl.key.password": "keypass",
    });
    expect(p.config.get("ssl.keystore.password")!.secret).toBe(true);
    expect(Object.keys(values(p)).some((k) => k.includes("filename") || k.includes("credentials"))).toBe(false);
  });

  test("client auth required: the truststore too", () => {
    const env = { ...SSL_NODE, KAFKA_SSL_CLIENT_AUTH: "required", KAFKA_SSL_TRUSTSTORE_FILENAME: "trust.jks", KAFKA_SSL_TRUSTSTORE_CREDENTIALS: "trust_creds" };
    const p = plan({ env, secrets: { ...SSL_SECRETS, "trust.jks": "x", trust_creds: "tpass" } });
    expect(values(p)).toMatchObject({ "ssl.truststore.location": "/etc/kafka/secrets/trust.jks", "ssl.truststore.password": "tpass" });
  });

  test("a missing credentials file is an error naming the variable and the path", () => {
    const { key_creds: _, ...secrets } = SSL_SECRETS;
    const p = plan({ env: SSL_NODE, secrets });
    expect(p.problems.map((x) => [x.kind, x.subject])).toEqual([["missing-input", "KAFKA_SSL_KEY_CREDENTIALS"]]);
    expect(p.problems[0]!.message).toContain("/etc/kafka/secrets/key_creds");
  });

  test("the file sets the keystore: SSL inputs are not needed", () => {
    const server = "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@localhost:9093\nlisteners=SSL://:9094,CONTROLLER://:9093\nadvertised.listeners=SSL://localhost:9094\ninter.broker.listener.name=SSL\ncontroller.listener.names=CONTROLLER\nlistener.security.protocol.map=SSL:SSL,CONTROLLER:PLAINTEXT\nssl.keystore.location=/x.jks\nssl.keystore.password=p\n";
    expect(errorSubjects(plan({ server }))).toEqual([]);
  });

  test("*_FILE gives any value from a file; both forms is an error", () => {
    const p = plan({ env: { KAFKA_SASL_JAAS_CONFIG_FILE: "jaas.txt" }, secrets: { "jaas.txt": "x required;\n" } });
    expect(values(p)["sasl.jaas.config"]).toBe("x required;");
    expect(p.config.get("sasl.jaas.config")!.source).toEqual({ kind: "secret", name: "KAFKA_SASL_JAAS_CONFIG_FILE", path: "/etc/kafka/secrets/jaas.txt" });
    const both = plan({ env: { KAFKA_SASL_JAAS_CONFIG_FILE: "jaas.txt", KAFKA_SASL_JAAS_CONFIG: "y" }, secrets: { "jaas.txt": "x" } });
    expect(errorSubjects(both)).toEqual(["KAFKA_SASL_JAAS_CONFIG"]);
  });

  test("SASL listener without a JAAS config is refused; KAFKA_OPTS login config satisfies it", () => {
    const env = { ...ENV_ONLY_NODE, KAFKA_LISTENERS: "SASL_PLAINTEXT://:9092,CONTROLLER://:9093", KAFKA_ADVERTISED_LISTENERS: "SASL_PLAINTEXT://localhost:9092", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT", KAFKA_INTER_BROKER_LISTENER_NAME: "SASL_PLAINTEXT", KAFKA_SASL_ENABLED_MECHANISMS: "PLAIN", KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: "PLAIN" };
    expect(errorSubjects(plan({ env }))).toEqual(["sasl.jaas.config"]);
    expect(errorSubjects(plan({ env: { ...env, KAFKA_OPTS: "-Djava.security.auth.login.config=/etc/kafka/secrets/jaas.conf" } }))).toEqual([]);
  });
});

describe("which variables are <VAR>_FILE indirections", () => {
  const catalog = loadCatalog();
  test.each([
    ["KAFKA_SASL_JAAS_CONFIG_FILE", "KAFKA_SASL_JAAS_CONFIG"],
    ["CLUSTER_ID_FILE", "CLUSTER_ID"],
    ["KAFKA_OPTS_FILE", "KAFKA_OPTS"],
    ["KAFKA_FILE", undefined], // would be KAFKA, no property
    ["_FILE", undefined],
    ["OTHER_FILE", undefined], // neither KAFKA_* nor CLUSTER_ID
    // broker configs whose names end in .file, as catalog names and in every prefixed form
    ["KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE", undefined],
    ["KAFKA_SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_FILE", undefined],
    ["KAFKA_LISTENER_NAME_SASL__SSL_OAUTHBEARER_SASL_OAUTHBEARER_ASSERTION_FILE", undefined],
    ["KAFKA_LISTENER_NAME_EXTERNAL_OAUTHBEARER_SASL_OAUTHBEARER_ASSERTION_TEMPLATE_FILE", undefined],
    // …but not any name that merely ends in _FILE
    ["KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEYSTORE_PASSWORD_FILE", "KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEYSTORE_PASSWORD"],
  ])("%s → %p", (variable, target) => {
    expect(indirectionTarget(variable, catalog)).toBe(target);
  });
});
