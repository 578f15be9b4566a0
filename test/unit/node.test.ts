// entrypoint/core/kafka/node.ts: the node a configuration describes, parsed once as KafkaConfig parses it.
import { describe, expect, test } from "bun:test";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import type { Entry } from "../../entrypoint/core/inputs.ts";
import { advertisedBrokerListeners, advertisedControllerListeners, storageDirsOf, viewNode } from "../../entrypoint/core/kafka/node.ts";
import { viewValues } from "../../entrypoint/core/kafka/values.ts";

const CATALOG = loadCatalog();
const values = (props: Record<string, string>) =>
  viewValues(new Map<string, Entry>(Object.entries(props).map(([key, value]) => [key, { key, value, source: { kind: "env", name: key }, secret: false }])), CATALOG);
const COMBINED = { "process.roles": "broker,controller", "node.id": "1", listeners: "PLAINTEXT://:9092,CONTROLLER://:9093", "controller.listener.names": "CONTROLLER", "controller.quorum.voters": "1@localhost:9093" };

describe("viewNode", () => {
  test("roles: duplicates dropped, unknown ones left out", () => {
    expect([...viewNode(values({ ...COMBINED, "process.roles": "broker,broker,zookeeper" })).roles]).toEqual(["broker"]);
  });
  test("no protocol map: Kafka's default plus each controller listener name as PLAINTEXT", () => {
    const { listener: _, ...rest } = { listener: 0, ...COMBINED };
    const node = viewNode(values(rest));
    expect(node.listeners.map((l) => [l.name, l.protocol])).toEqual([["PLAINTEXT", "PLAINTEXT"], ["CONTROLLER", "PLAINTEXT"]]);
  });
  test("no protocol map and a SASL listener: no implicit PLAINTEXT for the controller listener", () => {
    const node = viewNode(values({ ...COMBINED, listeners: "SASL_PLAINTEXT://:9092,CONTROLLER://:9093" }));
    expect(node.listeners.map((l) => [l.name, l.protocol])).toEqual([["SASL_PLAINTEXT", "SASL_PLAINTEXT"], ["CONTROLLER", undefined]]);
  });
  test("listener names in capitals, host empty = every interface, unparsed entries noted", () => {
    const node = viewNode(values({ ...COMBINED, listeners: "plaintext://:9092,CONTROLLER://[::1]:9093,bad" }));
    expect(node.listeners.map((l) => [l.name, l.host, l.port])).toEqual([["PLAINTEXT", "", 9092], ["CONTROLLER", "::1", 9093]]);
    expect(node.unparsed.get("listeners")).toEqual(["bad"]);
  });
  test("no listeners key: Kafka's default PLAINTEXT://:9092", () => {
    const { listeners: _, ...rest } = COMBINED;
    expect(viewNode(values(rest)).listeners.map((l) => l.text)).toEqual(["PLAINTEXT://:9092"]);
  });
  test("node.id from broker.id when only that is set", () => {
    const { "node.id": _, ...rest } = COMBINED;
    expect(viewNode(values({ ...rest, "broker.id": "3" })).nodeId).toBe(3);
  });
  test("inter-broker listener: named, else the protocol's own name", () => {
    expect(viewNode(values({ ...COMBINED, "inter.broker.listener.name": " plaintext " })).interBroker).toEqual({ name: "PLAINTEXT", protocol: "PLAINTEXT" });
    expect(viewNode(values(COMBINED)).interBroker).toEqual({ name: "PLAINTEXT", protocol: "PLAINTEXT" });
  });
  test("log dirs: log.dirs, else log.dir, else Kafka's default; the metadata dir added once", () => {
    expect(storageDirsOf(viewNode(values({ ...COMBINED, "log.dirs": "/a,/b", "metadata.log.dir": "/a" })))).toEqual(["/a", "/b"]);
    expect(storageDirsOf(viewNode(values({ ...COMBINED, "log.dir": "/one" })))).toEqual(["/one"]);
    expect(storageDirsOf(viewNode(values(COMBINED)))).toEqual(["/tmp/kafka-logs"]);
  });
});

describe("what a node advertises", () => {
  test("brokers advertise their listeners when advertised.listeners is not set, minus the controller's", () => {
    expect(advertisedBrokerListeners(viewNode(values(COMBINED))).map((l) => l.name)).toEqual(["PLAINTEXT"]);
  });
  test("controllers advertise their advertised controller listener, else the one they listen on", () => {
    expect(advertisedControllerListeners(viewNode(values({ ...COMBINED, "advertised.listeners": "PLAINTEXT://h:9092,CONTROLLER://c:9093" }))).map((l) => l.host)).toEqual(["c"]);
    expect(advertisedControllerListeners(viewNode(values(COMBINED))).map((l) => l.text)).toEqual(["CONTROLLER://:9093"]);
  });
});
