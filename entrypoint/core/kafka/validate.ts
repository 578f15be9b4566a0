// What must be right before the broker starts: the checks the broker itself makes when it reads the file
// (every value against its ConfigDef type and validator from resources/config-catalog.json; KafkaConfig's
// cross-key rules for KRaft nodes, Kafka 4.4), plus the few places where the launcher is deliberately
// stricter (policy.ts STRICTER_THAN_KAFKA). Pure. Every problem names the key, where its value came from and
// the fix; values from secret sources are masked. test/oracle checks the verdict against Kafka's own.
import type { Catalog, CatalogKey } from "./catalog.ts";
import { isKnown } from "./catalog.ts";
import { checkValue, javaTrim, type Parsed } from "./configdef.ts";
import { propertyToEnv } from "../config/envname.ts";
import type { Entry } from "../inputs.ts";
import { ipVersion, type Listener } from "./listeners.ts";
import { advertisedBrokerListeners, advertisedControllerListeners, hasRole, isControllerListener, type Node } from "./node.ts";
import type { StricterRule } from "../policy.ts";
import type { Problem, Source } from "../problems.ts";
import { quoted } from "../secrecy.ts";
import { entriesOf, parsedOf, setValueOf, valueOf, type Values } from "./values.ts";

type Config = ReadonlyMap<string, Entry>;

export function problem(key: string, message: string, fix: string, source?: Source, extra: Partial<Problem> = {}): Problem {
  return { kind: "config", severity: "error", subject: key, message: `${key} ${message}`, fix, source, ...extra };
}

function stricter(rule: StricterRule, key: string, message: string, fix: string, source?: Source): Problem {
  return problem(key, message, fix, source, { stricter: rule });
}

export function setIt(key: string, example: string): string {
  return `set ${key}=${example} (env ${propertyToEnv(key)}=${example})`;
}

export function validateConfig(values: Values, node: Node): Problem[] {
  const { config, catalog } = values;
  const checked = [...checkRequired(config, catalog), ...checkValues(values)];
  const listeners = checkListeners(config, node);
  // a rule over keys whose own values are wrong would only repeat that problem in other words
  const wrong = new Set([...checked, ...listeners].filter((p) => !p.stricter).map((p) => p.subject));
  const topology = ["process.roles", "listeners", "advertised.listeners", "listener.security.protocol.map", "controller.listener.names", "controller.quorum.voters", "controller.quorum.bootstrap.servers"];
  const roles = topology.some((k) => wrong.has(k)) ? [] : [...checkRoles(values, node), ...checkInterBroker(values, node)];
  return [...checked, ...listeners, ...roles, ...checkLogDirs(values, node), ...checkRelations(values, wrong), ...checkOtherRules(values, node)];
}

// ---------------------------------------------------------------------------------------------
// one key at a time: ConfigDef

const EXAMPLES: Record<string, string> = {
  "node.id": "1",
  "process.roles": "broker,controller",
  "controller.listener.names": "CONTROLLER",
  "controller.quorum.voters": "1@localhost:9093",
  "controller.quorum.bootstrap.servers": "localhost:9093",
  listeners: "PLAINTEXT://:9092,CONTROLLER://:9093",
  "advertised.listeners": "PLAINTEXT://localhost:9092",
  "log.dirs": "/var/lib/kafka/data",
};

/** Keys with no default must be set (node.id may come from broker.id, AbstractKafkaConfig.populateSynonyms). */
function checkRequired(config: Config, catalog: Catalog): Problem[] {
  const missing = [...catalog.keys].filter(([key, k]) => !("default" in k) && !config.has(key) && !(key === "node.id" && config.has("broker.id")));
  return missing.map(([key]) => problem(key, `is not set; Kafka ${REQUIRED_WHY[key] ?? "has no default for it"}`, setIt(key, EXAMPLES[key] ?? "<value>")));
}

const REQUIRED_WHY: Record<string, string> = {
  "node.id": "needs an id for every KRaft node",
  "process.roles": "4 runs only in KRaft mode, where every node has roles",
  "controller.listener.names": "needs the name of the controller listener in KRaft mode",
};

