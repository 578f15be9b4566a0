// Listener lists (`NAME://host:port,…`) and the security protocol map, read the way the broker reads them
// (org.apache.kafka.network.SocketServerConfigs, AbstractKafkaConfig, Kafka 4.4). Pure.
import { javaTrim, splitList } from "./configdef.ts";
import { isInet4Address, isInet6Address } from "./inet-address.ts";

export type Listener = { name: string; host: string; port: number; text: string };

/** SocketServerConfigs' endpoint pattern: anything up to `://`, an optional [ ], host characters, a port. */
const ENDPOINT = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/;

export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;

/** Kafka's default listener.security.protocol.map (each protocol name to itself). */
export const DEFAULT_PROTOCOL_MAP = "SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT";

/** One endpoint as the broker parses it; the name upper-cased (ListenerName.normalised), host "" = all interfaces. */
export function parseEndpoint(text: string): Listener | undefined {
  const m = ENDPOINT.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (!Number.isSafeInteger(port) || port > 2 ** 31 - 1 || port < -(2 ** 31)) return undefined;
  return { name: m[1]!.toUpperCase(), host: m[2]!, port, text };
}

/** A listener list: the entries that parse, and those that do not (empty entries included). */
export function parseListeners(value: string): { listeners: Listener[]; bad: string[] } {
  const listeners: Listener[] = [];
  const bad: string[] = [];
  for (const raw of splitList(value)) {
    const endpoint = parseEndpoint(raw);
    if (endpoint) listeners.push(endpoint);
    else bad.push(raw);
  }
  return { listeners, bad };
}

export type ProtocolMap = { map: Map<string, string>; bad: string[] };

/**
 * `listener.security.protocol.map` as written (Csv.parseCsvMap: entries split at commas, each at its last `:`,
 * names upper-cased, protocols as SecurityProtocol.forName reads them). `bad` holds the entries Kafka refuses.
 */
export function readProtocolMap(value: string): ProtocolMap {
  const map = new Map<string, string>();
  const bad: string[] = [];
  const text = javaTrim(value);
  if (text === "") return { map, bad };
  const entries = text.split(/\s*,\s*/);
  while (entries.length > 1 && entries[entries.length - 1] === "") entries.pop();
  for (const entry of entries) {
    const colon = entry.lastIndexOf(":");
    const protocol = entry.slice(colon + 1).trim().toUpperCase();
    if (colon < 0 || !(SECURITY_PROTOCOLS as readonly string[]).includes(protocol)) bad.push(entry);
    else map.set(entry.slice(0, colon).trim().toUpperCase(), protocol);
  }
  return { map, bad };
}

/**
 * The map the broker uses (AbstractKafkaConfig.effectiveListenerSecurityProtocolMap): the configured one, or
 * Kafka's default plus each controller listener name → PLAINTEXT, unless a listener or controller name is itself
 * SSL or SASL_* (then only the default).
 */
export function effectiveProtocolMap(configured: string | undefined, controllerNames: readonly string[], listenerNames: readonly string[]): ProtocolMap {
  if (configured !== undefined) return readProtocolMap(configured);
  const { map, bad } = readProtocolMap(DEFAULT_PROTOCOL_MAP);
  const secure = (n: string) => n === "SSL" || n === "SASL_SSL" || n === "SASL_PLAINTEXT";
  if (controllerNames.some(secure) || listenerNames.some(secure)) return { map, bad };
  for (const name of controllerNames) if (name !== "PLAINTEXT") map.set(name, "PLAINTEXT");
  return { map, bad };
}

/** Back-compatible reading of the map for callers that only need names → protocols. */
export function parseProtocolMap(value: string | undefined, controllerNames = ""): Map<string, string> {
  return effectiveProtocolMap(value, splitList(controllerNames), []).map;
}

/** Security protocol of a listener name, or undefined when the map does not know it. */
export function protocolOf(name: string, map: ReadonlyMap<string, string>): string | undefined {
  return map.get(name.toUpperCase());
}

/** The name part of a listener entry, as the default protocol map reads it (up to the first `:`), upper-cased. */
export function listenerNameOf(entry: string): string | undefined {
  const colon = entry.indexOf(":");
  return colon < 0 ? undefined : entry.slice(0, colon).toUpperCase();
}

/** commons-validator's InetAddressValidator as Kafka uses it to allow one IPv4 and one IPv6 listener on a port. */
export function ipVersion(host: string): 4 | 6 | undefined {
  return isInet4Address(host) ? 4 : isInet6Address(host) ? 6 : undefined;
}

/** Upstream's derivation: advertised hosts replaced by 0.0.0.0 (bind everywhere), from the entries as written. */
export function bindAllInterfaces(advertised: readonly string[]): string {
  return advertised
    .filter(Boolean)
    .map((l) => l.replace(/^([^:]+:\/\/)(\[[^\]]*\]|[^:]*)(:\d+)$/, "$10.0.0.0$3"))
    .join(",");
}
