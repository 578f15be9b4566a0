// entrypoint/core/kafka/configdef.ts: values read as Kafka's ConfigDef.parseType reads them (Java's parsers, trimming,
// the LIST split that keeps empty entries) and the validators of the catalog, with literal values.
import { describe, expect, test } from "bun:test";
import { checkValue, parseHostPort, parseValue, parseVoter, splitList } from "../../entrypoint/core/kafka/configdef.ts";

describe("parseValue", () => {
  test.each([
    ["INT", " 7 ", 7n],
    ["INT", "+5", 5n],
    ["INT", "-2147483648", -2147483648n],
    ["INT", "2147483648", undefined],
    ["INT", "1.5", undefined],
    ["INT", "", undefined],
    ["SHORT", "32768", undefined],
    ["LONG", "9223372036854775807", 9223372036854775807n],
    ["LONG", "9223372036854775808", undefined],
    ["DOUBLE", "0.5d", 0.5],
    ["DOUBLE", "1e-1", 0.1],
    ["DOUBLE", ".5", 0.5],
    ["DOUBLE", "5.", 5],
    ["DOUBLE", "0x1p-2", 0.25],
    ["DOUBLE", "NaN", NaN],
    ["DOUBLE", "half", undefined],
    ["BOOLEAN", " TRUE ", true],
    ["BOOLEAN", "yes", undefined],
    ["STRING", "  padded  ", "padded"],
    ["LIST", "a , b", ["a", "b"]],
    ["LIST", "a,,b", ["a", "", "b"]],
    ["LIST", "a,b,", ["a", "b", ""]],
    ["LIST", "  ", []],
  ] as const)("%s %j → %p", (type, text, value) => {
    const parsed = parseValue(type, text);
    expect(parsed.ok ? parsed.value : undefined).toEqual(value as never);
  });

  test("splitList keeps Java's empty entries", () => expect(splitList(",a")).toEqual(["", "a"]));
});

describe("checkValue", () => {
  test.each([
    [{ kind: "range", min: "1048576", max: null }, 7n, false],
    [{ kind: "range", min: "0", max: "1" }, 0.5, true],
    [{ kind: "accepted", ranges: [[-1, -1], [1, 9]] }, 0n, false],
    [{ kind: "accepted", ranges: [[-1, -1], [1, 9]] }, -1n, true],
    [{ kind: "oneOf", values: ["delete", "compact"] }, "Compact", false],
    [{ kind: "oneOfIgnoreCase", values: ["RS256"] }, "rs256", true],
    [{ kind: "list", values: ["broker", "controller"], emptyAllowed: false }, [], false],
    [{ kind: "list", values: [], emptyAllowed: true }, ["a", ""], false],
    [{ kind: "nonEmpty" }, "", false],
    [{ kind: "quorumVoters" }, ["1@localhost:9093", "2@[::1]:9093"], true],
    [{ kind: "quorumVoters" }, ["1@localhost:99999"], false],
    [{ kind: "quorumBootstrapServers" }, ["localhost"], false],
  ] as const)("%j accepts %p: %p", (check, value, ok) => {
    expect(checkValue(check as never, value as never) === undefined).toBe(ok);
  });
});

describe("addresses as QuorumConfig reads them", () => {
  test.each([
    ["1@localhost:9093", { id: 1, host: "localhost", port: 9093 }],
    ["1@:9093", { id: 1, host: "", port: 9093 }],
    ["1@localhost:9093@", { id: 1, host: "localhost", port: 9093 }], // Java's split drops the trailing empty part
    ["1@a@b:9093", undefined],
    ["x@localhost:9093", undefined],
    ["1:localhost:9093", undefined],
  ])("voter %j → %p", (text, voter) => expect(parseVoter(text)).toEqual(voter as never));
  test("host:port", () => expect([parseHostPort("kafka:9093"), parseHostPort("kafka")]).toEqual([{ host: "kafka", port: 9093 }, undefined]));
});
