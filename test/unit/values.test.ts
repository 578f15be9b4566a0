// entrypoint/core/kafka/values.ts: the configuration's values parsed once, as the broker reads them, with literal configs.
import { describe, expect, test } from "bun:test";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import type { Entry } from "../../entrypoint/core/inputs.ts";
import { entriesOf, parsedOf, setValueOf, valueOf, viewValues } from "../../entrypoint/core/kafka/values.ts";

const CATALOG = loadCatalog();
const entry = (key: string, value: string): Entry => ({ key, value, source: { kind: "env", name: key }, secret: false });
const view = (props: Record<string, string>) => viewValues(new Map(Object.entries(props).map(([key, value]) => [key, entry(key, value)])), CATALOG);

describe("valueOf: what the broker reads", () => {
  test.each([
    ["a ValidList keeps the first of repeated entries", { "process.roles": "broker, broker,controller" }, "process.roles", ["broker", "controller"]],
    ["another list keeps them", { "controller.quorum.voters": "1@h:9093,1@h:9093" }, "controller.quorum.voters", ["1@h:9093", "1@h:9093"]],
    ["a number as bigint", { "num.partitions": " 3 " }, "num.partitions", 3n],
    ["a string trimmed", { "metadata.log.dir": " /m " }, "metadata.log.dir", "/m"],
    ["unset: the default, parsed", {}, "num.partitions", 1n],
    ["unset listeners: Kafka's default", {}, "listeners", ["PLAINTEXT://:9092"]],
    ["unset with no default", {}, "advertised.listeners", null],
    ["unset and required", {}, "node.id", null],
    ["set but not parsed", { "node.id": "one" }, "node.id", undefined],
    ["a key Kafka does not know", { "no.such.key": "1" }, "no.such.key", undefined],
    ["a listener's own key, as its broker-wide key", { "listener.name.sasl_plaintext.sasl.enabled.mechanisms": "PLAIN,PLAIN" }, "listener.name.sasl_plaintext.sasl.enabled.mechanisms", ["PLAIN"]],
    ["a listener's own key, the listener's name with a dot", { "listener.name.a.b.sasl.enabled.mechanisms": "PLAIN" }, "listener.name.a.b.sasl.enabled.mechanisms", ["PLAIN"]],
  ] as const)("%s", (_, props, key, value) => {
    expect(valueOf(view(props), key)).toEqual(value as never);
  });
});

describe("parsedOf and setValueOf: the value set, no default", () => {
  test("unset: nothing", () => {
    expect([parsedOf(view({}), "num.partitions"), setValueOf(view({}), "num.partitions")]).toEqual([undefined, undefined]);
  });
  test("not parsed: why, and what would do", () => {
    expect(parsedOf(view({ "node.id": "one" }), "node.id")).toEqual({ ok: false, why: "is not a whole number", expected: "a whole number from -2147483648 to 2147483647" });
    expect(setValueOf(view({ "node.id": "one" }), "node.id")).toBeUndefined();
  });
  test("a boolean as Kafka reads it", () => {
    expect(setValueOf(view({ "controller.quorum.auto.join.enable": " TRUE " }), "controller.quorum.auto.join.enable")).toBe(true);
  });
});

describe("entriesOf: a list as written", () => {
  test.each([
    [{ "group.streams.rack.aware.assignment.tags": "a, a,,b," }, "group.streams.rack.aware.assignment.tags", ["a", "a", "", "b", ""]],
    [{ "advertised.listeners": "  " }, "advertised.listeners", []],
    [{}, "early.start.listeners", []],
    [{ "num.partitions": "3" }, "num.partitions", []],
  ] as const)("%j %s → %j", (props, key, entries) => {
    expect(entriesOf(view(props), key)).toEqual(entries as never);
  });
});

describe("each entry parsed once", () => {
  test("a second read is the first one", () => {
    const values = view({ listeners: "PLAINTEXT://:9092" });
    expect(parsedOf(values, "listeners")).toBe(parsedOf(values, "listeners")!);
  });
  test("an entry set after a read is read as itself", () => {
    const config = new Map([["listeners", entry("listeners", "PLAINTEXT://:9092")]]);
    const values = viewValues(config, CATALOG);
    expect(valueOf(values, "listeners")).toEqual(["PLAINTEXT://:9092"]);
    config.set("listeners", entry("listeners", "SSL://:9093"));
    expect(valueOf(values, "listeners")).toEqual(["SSL://:9093"]);
    config.delete("listeners");
    expect(valueOf(values, "listeners")).toEqual(["PLAINTEXT://:9092"]);
  });
});