function checkValues(values: Values): Problem[] {
  const { config, catalog } = values;
  const problems: Problem[] = [];
  for (const entry of config.values()) {
    const key = catalog.keys.get(entry.key);
    if (key && !key.from) problems.push(...checkOne(entry.key, entry, key, parsedOf(values, entry.key)!)); // a plugin's key is the plugin's to read
  }
  const brokerId = config.get("broker.id");
  if (brokerId && !config.has("node.id")) problems.push(...checkOne("node.id", brokerId, catalog.keys.get("node.id")!, parsedOf(values, "broker.id")!)); // node.id := broker.id, an INT too
  return problems;
}

function checkOne(key: string, entry: Entry, spec: CatalogKey, parsed: Parsed): Problem[] {
  if (!parsed.ok) return [valueProblem(key, entry, parsed.why, parsed.expected)];
  const wrong = spec.check && checkValue(spec.check, parsed.value);
  return wrong ? [valueProblem(key, entry, wrong.why, wrong.expected)] : [];
}

function valueProblem(key: string, entry: Entry, why: string, expected: string): Problem {
  const example = EXAMPLES[key];
  const fix = example ? setIt(key, example) : `set ${key} to ${expected} (env ${propertyToEnv(key)})`;
  return problem(key, `is ${quoted(entry)}, which ${why}`, fix, entry.source);
}

// ---------------------------------------------------------------------------------------------
// listeners: what the broker parses in its constructor, whatever the roles

function checkListeners(config: Config, node: Node): Problem[] {
  const problems: Problem[] = [];
  for (const [key, entries] of node.unparsed) {
    const entry = config.get(key);
    const fix = key === "listener.security.protocol.map" ? "write each entry as NAME:PROTOCOL with PROTOCOL one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL" : "write each listener as NAME://host:port, e.g. PLAINTEXT://:9092";
    for (const text of entries) problems.push(problem(key, `has ${entry?.secret ? "an entry" : JSON.stringify(text)}, which the broker cannot read`, fix, entry?.source));
  }
  problems.push(...checkEndpoints(config, "listeners", node.listeners, true));
  if (node.advertised) problems.push(...checkEndpoints(config, "advertised.listeners", node.advertised, false));
  return problems;
}

