// Listener lists (`NAME://host:port,…`) and the security protocol each name maps to.

export type Listener = { name: string; host: string; port: number; text: string };

const LISTENER = /^([A-Za-z0-9_.-]+):\/\/(\[[0-9A-Fa-f:.%a-z]*\]|[^:/[\]\s]*):(\d{1,5})$/;

export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;

/** Parses a listener list; entries that do not parse are returned in `bad`. */
export function parseListeners(value: string): { listeners: Listener[]; bad: string[] } {
  const listeners: Listener[] = [];
  const bad: string[] = [];
  for (const raw of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = LISTENER.exec(raw);
    const port = m ? Number(m[3]) : NaN;
    if (!m || port > 65535) bad.push(raw);
    else listeners.push({ name: m[1]!.toUpperCase(), host: m[2]!, port, text: raw });
  }
  return { listeners, bad };
}

/**
 * `listener.security.protocol.map` as a map. With no map, Kafka maps each protocol name to itself
 * and, for KRaft, the controller listener names to PLAINTEXT (KafkaConfig.effectiveListenerSecurityProtocolMap).
 */
export function parseProtocolMap(value: string | undefined, controllerNames = ""): Map<string, string> {
  if (value === undefined) {
    const map = new Map<string, string>(SECURITY_PROTOCOLS.map((p) => [p, p]));
    for (const name of controllerNames.split(",").map((n) => n.trim().toUpperCase()).filter(Boolean)) if (!map.has(name)) map.set(name, "PLAINTEXT");
    return map;
  }
  const map = new Map<string, string>();
  for (const pair of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, protocol] = pair.split(":");
    if (name && protocol) map.set(name.trim().toUpperCase(), protocol.trim().toUpperCase());
  }
  return map;
}

/** Security protocol of a listener name, or undefined when the map does not know it. */
export function protocolOf(name: string, map: Map<string, string>): string | undefined {
  return map.get(name.toUpperCase());
}

/** Upstream's derivation: advertised hosts replaced by 0.0.0.0 (bind everywhere). */
export function bindAllInterfaces(advertised: string): string {
  return advertised
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^([^:]+:\/\/)(\[[^\]]*\]|[^:]*)(:\d+)$/, "$10.0.0.0$3"))
    .join(",");
}
