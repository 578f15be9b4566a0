// Which listener `health` asks, chosen from the configuration the broker runs with (pure): plan.ts names it in
// the rendered server.properties' header (health-line.ts), and the health command chooses it from the file
// itself when a file has no such line. A module of its own so that a check, which only reads the header line,
// loads neither the properties parser nor the listener parser.
import { parseListeners, parseProtocolMap, protocolOf, type Listener } from "./kafka/listeners.ts";
import type { Problem } from "./problems.ts";
import { parseProperties, PropertiesSyntaxError } from "./kafka/properties.ts";
import type { Target } from "./health-line.ts";

export type Chosen = { ok: true; target: Target } | { ok: false; problem: Problem };

/** Kafka's default when `listeners` is unset (SocketServerConfigs.LISTENERS_DEFAULT). */
const DEFAULT_LISTENERS = "PLAINTEXT://:9092";

/**
 * Protocols whose listeners answer a bare ApiVersions request. SASL_PLAINTEXT too: Kafka answers
 * ApiVersions before the SASL handshake (KIP-35/KIP-43), so no credentials are needed. SSL and
 * SASL_SSL need a TLS client.
 */
const ANSWERS_IN_CLEAR = ["PLAINTEXT", "SASL_PLAINTEXT"];

/** A wildcard bind address is reached over loopback; any other host is used as written (listeners.ts drops the [ ]). */
function reachableHost(host: string): string {
  if (host === "" || host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "::0") return "::1";
  return host;
}

type Candidate = Listener & { protocol: string | undefined; controller: boolean };

/**
 * The listener `health` asks: the first broker listener in the clear (PLAINTEXT before
 * SASL_PLAINTEXT); on a controller-only node, the first controller listener in the clear. A
 * combined node's controller listener would answer before the broker is ready, so it never counts.
 */
export function chooseTarget(serverProperties: string, path: string): Chosen {
  let config: Map<string, string>;
  try {
    config = new Map(parseProperties(serverProperties).map(({ key, value }) => [key, value]));
  } catch (e) {
    if (!(e instanceof PropertiesSyntaxError)) throw e;
    return { ok: false, problem: { ...configProblem(path, `${path} cannot be read as properties: ${e.message}`, "render it again: restart the container"), subject: path } };
  }
  return chooseTargetIn(config, path);
}

/** The same choice from the configuration's values by key (plan.ts: what it is about to write to `path`). */
export function chooseTargetIn(config: ReadonlyMap<string, string>, path: string): Chosen {
  const controllerNames = (config.get("controller.listener.names") ?? "").split(",").map((n) => n.trim().toUpperCase()).filter(Boolean);
  const protocols = parseProtocolMap(config.get("listener.security.protocol.map"), controllerNames.join(","));
  const { listeners, bad } = parseListeners(config.get("listeners") ?? DEFAULT_LISTENERS);
  if (bad.length) return { ok: false, problem: configProblem(path, `listeners in ${path} has entries that are not NAME://host:port: ${bad.join(", ")}`, "correct the listeners setting") };
  const candidates: Candidate[] = listeners.map((l) => ({ ...l, protocol: protocolOf(l.name, protocols), controller: controllerNames.includes(l.name) }));
  const controllerOnly = !(config.get("process.roles") ?? "").split(",").map((r) => r.trim()).includes("broker");
  const pool = candidates.filter((c) => c.controller === controllerOnly);
  for (const protocol of ANSWERS_IN_CLEAR) {
    const found = pool.find((c) => c.protocol === protocol);
    if (!found) continue;
    const what = found.name === protocol ? `${found.name} listener` : `${found.name} listener, ${protocol}`;
    return { ok: true, target: { host: reachableHost(found.host), port: found.port, what } };
  }
  return { ok: false, problem: noListenerProblem(path, candidates, controllerOnly) };
}

function describe(c: Candidate): string {
  return `${c.text} (${c.controller ? "controller" : c.protocol ?? "not in listener.security.protocol.map"})`;
}

function noListenerProblem(path: string, candidates: readonly Candidate[], controllerOnly: boolean): Problem {
  const role = controllerOnly ? "controller" : "broker";
  return configProblem(
    path,
    `no ${role} listener health can reach without TLS: ${path} has listeners ${candidates.map(describe).join(", ") || "(none)"}`,
    `add a PLAINTEXT listener for checks from inside the container (e.g. PLAINTEXT://localhost:19092, as the SSL example does), or name one: health --bootstrap host:port`,
  );
}

function configProblem(path: string, message: string, fix: string): Problem {
  return { kind: "config", severity: "error", subject: "listeners", message, fix, source: { kind: "file", path } };
}
