// The node the configuration describes, as the broker sees it (KafkaConfig and AbstractKafkaConfig, Kafka 4.4):
// roles, id, listeners with their protocols, advertised listeners, the controller and inter-broker listeners,
// the quorum, the log dirs, built once from the parsed values (values.ts). The checks, the storage step and the
// plan read this view instead of re-parsing strings. Pure. What cannot be parsed is left out of the view; saying
// so is validate.ts's job (it reads `unparsed`).
import { distinct, parseVoter, parseHostPort, type HostPort, type Voter } from "./configdef.ts";
import { effectiveProtocolMap, listenerNameOf, parseEndpoint, type Listener } from "./listeners.ts";
import { setValueOf, valueOf, type Values } from "./values.ts";

export type Role = "broker" | "controller";

/** A listener with the security protocol the map gives its name (undefined: the map does not know it). */
export type Endpoint = Listener & { protocol?: string };

export type Node = {
  roles: ReadonlySet<Role>;
  /** node.id, or broker.id when only that is set (AbstractKafkaConfig.populateSynonyms). */
  nodeId?: number;
  protocols: ReadonlyMap<string, string>;
  /** controller.listener.names as written (Kafka compares them case-sensitively with upper-cased names). */
  controllerNames: readonly string[];
  listeners: readonly Endpoint[];
  /** undefined when advertised.listeners is not set: brokers then advertise their listeners. */
  advertised?: readonly Endpoint[];
  interBroker?: { name: string; protocol?: string };
  voters: readonly Voter[];
  bootstrapServers: readonly HostPort[];
  logDirs: readonly string[];
  metadataLogDir?: string;
  /** Entries the broker could not parse, by key: validate.ts reports them. */
  unparsed: ReadonlyMap<string, readonly string[]>;
};

const ROLES: readonly Role[] = ["broker", "controller"];

export function viewNode(values: Values): Node {
  const unparsed = new Map<string, string[]>();
  // an empty entry (a stray comma) is the list check's to report, not a listener that does not parse
  const note = (key: string, entries: readonly string[]) => entries.some(Boolean) && unparsed.set(key, [...(unparsed.get(key) ?? []), ...entries.filter(Boolean)]);
  const list = (key: string) => (valueOf(values, key) as string[] | null) ?? []; // a LIST always parses
  const controllerNames = list("controller.listener.names");
  const listenerTexts = list("listeners"); // unset: Kafka's default PLAINTEXT://:9092
  const listenerNames = listenerTexts.map(listenerNameOf); // an entry with no name does not parse below either
  const map = effectiveProtocolMap(setValueOf(values, "listener.security.protocol.map") as string | undefined, controllerNames, listenerNames.filter((n) => n !== undefined));
  note("listener.security.protocol.map", map.bad);
  const endpoints = (key: string, texts: readonly string[]) => texts.flatMap((text) => endpointOf(text, map.map, (bad) => note(key, [bad])));
  const advertised = values.config.has("advertised.listeners") ? endpoints("advertised.listeners", list("advertised.listeners")) : undefined;
  return {
    roles: new Set(list("process.roles").filter((r): r is Role => ROLES.includes(r as Role))),
    nodeId: nodeIdOf(values),
    protocols: map.map,
    controllerNames,
    listeners: endpoints("listeners", listenerTexts),
    advertised,
    interBroker: interBrokerOf(values, map.map),
    voters: list("controller.quorum.voters").flatMap((v) => parseVoter(v) ?? []),
    bootstrapServers: list("controller.quorum.bootstrap.servers").flatMap((v) => parseHostPort(v) ?? []),
    logDirs: list(values.config.has("log.dirs") ? "log.dirs" : "log.dir"), // log.dir's default: /tmp/kafka-logs
    metadataLogDir: setValueOf(values, "metadata.log.dir") as string | undefined,
    unparsed,
  };
}

function endpointOf(text: string, map: ReadonlyMap<string, string>, bad: (text: string) => void): Endpoint[] {
  const endpoint = parseEndpoint(text);
  if (!endpoint) {
    bad(text);
    return [];
  }
  return [{ ...endpoint, protocol: map.get(endpoint.name) }];
}

/** node.id, else broker.id (AbstractKafkaConfig.populateSynonyms); only a set value counts. */
function nodeIdOf(values: Values): number | undefined {
  const id = setValueOf(values, values.config.has("node.id") ? "node.id" : "broker.id");
  return typeof id === "bigint" ? Number(id) : undefined;
}

/** inter.broker.listener.name, else the listener named after security.inter.broker.protocol (PLAINTEXT). */
function interBrokerOf(values: Values, map: ReadonlyMap<string, string>): Node["interBroker"] {
  const named = setValueOf(values, "inter.broker.listener.name") as string | undefined;
  if (named !== undefined) {
    const name = named.toUpperCase();
    return { name, protocol: map.get(name) };
  }
  const protocol = valueOf(values, "security.inter.broker.protocol") as string;
  return { name: protocol, protocol };
}

/** The dirs the storage tool formats: every log dir and the metadata log dir (KafkaConfig.metadataLogDir). */
export function storageDirsOf(node: Node): string[] {
  const dirs = [...node.logDirs];
  if (node.metadataLogDir !== undefined && node.metadataLogDir !== "") dirs.push(node.metadataLogDir);
  return distinct(dirs.filter((d) => d !== ""));
}

/** Where the cluster's metadata lives: metadata.log.dir, else the first log dir (KafkaConfig.metadataLogDir). */
export function metadataDirOf(node: Node): string | undefined {
  return node.metadataLogDir || node.logDirs.find((d) => d !== "");
}

/** Names compare as Kafka compares them: the upper-cased listener name against the names as written. */
export function isControllerListener(node: Node, name: string): boolean {
  return node.controllerNames.includes(name);
}

/** The listeners this node's brokers announce (KafkaConfig.effectiveAdvertisedBrokerListeners). */
export function advertisedBrokerListeners(node: Node): Endpoint[] {
  return (node.advertised ?? node.listeners).filter((l) => !isControllerListener(node, l.name));
}

/** KafkaConfig.effectiveAdvertisedControllerListeners: each controller name, advertised or else listened on. */
export function advertisedControllerListeners(node: Node): Endpoint[] {
  const advertised = (node.advertised ?? []).filter((l) => isControllerListener(node, l.name));
  const listening = node.listeners.filter((l) => isControllerListener(node, l.name));
  return node.controllerNames.flatMap((name) => {
    const n = name.toUpperCase();
    const found = advertised.find((l) => l.name === n) ?? listening.find((l) => l.name === n);
    return found ? [found] : [];
  });
}

export function hasRole(node: Node, role: Role): boolean {
  return node.roles.has(role);
}

export function isControllerOnly(node: Node): boolean {
  return node.roles.size === 1 && node.roles.has("controller");
}
