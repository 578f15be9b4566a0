// `kafka-launcher health`: one Kafka ApiVersions request (v0) over plain TCP, no JVM, no shell.
// Exit 0 when the broker answers with error_code 0, 1 otherwise: what compose healthchecks and
// Kubernetes probes expect. With no --bootstrap it reads the rendered server.properties and checks
// the first listener it can reach from inside the container (chooseTarget, pure); 66 or 78 with a
// fix when there is no file or no such listener.
import { connect } from "node:net";
import { join } from "node:path";
import { readFile } from "./gather.ts";
import { parseListeners, parseProtocolMap, protocolOf, type Listener } from "./listeners.ts";
import { CONFIG_FILES } from "./policy.ts";
import { exitCodeFor, type Problem } from "./problems.ts";
import { parseProperties, PropertiesSyntaxError } from "./properties.ts";
import { printProblems, say } from "./report.ts";

const API_VERSIONS = 18;
export const CORRELATION_ID = 0x6b6c; // "kl"
export const CLIENT_ID = "kafka-launcher-health";

/** Request header v1 (api key, version, correlation id, client id) and an empty v0 body, size-prefixed. */
export function apiVersionsRequest(): Buffer {
  const client = Buffer.from(CLIENT_ID, "utf8");
  const body = Buffer.alloc(2 + 2 + 4 + 2 + client.length);
  body.writeInt16BE(API_VERSIONS, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(CORRELATION_ID, 4);
  body.writeInt16BE(client.length, 8);
  client.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

export type Answer = { ok: true; apiCount: number } | { ok: false; why: string };

/** Reads a complete size-prefixed response; undefined while more bytes are needed. */
export function readApiVersionsResponse(data: Buffer): Answer | undefined {
  if (data.length < 4) return undefined;
  const size = data.readInt32BE(0);
  if (data.length < 4 + size) return undefined;
  if (size < 6) return { ok: false, why: "response too short" };
  if (data.readInt32BE(4) !== CORRELATION_ID) return { ok: false, why: "response to another request" };
  const error = data.readInt16BE(8);
  if (error !== 0) return { ok: false, why: `broker answered with error code ${error}` };
  return { ok: true, apiCount: size >= 10 ? data.readInt32BE(10) : 0 };
}

export type Target = { host: string; port: number; what: string };

export function splitHostPort(bootstrap: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bootstrap.trim());
  if (!m) return { host: bootstrap, port: 9092 };
  return { host: m[1] || "localhost", port: Number(m[2]) };
}

export function askBroker(target: { host: string; port: number }, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const socket = connect({ host: target.host, port: target.port });
    const done = (answer: Answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, why: `no answer within ${timeoutMs} ms` }));
    socket.on("error", (e) => done({ ok: false, why: e.message }));
    socket.on("connect", () => socket.write(apiVersionsRequest()));
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, Buffer.from(chunk)]);
      const answer = readApiVersionsResponse(data);
      if (answer) done(answer);
    });
    socket.on("end", () => done({ ok: false, why: "connection closed before an answer" }));
  });
}

// ---------------------------------------------------------------------------------------------
// Which listener to ask, from the rendered server.properties (pure)

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
export function chooseTarget(serverProperties: string, path: string): { ok: true; target: Target } | { ok: false; problem: Problem } {
  let config: Map<string, string>;
  try {
    config = new Map(parseProperties(serverProperties).map(({ key, value }) => [key, value]));
  } catch (e) {
    if (!(e instanceof PropertiesSyntaxError)) throw e;
    return { ok: false, problem: { ...configProblem(path, `${path} cannot be read as properties: ${e.message}`, "render it again: restart the container"), subject: path } };
  }
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

// ---------------------------------------------------------------------------------------------
// Edge: read the rendered file, ask, report

function targetFromFile(finalConfigsDir: string): { ok: true; target: Target } | { ok: false; problem: Problem } {
  const path = join(finalConfigsDir, CONFIG_FILES.server);
  const read = readFile(path);
  if (read.ok) return chooseTarget(read.text, path);
  return {
    ok: false,
    problem: {
      kind: read.kind,
      severity: "error",
      subject: path,
      message: `no listener to check: cannot read ${path} (${read.detail})`,
      fix: "the launcher writes it on every start: run health in the container once it has started, or name the listener: health --bootstrap host:port",
      source: { kind: "file", path },
    },
  };
}

/** `bootstrap` undefined: the listener comes from `finalConfigsDir`/server.properties. */
export async function checkHealth(bootstrap: string | undefined, timeoutMs: number, finalConfigsDir: string): Promise<number> {
  const chosen = bootstrap === undefined ? targetFromFile(finalConfigsDir) : { ok: true as const, target: { ...splitHostPort(bootstrap), what: "--bootstrap" } };
  if (!chosen.ok) {
    printProblems([chosen.problem]);
    return exitCodeFor([chosen.problem]);
  }
  const { target } = chosen;
  const where = `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port} (${target.what})`;
  const answer = await askBroker(target, timeoutMs);
  if (answer.ok) {
    say(`health: ${where} answered ApiVersions (${answer.apiCount} APIs)`);
    return 0;
  }
  say(`health: ${where} is not ready: ${answer.why}`);
  return 1;
}
