// What must be right before the broker starts (the checks KafkaConfig would make, minus the JVM
// start to find out). Value shapes are zod schemas; cross-key rules are plain functions. Every
// problem names the key, where its value came from and the fix.
import * as z from "zod/mini"; // the mini build: a fraction of full zod's start-up cost, on every container start
import { parseClusterId } from "./clusterid.ts";
import { propertyToEnv } from "./envname.ts";
import type { Catalog, Entry } from "./inputs.ts";
import { parseListeners, parseProtocolMap, type Listener } from "./listeners.ts";
import { rolesOf } from "./merge.ts";
import type { Problem, Source } from "./problems.ts";

type Config = ReadonlyMap<string, Entry>;

const list = z.pipe(z.string(), z.transform((s: string) => s.split(",").map((v) => v.trim()).filter(Boolean)));
const wholeNumber = z.string().check(z.regex(/^\s*\d+\s*$/, "is not a whole number ≥ 0"));
const roles = z.pipe(
  list,
  z.array(z.enum(["broker", "controller"], { error: "may only list broker and controller" })).check(
    z.minLength(1, "is empty"),
    z.refine((l: string[]) => new Set(l).size === l.length, "lists a role twice"),
  ),
);
const voters = z.pipe(list, z.array(z.string().check(z.regex(/^\d+@(\[[0-9A-Fa-f:.]+\]|[^:@\s[\]]+):\d{1,5}$/, "has an entry that is not id@host:port"))).check(z.minLength(1, "is empty")));
const hostPorts = z.pipe(list, z.array(z.string().check(z.regex(/^(\[[0-9A-Fa-f:.]+\]|[^:@\s[\]]+):\d{1,5}$/, "has an entry that is not host:port"))).check(z.minLength(1, "is empty")));

const SHAPES: Record<string, { schema: z.ZodMiniType; example: string }> = {
  "node.id": { schema: wholeNumber, example: "1" },
  "process.roles": { schema: roles, example: "broker,controller" },
  "controller.quorum.voters": { schema: voters, example: "1@localhost:9093" },
  "controller.quorum.bootstrap.servers": { schema: hostPorts, example: "localhost:9093" },
};

export function problem(key: string, message: string, fix: string, source?: Source, severity: Problem["severity"] = "error"): Problem {
  return { kind: "config", severity, subject: key, message: `${key} ${message}`, fix, source };
}

function setIt(key: string, example: string): string {
  return `set ${key}=${example} (env ${propertyToEnv(key)}=${example})`;
}

/** zod issues mapped to our Problems: the key, what is wrong, the fix. */
function checkShapes(config: Config): Problem[] {
  const problems: Problem[] = [];
  for (const [key, { schema, example }] of Object.entries(SHAPES)) {
    const entry = config.get(key);
    if (!entry?.value.trim()) continue;
    const result = schema.safeParse(entry.value);
    if (result.success) continue;
    const message = result.error.issues[0]?.message ?? "is not valid";
    problems.push(problem(key, `is ${JSON.stringify(entry.value)}, which ${message}`, setIt(key, example), entry.source));
  }
  return problems;
}

function required(config: Config, key: string, example: string, why: string): Problem[] {
  if (config.get(key)?.value.trim()) return [];
  return [problem(key, `is not set; ${why}`, setIt(key, example))];
}

type Listeners = { list: Listener[]; problems: Problem[] };

function checkListenerList(config: Config, key: string): Listeners {
  const entry = config.get(key);
  if (!entry) return { list: [], problems: [] };
  const { listeners, bad } = parseListeners(entry.value);
  const problems = bad.map((b) =>
    problem(key, `has ${JSON.stringify(b)}, which is not NAME://host:port`, `write each listener as NAME://host:port, e.g. PLAINTEXT://:9092`, entry.source),
  );
  const names = listeners.map((l) => l.name);
  const dupNames = names.filter((n, i) => names.indexOf(n) !== i);
  for (const n of new Set(dupNames)) problems.push(problem(key, `names the listener ${n} twice`, `give each listener its own name`, entry.source));
  if (key === "listeners") {
    const ports = listeners.map((l) => l.port).filter((p) => p !== 0);
    for (const p of new Set(ports.filter((x, i) => ports.indexOf(x) !== i)))
      problems.push(problem(key, `uses port ${p} twice`, `give each listener its own port`, entry.source));
  }
  return { list: listeners, problems };
}

