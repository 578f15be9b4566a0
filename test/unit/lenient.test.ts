import { describe, expect, test } from "bun:test";
import type { Entry } from "../../entrypoint/core/inputs.ts";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { dropEmptyEntries as dropFrom } from "../../entrypoint/core/config/lenient.ts";
import { viewValues } from "../../entrypoint/core/kafka/values.ts";
import { ENV_ONLY_NODE, errorSubjects, plan, values } from "./fixtures.ts";

const dropEmptyEntries = (config: Map<string, Entry>) => dropFrom(config, viewValues(config, loadCatalog()));
const entry = (key: string, value: string, secret = false): Entry => ({ key, value, source: { kind: "env", name: "KAFKA_X" }, secret });

describe("empty entries of listener lists are dropped with a warning (policy.ts MORE_LENIENT_THAN_KAFKA)", () => {
  test.each([
    ["a trailing comma (Testcontainers .NET)", "advertised.listeners", "PLAINTEXT://h:1,BROKER://10.0.0.2:9093,", "PLAINTEXT://h:1,BROKER://10.0.0.2:9093", "an empty entry"],
    ["a leading comma", "listeners", ",PLAINTEXT://:9092", "PLAINTEXT://:9092", "an empty entry"],
    ["two commas in a row, with spaces", "listeners", "PLAINTEXT://:9092 , ,CONTROLLER://:9093", "PLAINTEXT://:9092,CONTROLLER://:9093", "an empty entry"],
    ["several", "advertised.listeners", ",PLAINTEXT://h:1,,", "PLAINTEXT://h:1", "3 empty entries"],
  ])("%s", (_name, key, given, kept, what) => {
    const config = new Map([[key, entry(key, given)]]);
    const problems = dropEmptyEntries(config);
    expect({ value: config.get(key)!.value, source: config.get(key)!.source, problems: problems.map((p) => [p.severity, p.subject, p.lenient, p.message.includes(what)]) }).toEqual({
      value: kept,
      source: { kind: "env", name: "KAFKA_X" },
      problems: [["warning", key, "empty-list-entry", true]],
    });
  });

  test.each([
    ["no empty entry", "listeners", "PLAINTEXT://:9092,CONTROLLER://:9093"],
    ["an empty value (an empty list: the broker's check decides)", "listeners", ""],
    ["nothing but a comma (no entry to keep)", "advertised.listeners", ","],
    ["another list key", "log.dirs", "/a,,/b"],
  ])("left as given: %s", (_name, key, given) => {
    const config = new Map([[key, entry(key, given)]]);
    expect({ problems: dropEmptyEntries(config), value: config.get(key)!.value }).toEqual({ problems: [], value: given });
  });

  test("a secret list is cleaned without showing its value", () => {
    const config = new Map([["listeners", entry("listeners", "SASL_PLAINTEXT://:9092,", true)]]);
    const [p] = dropEmptyEntries(config);
    expect(p!.message).not.toContain("SASL_PLAINTEXT");
  });

  test("the whole plan: Testcontainers .NET's env starts, the file has no empty entry, one warning names the key", () => {
    const env = { ...ENV_ONLY_NODE, KAFKA_LISTENERS: "PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094", KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT", KAFKA_INTER_BROKER_LISTENER_NAME: "BROKER", KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9094", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:32768,BROKER://172.17.0.3:9093," };
    const p = plan({ env });
    expect(errorSubjects(p)).toEqual([]);
    expect(values(p)["advertised.listeners"]).toBe("PLAINTEXT://localhost:32768,BROKER://172.17.0.3:9093");
    expect(p.files.server).toContain("\nadvertised.listeners=PLAINTEXT://localhost:32768,BROKER://172.17.0.3:9093\n");
    expect(p.problems.filter((x) => x.lenient).map((x) => x.subject)).toEqual(["advertised.listeners"]);
  });
});
