import { describe, expect, test } from "bun:test";
import { envToProperty, propertyToEnv } from "../../entrypoint/core/config/envname.ts";
import { envProperties } from "../../entrypoint/core/config/merge.ts";
import type { EnvValue } from "../../entrypoint/core/inputs.ts";

// Contract §2 vectors, then our own.
const VECTORS: [string, string][] = [
  ["KAFKA_ABC_DEF", "abc.def"],
  ["KAFKA_ABC__DEF", "abc_def"],
  ["KAFKA_ABC___DEF", "abc-def"],
  ["KAFKA_VALID___PROPERTY__ALL_CASES", "valid-property_all.cases"],
  ["KAFKA_KAFKA_VALID_PROPERTY", "kafka.valid.property"],
  ["KAFKA_A____B", "a-.b"],
  ["KAFKA_A_____B", "a-_b"],
  ["KAFKA_NODE_ID", "node.id"],
  ["KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG", "listener.name.sasl_plaintext.plain.sasl.jaas.config"],
  ["KAFKA_A______B", "a--b"],
  ["KAFKA_lower_case", "lower.case"],
  ["KAFKA_X", "x"],
];

describe("env name rule", () => {
  test.each(VECTORS)("%s → %s", (variable, property) => {
    expect(envToProperty(variable)).toBe(property);
  });

  test.each(VECTORS.filter(([v]) => v === v.toUpperCase() && !/_{4,}/.test(v) && !v.startsWith("KAFKA_KAFKA")))("propertyToEnv inverts %s", (variable, property) => {
    expect(propertyToEnv(property)).toBe(variable);
  });
});

const EXCLUDED = [
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
  // consumed as launcher inputs instead of leaking as junk keys (contract §2)
  "KAFKA_JMX_PORT",
  "KAFKA_SSL_KEYSTORE_FILENAME",
  "KAFKA_SSL_KEY_CREDENTIALS",
  "KAFKA_SSL_KEYSTORE_CREDENTIALS",
  "KAFKA_SSL_TRUSTSTORE_FILENAME",
  "KAFKA_SSL_TRUSTSTORE_CREDENTIALS",
  "KAFKA_CLUSTER_ID",
];

const vars = (env: Record<string, string>) =>
  new Map<string, EnvValue>(Object.entries(env).map(([name, value]) => [name, { value, source: { kind: "env", name }, secret: false }]));

describe("which variables become properties", () => {
  test.each(EXCLUDED)("%s is never a property", (name) => {
    expect(envProperties(vars({ [name]: "x" })).entries).toEqual([]);
  });

  test("prefix is case-sensitive; other variables are ignored", () => {
    const { entries } = envProperties(vars({ kafka_abc: "1", KAFKAX: "2", PATH: "/bin", CLUSTER_ID: "x", KAFKA_ABC: "3" }));
    expect(entries.map((e) => [e.key, e.value])).toEqual([["abc", "3"]]);
  });

  test("an empty value still yields key=", () => {
    expect(envProperties(vars({ KAFKA_ABC: "" })).entries.map((e) => [e.key, e.value])).toEqual([["abc", ""]]);
  });

  test("values are raw: no trimming, no unescaping", () => {
    const raw = "  a=b\\n:c ";
    expect(envProperties(vars({ KAFKA_ABC: raw })).entries[0]!.value).toBe(raw);
  });

  test("two variables for one key are an error that names both", () => {
    const { problems } = envProperties(vars({ KAFKA_ABC: "1", KAFKA_abc: "2" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain("KAFKA_ABC and KAFKA_abc");
  });
});