function checkProtocols(config: Config, listeners: Listener[]): Problem[] {
  const mapEntry = config.get("listener.security.protocol.map");
  const map = parseProtocolMap(mapEntry?.value, config.get("controller.listener.names")?.value);
  const unknown = listeners.filter((l) => !map.has(l.name));
  return unknown.map((l) =>
    problem(
      "listener.security.protocol.map",
      mapEntry ? `has no entry for the listener ${l.name}` : `is not set, and ${l.name} is not a security protocol name`,
      `add ${l.name}:PLAINTEXT (or SSL, SASL_PLAINTEXT, SASL_SSL) to listener.security.protocol.map`,
      mapEntry?.source ?? config.get("listeners")?.source,
    ),
  );
}

function checkControllerListeners(config: Config, roleList: string[], listeners: Listener[]): Problem[] {
  const entry = config.get("controller.listener.names");
  if (!entry?.value.trim()) return required(config, "controller.listener.names", "CONTROLLER", "KRaft needs the name of the controller listener");
  const names = entry.value.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  const defined = new Set(listeners.map((l) => l.name));
  if (roleList.includes("controller") && !names.some((n) => defined.has(n)))
    return [
      problem(
        "controller.listener.names",
        `names ${names.join(",")}, which is not among the listeners of this controller`,
        `add ${names[0]}://:9093 to listeners`,
        entry.source,
      ),
    ];
  if (!roleList.includes("controller") && names.some((n) => defined.has(n)))
    return [
      problem(
        "listeners",
        `holds the controller listener ${names.find((n) => defined.has(n))} on a broker-only node`,
        `remove it from listeners; broker-only nodes reach controllers through controller.quorum.voters or controller.quorum.bootstrap.servers`,
        config.get("listeners")?.source,
      ),
    ];
  return [];
}

function checkQuorum(config: Config, roleList: string[]): Problem[] {
  const votersEntry = config.get("controller.quorum.voters");
  if (!votersEntry && !config.get("controller.quorum.bootstrap.servers"))
    return [
      problem(
        "controller.quorum.voters",
        "and controller.quorum.bootstrap.servers are both unset; the node cannot find the controllers",
        setIt("controller.quorum.voters", "1@localhost:9093"),
      ),
    ];
  const nodeId = config.get("node.id")?.value.trim();
  if (!votersEntry || !roleList.includes("controller") || !nodeId || !/^\d+$/.test(nodeId)) return [];
  const ids = votersEntry.value.split(",").map((v) => v.trim().split("@")[0]);
  if (ids.includes(nodeId)) return [];
  return [
    problem(
      "controller.quorum.voters",
      `does not include this controller's node.id ${nodeId}`,
      `add ${nodeId}@<host>:<controller port> to controller.quorum.voters, or correct node.id`,
      votersEntry.source,
    ),
  ];
}

function checkAdvertised(config: Config, advertised: Listener[], listeners: Listener[]): Problem[] {
  const entry = config.get("advertised.listeners");
  if (!entry) return [];
  const problems: Problem[] = [];
  for (const l of advertised.filter((a) => a.host === "0.0.0.0" || a.host === "[::]"))
    problems.push(
      problem("advertised.listeners", `advertises ${l.text}; clients cannot connect to ${l.host}`, `advertise a name clients can reach, e.g. ${l.name}://localhost:${l.port}`, entry.source),
    );
  const defined = new Set(listeners.map((l) => l.name));
  for (const l of advertised.filter((a) => !defined.has(a.name)))
    problems.push(problem("advertised.listeners", `advertises ${l.name}, which is not in listeners`, `add ${l.name}://:${l.port} to listeners, or remove it from advertised.listeners`, entry.source));
  return problems;
}

function checkInterBroker(config: Config, roleList: string[], listeners: Listener[], advertised: Listener[]): Problem[] {
  if (!roleList.includes("broker")) return [];
  const entry = config.get("inter.broker.listener.name");
  const name = (entry?.value ?? config.get("security.inter.broker.protocol")?.value ?? "PLAINTEXT").trim().toUpperCase();
  const pool = config.has("advertised.listeners") ? advertised : listeners;
  if (pool.length === 0 || pool.some((l) => l.name === name)) return [];
  return [
    problem(
      "inter.broker.listener.name",
      entry ? `is ${name}, which is not an advertised listener` : `is not set, so brokers talk over ${name}, which this node does not advertise`,
      `set inter.broker.listener.name to one of ${pool.map((l) => l.name).join(", ")}`,
      entry?.source,
    ),
  ];
}

