// Edge: one Kafka ApiVersions request (v0, request header v1) over plain TCP and its answer: what `health` asks a
// broker. Bun.connect, not node:net: the image's HEALTHCHECK runs it in every container, and node:net costs more to
// load than the check's own work (docs/benchmarks.md table 6).
import type { Socket } from "bun";

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

/** One request, one answer: ok, or why not (refused, closed, timed out, a wrong answer). */
export function askBroker(target: { host: string; port: number }, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let unsent = apiVersionsRequest();
    let open: Socket | undefined;
    let settled = false;
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      open?.end();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ ok: false, why: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const send = (socket: Socket) => {
      unsent = unsent.subarray(Math.max(0, socket.write(unsent)));
    };
    Bun.connect({
      hostname: target.host,
      port: target.port,
      socket: {
        open(socket) {
          open = socket;
          send(socket);
        },
        drain: send,
        data(_socket, chunk) {
          data = Buffer.concat([data, chunk]);
          const answer = readApiVersionsResponse(data);
          if (answer) done(answer);
        },
        end: () => done({ ok: false, why: "connection closed before an answer" }),
        close: () => done({ ok: false, why: "connection closed before an answer" }),
        error: (_socket, e) => done({ ok: false, why: e.message }),
        connectError: (_socket, e) => done({ ok: false, why: connectFailure(e, target) }),
      },
    }).catch((e: Error) => done({ ok: false, why: connectFailure(e, target) }));
  });
}

/** "connect ECONNREFUSED 127.0.0.1:9092", as node:net words it (Bun's own message names no address). */
function connectFailure(e: Error & { code?: string }, target: { host: string; port: number }): string {
  return e.code ? `connect ${e.code} ${target.host}:${target.port}` : e.message;
}