function checkEndpoints(config: Config, key: string, endpoints: readonly (Listener & { protocol?: string })[], distinctPorts: boolean): Problem[] {
  const source = config.get(key)?.source;
  const mapSource = config.get("listener.security.protocol.map")?.source;
  const problems = endpoints
    .filter((l) => !l.protocol)
    .map((l) =>
      problem(
        "listener.security.protocol.map",
        mapSource ? `has no entry for the listener ${l.name} (${key})` : `is not set, and ${l.name} (${key}) is not a security protocol name`,
        `add ${l.name}:PLAINTEXT (or SSL, SASL_PLAINTEXT, SASL_SSL) to listener.security.protocol.map`,
        mapSource ?? source,
      ),
    );
  const names = endpoints.map((l) => l.name);
  for (const n of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(problem(key, `names the listener ${n} twice`, "give each listener its own name", source));
  if (distinctPorts) problems.push(...checkPorts(key, endpoints, source));
  for (const l of endpoints.filter((e) => e.port < 0 || e.port > 65535))
    problems.push(stricter("port-out-of-range", key, `has ${l.text}, whose port ${l.port} is not a TCP port`, "use a port from 0 to 65535", source));
  return problems;
}

/** Each port once, except exactly two listeners on one port when one has an IPv4 and the other an IPv6 address. */
function checkPorts(key: string, endpoints: readonly Listener[], source?: Source): Problem[] {
  const byPort = Map.groupBy(endpoints.filter((l) => l.port !== 0), (l) => l.port);
  const problems: Problem[] = [];
  for (const [port, group] of byPort) {
    if (group.length < 2) continue;
    const versions = group.map((l) => (l.host ? ipVersion(l.host) : undefined));
    if (group.length === 2 && versions.includes(4) && versions.includes(6)) continue;
    problems.push(problem(key, `uses port ${port} for ${group.map((l) => l.name).join(" and ")}`, "give each listener its own port (only an IPv4 and an IPv6 address may share one)", source));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// roles: KafkaConfig.validateValues, per process.roles

function checkRoles(values: Values, node: Node): Problem[] {
  const { config } = values;
  const broker = hasRole(node, "broker");
  const controller = hasRole(node, "controller");
  const problems = [...checkAdvertisedAddresses(config, node)];
  if (broker || controller) problems.push(...checkQuorum(config, node));
  if (broker && !controller) problems.push(...checkBrokerOnly(values, node));
  if (controller) problems.push(...checkController(config, node, !broker));
  if (broker) problems.push(...checkBrokerListeners(config, node));
  return problems;
}

function checkQuorum(config: Config, node: Node): Problem[] {
  const voters = config.get("controller.quorum.voters");
  if (node.voters.length === 0 && node.bootstrapServers.length === 0)
    return [problem("controller.quorum.voters", "and controller.quorum.bootstrap.servers are both empty; the node cannot find the controllers", setIt("controller.quorum.voters", "1@localhost:9093"), voters?.source)];
  const ids = node.voters.map((v) => v.id);
  if (!hasRole(node, "controller") || ids.length === 0 || node.nodeId === undefined || ids.includes(node.nodeId)) return [];
  return [problem("controller.quorum.voters", `does not include this controller's node.id ${node.nodeId}`, `add ${node.nodeId}@<host>:<controller port> to controller.quorum.voters, or correct node.id`, voters?.source)];
}

function checkBrokerOnly(values: Values, node: Node): Problem[] {
  const { config } = values;
  const problems: Problem[] = [];
  const voters = config.get("controller.quorum.voters");
  if (node.nodeId !== undefined && node.voters.some((v) => v.id === node.nodeId))
    problems.push(problem("controller.quorum.voters", `lists this broker-only node (node.id ${node.nodeId}) as a voter`, "give the broker a node.id that no controller uses, or add the controller role", voters?.source));
  const own = node.listeners.filter((l) => isControllerListener(node, l.name));
  if (own.length)
    problems.push(problem("listeners", `holds the controller listener ${own[0]!.name} on a broker-only node`, "remove it from listeners; broker-only nodes reach controllers through controller.quorum.voters or controller.quorum.bootstrap.servers", config.get("listeners")?.source));
  for (const name of node.controllerNames.filter((n) => n !== "" && !node.protocols.has(n.toUpperCase())))
    problems.push(problem("listener.security.protocol.map", `has no entry for the controller listener ${name.toUpperCase()}`, `add ${name.toUpperCase()}:PLAINTEXT (or the protocol the controllers use) to listener.security.protocol.map`, config.get("listener.security.protocol.map")?.source));
  if (setValueOf(values, "controller.quorum.auto.join.enable") === true)
    problems.push(problem("controller.quorum.auto.join.enable", "is true on a broker-only node; only controllers join the quorum", "remove it from the broker's configuration", config.get("controller.quorum.auto.join.enable")!.source));
  return problems;
}

function checkController(config: Config, node: Node, only: boolean): Problem[] {
  const problems: Problem[] = [];
  const namesEntry = config.get("controller.listener.names");
  const listening = new Set(node.listeners.map((l) => l.name));
  const advertised = advertisedControllerListeners(node);
  if (node.controllerNames.length && advertised.length === 0)
    problems.push(problem("controller.listener.names", `names ${node.controllerNames.join(",")}, which is not among the listeners of this controller`, `add ${node.controllerNames[0]!.toUpperCase()}://:9093 to listeners`, namesEntry?.source));
  else if (node.controllerNames.some((n) => !listening.has(n)))
    problems.push(problem("controller.listener.names", `names ${node.controllerNames.filter((n) => !listening.has(n)).join(",")}, which this controller does not listen on (names compare exactly, in capitals)`, "list only names that appear in listeners, written as in listeners", namesEntry?.source));
  if (only && advertised.length !== node.listeners.length) {
    const extra = node.listeners.filter((l) => !isControllerListener(node, l.name)).map((l) => l.name);
    problems.push(problem("listeners", `of a controller-only node holds ${extra.join(", ") || "more than its controller listeners"}`, `a node with process.roles=controller listens only on ${node.controllerNames.join(",") || "its controller listeners"}: remove the others, or add the broker role`, config.get("listeners")?.source));
  }
  return problems;
}

function checkBrokerListeners(config: Config, node: Node): Problem[] {
  const problems: Problem[] = [];
  const advertisedKey = config.has("advertised.listeners") ? "advertised.listeners" : "listeners";
  const source = config.get(advertisedKey)?.source;
  const advertised = advertisedBrokerListeners(node);
  if (advertised.length === 0) {
    problems.push(problem(advertisedKey, "leaves no listener for clients: every one is a controller listener", "add a broker listener, e.g. PLAINTEXT://localhost:9092", source));
    return problems;
  }
  const names = new Set(advertised.map((l) => l.name));
  if (node.interBroker && !names.has(node.interBroker.name)) {
    const entry = config.get("inter.broker.listener.name");
    const message = entry ? `is ${node.interBroker.name}, which this broker does not advertise` : `is not set, so brokers talk over ${node.interBroker.name}, which this broker does not advertise`;
    problems.push(problem("inter.broker.listener.name", message, `set inter.broker.listener.name to one of ${[...names].join(", ")}`, entry?.source));
  }
  const listening = new Set(node.listeners.map((l) => l.name));
  for (const name of [...names].filter((n) => !listening.has(n))) {
    const port = advertised.find((l) => l.name === name)!.port;
    problems.push(problem("advertised.listeners", `advertises ${name}, which is not in listeners`, `add ${name}://:${port} to listeners, or remove it from advertised.listeners`, source));
  }
  return problems;
}

/** Kafka refuses to advertise 0.0.0.0 (also when brokers advertise their listeners); `::` only we refuse. */
function checkAdvertisedAddresses(config: Config, node: Node): Problem[] {
  const fromAdvertised = new Set(node.advertised ?? []);
  const shown = [...advertisedBrokerListeners(node), ...advertisedControllerListeners(node).filter((l) => fromAdvertised.has(l))];
  const key = node.advertised ? "advertised.listeners" : "listeners";
  const source = config.get(key)?.source;
  const fix = (l: Listener) => `advertise a name clients can reach, e.g. ${l.name}://localhost:${l.port}${node.advertised ? "" : " (set advertised.listeners)"}`;
  return [...new Set(shown)].flatMap((l) => {
    if (l.host === "0.0.0.0") return [problem(key, `advertises ${l.text}; clients cannot connect to 0.0.0.0`, fix(l), source)];
    if (l.host === "::" && fromAdvertised.has(l)) return [stricter("advertised-any-address", key, `advertises ${l.text}; clients cannot connect to ::`, fix(l), source)];
    return [];
  });
}

/** inter.broker.listener.name or security.inter.broker.protocol, and SASL between brokers. */
function checkInterBroker(values: Values, node: Node): Problem[] {
  const { config } = values;
  const named = config.get("inter.broker.listener.name");
  const problems: Problem[] = [];
  if (named && config.has("security.inter.broker.protocol"))
    problems.push(problem("inter.broker.listener.name", "and security.inter.broker.protocol are both set", "keep only inter.broker.listener.name", named.source));
  if (named && node.interBroker && !node.interBroker.protocol)
    problems.push(problem("inter.broker.listener.name", `is ${node.interBroker.name || '""'}, which listener.security.protocol.map does not name`, `add ${node.interBroker.name || "<name>"}:PLAINTEXT to listener.security.protocol.map, or name a listener it has`, named.source));
  if (hasRole(node, "controller") && !hasRole(node, "broker") && named && node.interBroker && node.controllerNames.includes(node.interBroker.name))
    problems.push(problem("inter.broker.listener.name", `is the controller listener ${node.interBroker.name}`, "remove inter.broker.listener.name from a controller-only node", named.source));
  const protocol = node.interBroker?.protocol;
  if (node.interBroker && (protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL")) {
    const mechanism = valueOf(values, "sasl.mechanism.inter.broker.protocol");
    const enabled = enabledMechanisms(values, node.interBroker.name);
    if (typeof mechanism === "string" && !enabled.includes(mechanism))
      problems.push(problem("sasl.mechanism.inter.broker.protocol", `is ${mechanism}, which sasl.enabled.mechanisms does not enable for ${node.interBroker.name}`, `add ${mechanism} to sasl.enabled.mechanisms (or listener.name.${node.interBroker.name.toLowerCase()}.sasl.enabled.mechanisms)`, config.get("sasl.mechanism.inter.broker.protocol")?.source));
  }
  return problems;
}

/** The listener's own listener.name.<name>.sasl.enabled.mechanisms, else the broker-wide one. */
function enabledMechanisms(values: Values, listener: string): string[] {
  const own = `listener.name.${listener.toLowerCase()}.sasl.enabled.mechanisms`;
  return (valueOf(values, values.config.has(own) ? own : "sasl.enabled.mechanisms") as string[] | null | undefined) ?? [];
}

// ---------------------------------------------------------------------------------------------
// log dirs and numeric rules of KafkaConfig.validateValues and GroupCoordinatorConfig

function checkLogDirs(values: Values, node: Node): Problem[] {
  const { config } = values;
  const problems: Problem[] = [];
  const key = config.has("log.dirs") ? "log.dirs" : "log.dir";
  if (node.logDirs.length === 0 && !config.get(key) /* an empty value is reported by its own check */)
    problems.push(problem(key, "names no directory", setIt("log.dirs", EXAMPLES["log.dirs"]!)));
  if (!hasRole(node, "broker")) return problems;
  const cordoned = valueOf(values, "cordoned.log.dirs") as string[] | undefined;
  const source = config.get("cordoned.log.dirs")?.source;
  if (cordoned?.includes("*") && cordoned.length > 1) problems.push(problem("cordoned.log.dirs", "mixes * with directories", "write either * or a list of log dirs", source));
  else if (cordoned && !cordoned.includes("*")) {
    const unknown = cordoned.filter((d) => !node.logDirs.includes(d));
    if (unknown.length) problems.push(problem("cordoned.log.dirs", `names ${unknown.join(", ")}, which is not in log.dirs`, "list only directories of log.dirs (or log.dir)", source));
  }
  return problems;
}

type Op = "<" | "<=" | ">=";
type Relation = [left: string, op: Op, right: string];

const GROUP_KINDS = ["consumer", "share", "streams"] as const;

/** GroupCoordinatorConfig.checkConstraints, the same ten rules for each kind of group. */
const GROUP_RELATIONS: Relation[] = GROUP_KINDS.flatMap((kind): Relation[] => {
  const k = (name: string) => `group.${kind}.${name}`;
  return [
    [k("max.heartbeat.interval.ms"), ">=", k("min.heartbeat.interval.ms")],
    [k("heartbeat.interval.ms"), ">=", k("min.heartbeat.interval.ms")],
    [k("heartbeat.interval.ms"), "<=", k("max.heartbeat.interval.ms")],
    [k("max.session.timeout.ms"), ">=", k("min.session.timeout.ms")],
    [k("session.timeout.ms"), ">=", k("min.session.timeout.ms")],
    [k("session.timeout.ms"), "<=", k("max.session.timeout.ms")],
    [k("heartbeat.interval.ms"), "<", k("session.timeout.ms")],
    [k("max.assignment.interval.ms"), ">=", k("min.assignment.interval.ms")],
    [k("assignment.interval.ms"), ">=", k("min.assignment.interval.ms")],
    [k("assignment.interval.ms"), "<=", k("max.assignment.interval.ms")],
  ];
});

/** Pairs of keys whose values Kafka compares at start-up (KafkaConfig, GroupCoordinatorConfig, ShareGroupConfig). */
export const RELATIONS: readonly Relation[] = [
  ["replica.fetch.wait.max.ms", "<=", "replica.socket.timeout.ms"],
  ["replica.fetch.wait.max.ms", "<=", "replica.lag.time.max.ms"],
  ...GROUP_RELATIONS,
  ["group.streams.num.standby.replicas", "<=", "group.streams.max.standby.replicas"],
  ["group.streams.task.offset.interval.ms", ">=", "group.streams.min.task.offset.interval.ms"],
  ["group.streams.num.warmup.replicas", "<=", "group.streams.max.warmup.replicas"],
  // ShareGroupConfig.validate
  ["group.share.max.delivery.count.limit", ">=", "group.share.delivery.count.limit"],
  ["group.share.delivery.count.limit", ">=", "group.share.min.delivery.count.limit"],
  ["group.share.max.partition.max.record.locks", ">=", "group.share.partition.max.record.locks"],
  ["group.share.partition.max.record.locks", ">=", "group.share.min.partition.max.record.locks"],
  ["group.share.record.lock.duration.ms", ">=", "group.share.min.record.lock.duration.ms"],
  ["group.share.max.record.lock.duration.ms", ">=", "group.share.record.lock.duration.ms"],
  ["group.share.max.share.sessions", ">=", "group.share.max.size"],
];

const HOLDS: Record<Op, (a: number, b: number) => boolean> = { "<": (a, b) => a < b, "<=": (a, b) => a <= b, ">=": (a, b) => a >= b };
const WORDS: Record<Op, string> = { "<": "less than", "<=": "at most", ">=": "at least" };

function checkRelations(values: Values, wrong: ReadonlySet<string>): Problem[] {
  const { config } = values;
  const problems: Problem[] = [];
  const blamedOnce = new Set<string>();
  for (const [left, op, right] of RELATIONS) {
    if (!config.has(left) && !config.has(right)) continue; // Kafka's defaults agree with each other
    if (wrong.has(left) || wrong.has(right)) continue;
    const a = valueOf(values, left);
    const b = valueOf(values, right);
    if (typeof a !== "bigint" || typeof b !== "bigint" || HOLDS[op](Number(a), Number(b))) continue;
    const blamed = config.has(left) ? left : right;
    if (blamedOnce.has(blamed)) continue; // one rule per key is enough to act on
    blamedOnce.add(blamed);
    problems.push(problem(blamed, `is ${config.get(blamed)!.secret ? "a secret value" : String(blamed === left ? a : b)}, but Kafka needs ${left} (${a}) to be ${WORDS[op]} ${right} (${b})`, `change ${left} or ${right} so that ${left} ${op} ${right}`, config.get(blamed)!.source));
  }
  return problems;
}

/** The remaining rules of KafkaConfig's constructor and validateValues that concern values. */
function checkOtherRules(values: Values, node: Node): Problem[] {
  const { config } = values;
  const n = (key: string) => valueOf(values, key);
  const at = (key: string) => config.get(key)?.source;
  const problems: Problem[] = [];
  const add = (key: string, message: string, fix: string) => problems.push(problem(key, message, fix, at(key)));
  const nodeId = config.get("node.id") && n("node.id");
  const brokerId = config.get("broker.id") && n("broker.id");
  if (typeof nodeId === "bigint" && typeof brokerId === "bigint" && nodeId !== brokerId) add("broker.id", `is ${brokerId}, but node.id is ${nodeId}`, "remove broker.id (deprecated); node.id is the id");
  const rollMs = config.has("log.roll.ms") ? n("log.roll.ms") : undefined;
  if (typeof rollMs === "bigint" && rollMs < 1n) add("log.roll.ms", `is ${rollMs}, below 1`, "set log.roll.ms to at least 1, or remove it (log.roll.hours applies)");
  const jitterMs = config.has("log.roll.jitter.ms") ? n("log.roll.jitter.ms") : undefined;
  if (typeof jitterMs === "bigint" && jitterMs < 0n) add("log.roll.jitter.ms", `is ${jitterMs}, below 0`, "set log.roll.jitter.ms to 0 or more");
  problems.push(...checkRetention(values));
  const dedupe = n("log.cleaner.dedupe.buffer.size");
  const threads = n("log.cleaner.threads");
  if (typeof dedupe === "bigint" && typeof threads === "bigint" && (threads === 0n || dedupe / threads <= 1048576n)) {
    const key = config.has("log.cleaner.dedupe.buffer.size") ? "log.cleaner.dedupe.buffer.size" : "log.cleaner.threads";
    add(key, `gives each of ${threads} cleaner thread(s) ${threads === 0n ? "an undefined share" : `${dedupe / threads} bytes`} of log.cleaner.dedupe.buffer.size (${dedupe}); Kafka needs more than 1 MiB each`, "raise log.cleaner.dedupe.buffer.size or lower log.cleaner.threads (at least 1)");
  }
  const queued = n("queued.max.request.bytes");
  const requestMax = n("socket.request.max.bytes");
  if (typeof queued === "bigint" && typeof requestMax === "bigint" && queued > 0n && queued < requestMax)
    add("queued.max.request.bytes", `is ${queued}, below socket.request.max.bytes (${requestMax})`, "set it to at least socket.request.max.bytes, or to -1 (no limit)");
  problems.push(...checkConnectionLimits(values));
  const idle = n("connections.max.idle.ms");
  const delay = n("connection.failed.authentication.delay.ms");
  if (typeof idle === "bigint" && typeof delay === "bigint" && idle >= 0n && delay >= idle)
    add(config.has("connection.failed.authentication.delay.ms") ? "connection.failed.authentication.delay.ms" : "connections.max.idle.ms", `(${delay} ms delay, ${idle} ms idle) delays failed logins as long as idle connections live`, "make connection.failed.authentication.delay.ms smaller than connections.max.idle.ms");
  problems.push(...checkGroupSettings(values), ...checkEarlyStart(values, node));
  return problems;
}

function checkRetention(values: Values): Problem[] {
  const { config } = values;
  const n = (key: string) => (config.has(key) ? valueOf(values, key) : null);
  const ms = n("log.retention.ms");
  const minutes = n("log.retention.minutes");
  const hours = valueOf(values, "log.retention.hours");
  const key = ms !== null ? "log.retention.ms" : minutes !== null ? "log.retention.minutes" : "log.retention.hours";
  const value = ms !== null ? ms : minutes !== null ? (typeof minutes === "bigint" ? minutes * 60000n : minutes) : typeof hours === "bigint" ? hours * 3600000n : hours;
  if (typeof value !== "bigint" || value < 0n || value >= 1n) return [];
  return [problem(key, "gives a retention of 0 ms", `set ${key} to -1 (keep forever) or at least 1`, config.get(key)?.source)];
}

function checkConnectionLimits(values: Values): Problem[] {
  const { config } = values;
  const problems: Problem[] = [];
  const overrides = config.get("max.connections.per.ip.overrides");
  const text = overrides ? javaTrim(overrides.value) : "";
  const entries = text === "" ? [] : text.split(/\s*,\s*/).filter((e, i, all) => e !== "" || i < all.length - 1);
  const bad = entries.filter((e) => e.lastIndexOf(":") < 0 || !/^[+-]?\d+$/.test(e.slice(e.lastIndexOf(":") + 1).trim()) || !/^[0-9a-zA-Z\-%._:]*$/.test(e.slice(0, e.lastIndexOf(":")).trim()));
  if (overrides && bad.length) problems.push(problem("max.connections.per.ip.overrides", `has ${bad.map((b) => JSON.stringify(b)).join(", ")}, which is not host:count`, 'write host-or-ip:count pairs, e.g. "hostName:100,127.0.0.1:200"', overrides.source));
  if (valueOf(values, "max.connections.per.ip") === 0n && entries.length === 0)
    problems.push(problem("max.connections.per.ip", "is 0 with no max.connections.per.ip.overrides, so no client could connect", "raise max.connections.per.ip, or allow some hosts in max.connections.per.ip.overrides", config.get("max.connections.per.ip")?.source));
  return problems;
}

function checkGroupSettings(values: Values): Problem[] {
  const { config } = values;
  const problems: Problem[] = [];
  const protocols = valueOf(values, "group.coordinator.rebalance.protocols") as string[] | undefined;
  if (protocols && !protocols.some((p) => p.toUpperCase() === "CLASSIC"))
    problems.push(problem("group.coordinator.rebalance.protocols", "leaves out classic, which Kafka cannot turn off", "add classic to group.coordinator.rebalance.protocols (or remove the key)", config.get("group.coordinator.rebalance.protocols")?.source));
  const assignors = valueOf(values, "group.share.assignors") as string[] | undefined;
  if (assignors && assignors.length !== 1) problems.push(problem("group.share.assignors", `lists ${assignors.length} assignors; Kafka takes exactly one`, "name one share group assignor", config.get("group.share.assignors")?.source));
  const tags = entriesOf(values, "group.streams.rack.aware.assignment.tags"); // as written: Kafka refuses a repeated tag
  if (new Set(tags).size !== tags.length) problems.push(problem("group.streams.rack.aware.assignment.tags", "lists a tag twice", "list each tag once", config.get("group.streams.rack.aware.assignment.tags")!.source));
  return problems;
}

/** early.start.listeners: names as written, each the (capitalised) name of one of this node's listeners. */
function checkEarlyStart(values: Values, node: Node): Problem[] {
  const entry = values.config.get("early.start.listeners");
  if (!entry) return [];
  const known = new Set(node.listeners.map((l) => l.name));
  const unknown = entriesOf(values, "early.start.listeners").filter((s) => s !== "" && !known.has(s));
  return unknown.map((name) => problem("early.start.listeners", `names ${name}, which is not a listener of this node (names compare exactly, in capitals)`, "list listener names as they appear in listeners, in capitals", entry.source));
}

// ---------------------------------------------------------------------------------------------
// keys Kafka does not know

/** Unknown keys beyond this many get no did-you-mean: a file of 200 000 of them is not a list of typos. */
const SUGGESTIONS = 100;

/** Keys the broker does not know, with a did-you-mean (warnings; errors with LAUNCHER_STRICT). */
export function checkUnknownKeys(config: Config, catalog: Catalog, strict: boolean): Problem[] {
  const problems: Problem[] = [];
  const names = new Set(catalog.keys.keys());
  const known: Catalog = { ...catalog, prefixes: [...catalog.prefixes, ...configuredPrefixes(config)] };
  for (const entry of config.values()) {
    if (isKnown(known, entry.key)) continue;
    const guess = problems.length < SUGGESTIONS ? suggest(entry.key, names) : undefined;
    const fix = guess ? `did you mean ${guess}${entry.source.kind === "env" ? ` (${propertyToEnv(guess)})` : ""}?` : "remove it, or check its spelling against the Kafka broker configuration reference";
    const extra: Partial<Problem> = { group: "unknown-key", ...(strict ? { stricter: "unknown-key-strict" as const } : { severity: "warning" as const }) };
    problems.push(problem(entry.key, "is not a broker configuration Kafka knows", fix, entry.source, extra));
  }
  return problems;
}

/** The remote storage managers' own keys live under prefixes the config may set to other values than the defaults. */
const PREFIX_KEYS = ["remote.log.storage.manager.impl.prefix", "remote.log.metadata.manager.impl.prefix"];

function configuredPrefixes(config: Config): string[] {
  return PREFIX_KEYS.flatMap((key) => {
    const prefix = config.get(key)?.value.trim();
    return prefix ? [prefix] : [];
  });
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
  return [...names].find((n) => n.startsWith(key) && n.length - key.length <= 2);
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
