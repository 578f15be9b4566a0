// `kafka-launcher health`: one Kafka ApiVersions request (v0) over plain TCP, no JVM, no shell.
// Exit 0 when the broker answers with error_code 0, 1 otherwise: what compose healthchecks and
// Kubernetes probes expect. Plaintext listeners only (an SSL listener needs a TLS client).
import { connect } from "node:net";
import { say } from "./report.ts";

const API_VERSIONS = 18;
const CORRELATION_ID = 0x6b6c; // "kl"
const CLIENT_ID = "kafka-launcher-health";

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

export function splitHostPort(bootstrap: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bootstrap.trim());
  if (!m) return { host: bootstrap, port: 9092 };
  return { host: m[1] || "localhost", port: Number(m[2]) };
}

export function askBroker(bootstrap: string, timeoutMs: number): Promise<Answer> {
  const { host, port } = splitHostPort(bootstrap);
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const socket = connect({ host, port });
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

export async function checkHealth(bootstrap: string, timeoutMs: number): Promise<number> {
  const answer = await askBroker(bootstrap, timeoutMs);
  if (answer.ok) {
    say(`health: ${bootstrap} answered ApiVersions (${answer.apiCount} APIs)`);
    return 0;
  }
  say(`health: ${bootstrap} is not ready: ${answer.why}`);
  return 1;
}