export function checkClusterId(text: string, source: Source): Problem[] {
  const id = parseClusterId(text);
  const fix = "use 22 characters of base64url for 16 bytes, e.g. CLUSTER_ID=5L6g3nShT-eMCtK--X86sw, or generate one with `kafka-storage.sh random-uuid`";
  if (!id) return [{ kind: "config", severity: "error", subject: "CLUSTER_ID", message: `CLUSTER_ID=${JSON.stringify(text)} is not a valid cluster id`, fix, source }];
  if (id.canonical === text) return [];
  return [
    {
      kind: "config",
      severity: "warning",
      subject: "CLUSTER_ID",
      message: `CLUSTER_ID=${text} has unused low bits set; Kafka stores it as ${id.canonical}`,
      fix: `set CLUSTER_ID=${id.canonical} (the same id, spelled the canonical way)`,
      source,
    },
  ];
}

/** Keys the broker does not know, with a did-you-mean (warnings; errors in strict mode). */
export function checkUnknownKeys(config: Config, catalog: Catalog | undefined, strict: boolean): Problem[] {
  if (!catalog) return [];
  const problems: Problem[] = [];
  for (const entry of config.values()) {
    if (catalog.names.has(entry.key) || catalog.prefixes.some((p) => entry.key.startsWith(p))) continue;
    const guess = suggest(entry.key, catalog.names);
    const fix = guess ? `did you mean ${guess}${entry.source.kind === "env" ? ` (${propertyToEnv(guess)})` : ""}?` : `remove it, or check its spelling against the Kafka broker configuration reference`;
    problems.push(problem(entry.key, `is not a broker configuration Kafka knows`, fix, entry.source, strict ? "error" : "warning"));
  }
  return problems;
}

const NUMBER_RANGES: Record<string, [bigint, bigint]> = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** Values Kafka's ConfigDef would refuse at start-up (it trims, then parses by type). */
export function checkTypes(config: Config, catalog: Catalog | undefined): Problem[] {
  if (!catalog?.types) return [];
  const problems: Problem[] = [];
  for (const entry of config.values()) {
    if (SHAPES[entry.key]) continue; // checked by its own schema, with a better message
    const type = catalog.types.get(entry.key);
    const why = type && typeProblem(type, entry.value.trim());
    if (why) problems.push(problem(entry.key, `is ${JSON.stringify(entry.value)}, which ${why}`, `set ${entry.key} to ${TYPE_EXAMPLES[type!]} (env ${propertyToEnv(entry.key)})`, entry.source));
  }
  return problems;
}

const TYPE_EXAMPLES: Record<string, string> = { SHORT: "a whole number", INT: "a whole number", LONG: "a whole number", DOUBLE: "a number", BOOLEAN: "true or false" };

function typeProblem(type: string, value: string): string | undefined {
  const range = NUMBER_RANGES[type];
  if (range) {
    if (!/^[-+]?\d+$/.test(value)) return `is not a whole number (${type})`;
    const n = BigInt(value);
    return n < range[0] || n > range[1] ? `is out of range for ${type}` : undefined;
  }
  if (type === "DOUBLE") return value === "" || Number.isNaN(Number(value)) ? "is not a number" : undefined;
  if (type === "BOOLEAN") return /^(true|false)$/i.test(value) ? undefined : "is not true or false";
  return undefined;
}

const RENAMES: Record<string, string> = { "cluster.id": "CLUSTER_ID (no KAFKA_ prefix)", url: "advertised.listeners", port: "listeners" };

export function suggest(key: string, names: ReadonlySet<string>): string | undefined {
  if (RENAMES[key]) return RENAMES[key];
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    if (Math.abs(name.length - key.length) > 3) continue;
    const d = distance(key, name);
    if (!best || d < best.d) best = { name, d };
  }
  if (best && best.d <= Math.max(2, Math.floor(key.length / 8))) return best.name;
  const plural = [...names].find((n) => n.startsWith(key) && n.length - key.length <= 2);
  return plural;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

export function validateConfig(config: Config): Problem[] {
  const shapes = checkShapes(config);
  const roleList = rolesOf(config);
  const listeners = checkListenerList(config, "listeners");
  const advertised = checkListenerList(config, "advertised.listeners");
  return [
    ...required(config, "node.id", "1", "every KRaft node needs an id"),
    ...required(config, "process.roles", "broker,controller", "Kafka 4 runs only in KRaft mode"),
    ...shapes,
    ...listeners.problems,
    ...advertised.problems,
    ...checkProtocols(config, listeners.list),
    ...checkControllerListeners(config, roleList, listeners.list),
    ...checkQuorum(config, roleList),
    ...checkAdvertised(config, advertised.list, listeners.list),
    ...checkInterBroker(config, roleList, listeners.list, advertised.list),
  ];
}

