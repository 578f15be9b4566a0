// Kafka's ConfigDef, in TypeScript: how the broker parses a value of each type and what each validator of
// resources/config-catalog.json accepts (org.apache.kafka.common.config.ConfigDef.parseType and its
// Validator classes, Kafka 4.4). Pure. test/oracle runs the real ConfigDef over the same values.
import type { Check, ConfigType } from "./catalog.ts";

/** A parsed value: numbers of the integer types as bigint (a LONG does not fit a JS number). */
export type Value = boolean | string | bigint | number | string[];

export type Parsed = { ok: true; value: Value } | { ok: false; why: string; expected: string };

const INTEGER_BITS: Partial<Record<ConfigType, bigint>> = { SHORT: 16n, INT: 32n, LONG: 64n };

/** Java's Double.parseDouble grammar: decimal or hex, optional exponent and f/d suffix, NaN, Infinity. */
const JAVA_DOUBLE =
  /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+)[fFdD]?)$/;

/**
 * Kafka's LIST parse: trimmed, empty → no entries, else split at commas with the whitespace around them. Empty
 * entries stay (`a,,b` and `a,b,` have an empty entry: Java's split(regex, -1)).
 */
export function splitList(text: string): string[] {
  const trimmed = javaTrim(text);
  return trimmed === "" ? [] : trimmed.split(/\s*,\s*/);
}

/** String.trim(): every char ≤ U+0020 at either end, not only whitespace. */
export function javaTrim(text: string): string {
  return text.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
}

/** The value as ConfigDef.parseType reads it, or why it cannot. */
export function parseValue(type: ConfigType, text: string): Parsed {
  const trimmed = javaTrim(text);
  const bits = INTEGER_BITS[type];
  if (bits !== undefined) return parseInteger(trimmed, bits);
  switch (type) {
    case "BOOLEAN":
      if (/^(true|false)$/i.test(trimmed)) return { ok: true, value: trimmed.toLowerCase() === "true" };
      return { ok: false, why: "is neither true nor false", expected: "true or false" };
    case "DOUBLE":
      if (JAVA_DOUBLE.test(trimmed)) return { ok: true, value: javaDouble(trimmed) };
      return { ok: false, why: "is not a number", expected: "a number, e.g. 0.5" };
    case "LIST":
      return { ok: true, value: splitList(text) };
    default: // STRING, PASSWORD, and CLASS (whether the class exists is for the broker's class path to say)
      return { ok: true, value: trimmed };
  }
}

function parseInteger(text: string, bits: bigint): Parsed {
  const expected = `a whole number from ${-(2n ** (bits - 1n))} to ${2n ** (bits - 1n) - 1n}`;
  if (!/^[+-]?\d+$/.test(text)) return { ok: false, why: "is not a whole number", expected };
  const n = BigInt(text);
  if (n < -(2n ** (bits - 1n)) || n > 2n ** (bits - 1n) - 1n) return { ok: false, why: `does not fit in ${bits} bits`, expected };
  return { ok: true, value: n };
}

function javaDouble(text: string): number {
  const body = text.replace(/[fFdD]$/, "");
  if (/^[+-]?0[xX]/.test(body)) return hexDouble(body);
  return Number(body);
}

function hexDouble(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(text)!;
  const digits = `${m[2]}${m[3]}` || "0";
  const value = parseInt(digits, 16) * 2 ** (Number(m[4]) - 4 * m[3]!.length);
  return m[1] === "-" ? -value : value;
}

/** What the validator says of a parsed value: undefined when it accepts, else why not and what would do. */
export function checkValue(check: Check, value: Value): { why: string; expected: string } | undefined {
  switch (check.kind) {
    case "range":
      return checkRange(check, Number(value));
    case "accepted":
      return check.ranges.some(([lo, hi]) => Number(value) >= lo && Number(value) <= hi)
        ? undefined
        : { why: "is not an accepted value", expected: check.ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo} to ${hi}`)).join(" or ") };
    case "oneOf":
      return check.values.includes(value as string) ? undefined : { why: "is not one of the valid values", expected: `one of ${check.values.join(", ")}` };
    case "oneOfIgnoreCase":
      return check.values.includes((value as string).toUpperCase()) ? undefined : { why: "is not one of the valid values", expected: `one of ${check.values.join(", ")}` };
    case "nonEmpty":
      return value === "" ? { why: "is empty", expected: "a non-empty value" } : undefined;
    case "list":
      return checkList(check, value as string[]);
    case "quorumVoters":
      return (value as string[]).find((v) => !parseVoter(v)) !== undefined ? { why: "has an entry that is not id@host:port", expected: "id@host:port entries, e.g. 1@localhost:9093" } : undefined;
    case "quorumBootstrapServers":
      return (value as string[]).find((v) => !parseHostPort(v)) !== undefined ? { why: "has an entry that is not host:port", expected: "host:port entries, e.g. localhost:9093" } : undefined;
  }
}

function checkRange(check: Extract<Check, { kind: "range" }>, n: number): { why: string; expected: string } | undefined {
  const expected = check.max === null ? `at least ${check.min}` : check.min === null ? `at most ${check.max}` : `from ${check.min} to ${check.max}`;
  if (check.min !== null && n < Number(check.min)) return { why: `is below ${check.min}`, expected };
  if (check.max !== null && n > Number(check.max)) return { why: `is above ${check.max}`, expected };
  return undefined;
}

/** ValidList: duplicates were already dropped by ConfigDef (with a warning); then empty list and empty entries. */
function checkList(check: Extract<Check, { kind: "list" }>, entries: string[]): { why: string; expected: string } | undefined {
  const expected = check.values.length ? `a comma-separated list of ${check.values.join(", ")}` : "a comma-separated list of non-empty entries";
  if (!check.emptyAllowed && entries.length === 0) return { why: "is empty", expected };
  if (entries.includes("")) return { why: "has an empty entry (a stray comma?)", expected };
  const wrong = check.values.length ? entries.find((e) => !check.values.includes(e)) : undefined;
  return wrong === undefined ? undefined : { why: `lists ${JSON.stringify(wrong)}`, expected };
}

/** ConfigDef drops repeated entries of a ValidList key (keeping the first) before it validates. */
export function distinct(entries: readonly string[]): string[] {
  return [...new Set(entries)];
}

// ---------------------------------------------------------------------------------------------
// host:port and id@host:port, as org.apache.kafka.common.utils.Utils and QuorumConfig read them

/** Utils.getHost/getPort: an optional scheme, an optional [ ], host characters, a port of digits (≤ 65535). */
const HOST_PORT = /^(?:[0-9a-zA-Z\-%._]*:\/\/)?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)$/;

export type HostPort = { host: string; port: number };

export function parseHostPort(text: string): HostPort | undefined {
  const m = HOST_PORT.exec(text);
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 65535 ? undefined : { host: m[1]!, port }; // InetSocketAddress.createUnresolved refuses more
}

export type Voter = HostPort & { id: number };

/** `id@host:port`: exactly one `@` with something after it (Java's split drops a trailing empty part). */
export function parseVoter(text: string): Voter | undefined {
  const parts = text.split("@");
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length !== 2 || !/^[+-]?\d+$/.test(parts[0]!)) return undefined;
  const id = Number(parts[0]);
  const address = parseHostPort(parts[1]!);
  if (!address || !Number.isSafeInteger(id) || id < -(2 ** 31) || id > 2 ** 31 - 1) return undefined;
  return { id, ...address };
}
