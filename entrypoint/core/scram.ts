// SCRAM users written into a new cluster's metadata when the storage is formatted (contract §6):
// LAUNCHER_SCRAM_CREDENTIALS (or LAUNCHER_SCRAM_CREDENTIALS_FILE) holds one or more entries of what the storage
// tool's `--add-scram` takes, e.g. `SCRAM-SHA-256=[name=alice,password=alice-secret]`. Each entry is checked the
// way Kafka's own parser checks it (org.apache.kafka.metadata.storage.ScramParser, Kafka 4.4; test/oracle formats
// the same entries with the real storage tool), so a mistake is reported before anything is written. A launcher
// input, not a KAFKA_* name, so it can never become a property. Pure; nothing here is ever printed but the
// user names and mechanisms.
import { javaTrim } from "./kafka/configdef.ts";
import type { EnvValue } from "./inputs.ts";
import { LAUNCHER_ENV } from "./policy.ts";
import type { Problem, Source } from "./problems.ts";

export type ScramUser = { mechanism: string; name: string };

/** `entries`: as given, one `--add-scram` argument each; `secrets`: every text of them that must never be printed. */
export type Scram = { entries: string[]; users: ScramUser[]; source: Source; secrets: string[] };

/** ScramMechanism of Kafka 4.4, with its iteration bounds (ScramMechanism.minIterations / maxIterations). */
const MECHANISMS: Readonly<Record<string, { minIterations: number; maxIterations: number }>> = {
  "SCRAM-SHA-256": { minIterations: 4096, maxIterations: 16384 },
  "SCRAM-SHA-512": { minIterations: 4096, maxIterations: 16384 },
};

const DEFAULT_ITERATIONS = 4096;

/** java.util.Base64.getDecoder(): the basic alphabet, a last unit of 2 or 3 characters, padding only to complete it. */
const JAVA_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Entries are separated by whitespace, `,` or `;` between one entry's `]` and the next one's `MECHANISM=[`. */
const BETWEEN_ENTRIES = /(?<=\])[\s,;]+(?=[^\s=[\]]+=\[)/;

export const SCRAM_VARIABLE = LAUNCHER_ENV.scramCredentials;

export function planScram(vars: ReadonlyMap<string, EnvValue>): { scram?: Scram; problems: Problem[] } {
  const given = vars.get(SCRAM_VARIABLE);
  if (!given || given.value.trim() === "") return { problems: [] };
  const entries = given.value.trim().split(BETWEEN_ENTRIES);
  const parsed = entries.map((entry, i) => parseEntry(entry, i + 1, entries.length, given.source));
  const problems = parsed.flatMap((p) => ("problem" in p ? [p.problem] : []));
  const users = parsed.flatMap((p) => ("user" in p ? [p.user] : []));
  const secrets = [given.value, ...entries, ...parsed.flatMap((p) => p.secrets)];
  return { scram: { entries, users, source: given.source, secrets }, problems };
}

type Parsed = ({ user: ScramUser } | { problem: Problem }) & { secrets: string[] };

/** ScramParser.parsePerMechanismArgument, then PerMechanismData's constructor and toRecord's checks. */
function parseEntry(text: string, index: number, count: number, source: Source): Parsed {
  const entry = javaTrim(text);
  const which = count > 1 ? `entry ${index} of ${count}` : "its entry";
  const refuse = (why: string, secrets: string[] = []): Parsed => ({ problem: refusal(which, why, source), secrets });
  const equals = entry.indexOf("=");
  if (equals < 0) return refuse("has no '=' between the mechanism and [name=…,password=…]");
  const mechanism = entry.slice(0, equals);
  const bounds = MECHANISMS[mechanism];
  if (!bounds) return refuse(`names the mechanism ${JSON.stringify(mechanism.slice(0, 40))}, which Kafka does not support (SCRAM-SHA-256 or SCRAM-SHA-512)`);
  const config = entry.slice(equals + 1);
  if (!config.startsWith("[") || !config.endsWith("]")) return refuse(`does not put its settings in brackets after ${mechanism}=`);
  const components = readComponents(config.slice(1, -1));
  if ("bad" in components) return refuse(`has a part without '=' (parts are separated by commas, so a password cannot hold one)`, components.secrets);
  const c = components.map;
  const secrets = [c.get("password"), c.get("saltedpassword"), c.get("salt")].filter((v): v is string => v !== undefined && v !== "");
  const name = c.get("name");
  if (name === undefined) return refuse("has no name=", secrets);
  // Kafka's own order, but for unknown parts first: a misspelt `pasword` is then named as such
  const checks: [boolean, string][] = [
    [[...c.keys()].some((k) => !KNOWN_PARTS.has(k)), `has parts Kafka does not know (${[...c.keys()].filter((k) => !KNOWN_PARTS.has(k)).map((k) => JSON.stringify(k.slice(0, 20))).join(", ")}; it knows ${[...KNOWN_PARTS].join(", ")})`],
    [c.has("salt") && !JAVA_BASE64.test(c.get("salt")!), "has a salt that is not base64"],
    [c.has("iterations") && !isJavaInt(c.get("iterations")!), "has iterations that are not a whole number"],
    [!c.has("password") && !c.has("saltedpassword"), "has neither password= nor saltedpassword="],
    [!c.has("password") && c.has("saltedpassword") && !c.has("salt"), "has saltedpassword= without salt="],
    [!c.has("password") && c.has("saltedpassword") && !JAVA_BASE64.test(c.get("saltedpassword")!), "has a saltedpassword that is not base64"],
  ];
  const failed = checks.find(([bad]) => bad);
  if (failed) return refuse(failed[1], secrets);
  const iterations = c.has("iterations") ? Number(c.get("iterations")) : DEFAULT_ITERATIONS;
  if (iterations < bounds.minIterations || iterations > bounds.maxIterations) return refuse(`has iterations=${iterations}, outside ${bounds.minIterations}–${bounds.maxIterations} for ${mechanism}`, secrets);
  return { user: { mechanism, name }, secrets };
}

const KNOWN_PARTS: ReadonlySet<string> = new Set(["name", "password", "salt", "saltedpassword", "iterations"]);

/** `k=v,k=v`: Java's split(",") (trailing empty parts dropped), a value's surrounding quotes dropped, the last of a repeated key kept. */
function readComponents(text: string): { map: Map<string, string> } | { bad: true; secrets: string[] } {
  const parts = text.split(",");
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const map = new Map<string, string>();
  for (const part of parts) {
    const equals = part.indexOf("=");
    if (equals < 0) return { bad: true, secrets: parts.flatMap((p) => [p, p.slice(p.indexOf("=") + 1)]).filter(Boolean) };
    let value = part.slice(equals + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    map.set(part.slice(0, equals), value);
  }
  return { map };
}

function isJavaInt(text: string): boolean {
  return /^[+-]?\d+$/.test(text) && Number(text) >= -(2 ** 31) && Number(text) <= 2 ** 31 - 1;
}

function refusal(which: string, why: string, source: Source): Problem {
  return {
    kind: "config",
    severity: "error",
    subject: SCRAM_VARIABLE,
    message: `${SCRAM_VARIABLE}: ${which} ${why}`,
    fix: `write each entry as the storage tool's --add-scram takes it, e.g. SCRAM-SHA-256=[name=alice,password=alice-secret]; separate entries with a space or a new line`,
    source,
  };
}

/** `alice (SCRAM-SHA-256), bob (SCRAM-SHA-512)`: what may be shown of them. */
export function describeUsers(users: readonly ScramUser[]): string {
  return users.map((u) => `${u.name} (${u.mechanism})`).join(", ");
}
