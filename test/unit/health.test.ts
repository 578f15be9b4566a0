// health.ts and api-versions.ts: the ApiVersions bytes (kafkajs's encoder is the independent oracle), every way an answer
// can be wrong, the exchange over real local sockets (one that never answers, one that hangs up, one
// that answers in pieces), and which listener of a rendered server.properties gets asked.
import { afterEach, describe, expect, test } from "bun:test";
import { createServer, type Server, type Socket } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiVersionsRequest, askBroker, CLIENT_ID, CORRELATION_ID, readApiVersionsResponse } from "../../entrypoint/edges/api-versions.ts";
import { checkHealth } from "../../entrypoint/health.ts";
import { readTargetLine, targetLine } from "../../entrypoint/core/health-line.ts";
import { chooseTarget } from "../../entrypoint/core/health-target.ts";
import type { Entry } from "../../entrypoint/core/inputs.ts";
import { renderServerProperties } from "../../entrypoint/core/plan.ts";

// kafkajs (a dev dependency) as the oracle for the wire format: its own request framing and encoder.
const encodeRequest = require("kafkajs/src/protocol/request.js");
const apiVersionsV0 = require("kafkajs/src/protocol/requests/apiVersions/v0/request.js");
const Encoder = require("kafkajs/src/protocol/encoder.js");

/** A size-prefixed ApiVersions v0 response, written with kafkajs's encoder. */
function response(o: { correlationId?: number; errorCode?: number; apis?: [number, number, number][] } = {}): Buffer {
  const apis = o.apis ?? [[18, 0, 4], [3, 0, 13]];
  const body = new Encoder()
    .writeInt32(o.correlationId ?? CORRELATION_ID)
    .writeInt16(o.errorCode ?? 0)
    .writeArray(apis.map(([key, min, max]) => new Encoder().writeInt16(key).writeInt16(min).writeInt16(max)));
  return Buffer.from(new Encoder().writeInt32(body.size()).writeEncoder(body).buffer);
}

describe("the request", () => {
  test("is ApiVersions v0 with a v1 header, byte for byte what kafkajs sends", async () => {
    const oracle = await encodeRequest({ correlationId: CORRELATION_ID, clientId: CLIENT_ID, request: apiVersionsV0() });
    expect(apiVersionsRequest().toString("hex")).toBe(Buffer.from(oracle.buffer).toString("hex"));
  });
});

describe("reading the answer", () => {
  test("a complete answer: ok, with the number of APIs the broker listed", () => {
    expect(readApiVersionsResponse(response({ apis: [[18, 0, 4], [3, 0, 13], [0, 3, 12]] }))).toEqual({ ok: true, apiCount: 3 });
  });

  test("every truncation of a good answer asks for more bytes instead of answering", () => {
    const full = response();
    const verdicts = Array.from({ length: full.length }, (_, n) => readApiVersionsResponse(full.subarray(0, n)));
    expect(verdicts.filter((v) => v !== undefined)).toEqual([]);
  });

  test("a frame too short to hold a correlation id and an error code", () => {
    const frame = Buffer.from("00000002" + "0000", "hex");
    expect(readApiVersionsResponse(frame)).toEqual({ ok: false, why: "response too short" });
  });

  test("an answer to another request (wrong correlation id)", () => {
    expect(readApiVersionsResponse(response({ correlationId: CORRELATION_ID + 1 }))).toEqual({ ok: false, why: "response to another request" });
  });

  test("an error code (35, UNSUPPORTED_VERSION)", () => {
    expect(readApiVersionsResponse(response({ errorCode: 35, apis: [] }))).toEqual({ ok: false, why: "broker answered with error code 35" });
  });
});

// ---------------------------------------------------------------------------------------------
// Over real sockets on loopback

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

type Peer = { port: number; received: Promise<Buffer>; closed: Promise<void> };

/** A TCP server on an OS-chosen port; `onRequest` decides what the "broker" does once the whole request is in. */
async function fakeBroker(onRequest: (socket: Socket) => void, port = 0): Promise<Peer> {
  let gotRequest!: (b: Buffer) => void;
  let gotClose!: () => void;
  const received = new Promise<Buffer>((r) => (gotRequest = r));
  const closed = new Promise<void>((r) => (gotClose = r));
  const expected = apiVersionsRequest().length;
  const server = createServer((socket) => {
    let data = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length === expected) {
        gotRequest(data);
        onRequest(socket);
      }
    });
    socket.on("close", () => gotClose());
    socket.on("error", () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, received, closed };
}

/** Each exchange ends in well under this; a timeout that does not fire would run past it. */
const SOCKET_TEST_MS = 5_000;

describe("asking a broker", () => {
  test("a peer that never answers: the timeout ends it and the connection is closed", async () => {
    const peer = await fakeBroker(() => {});
    const t0 = performance.now();
    const answer = await askBroker({ host: "127.0.0.1", port: peer.port }, 300);
    const waited = performance.now() - t0;
    await peer.closed;
    expect({ answer, request: (await peer.received).equals(apiVersionsRequest()), waitedTheTimeout: waited >= 250 }).toEqual({
      answer: { ok: false, why: "no answer within 300 ms" },
      request: true,
      waitedTheTimeout: true,
    });
  }, SOCKET_TEST_MS);

  test("a peer that sends half an answer and hangs up", async () => {
    const peer = await fakeBroker((s) => s.end(response().subarray(0, 9)));
    expect(await askBroker({ host: "127.0.0.1", port: peer.port }, 5000)).toEqual({ ok: false, why: "connection closed before an answer" });
  }, SOCKET_TEST_MS);

  test("an answer that arrives in three pieces, 50 ms apart, is put back together", async () => {
    const peer = await fakeBroker((s) => {
      const whole = response();
      s.setNoDelay(true);
      s.write(whole.subarray(0, 3));
      setTimeout(() => s.write(whole.subarray(3, 11)), 50); // a slow network, so the reads come apart
      setTimeout(() => s.write(whole.subarray(11)), 100);
    });
    expect(await askBroker({ host: "127.0.0.1", port: peer.port }, 5000)).toEqual({ ok: true, apiCount: 2 });
  }, SOCKET_TEST_MS);

  test("an answer with another correlation id over the wire", async () => {
    const peer = await fakeBroker((s) => s.write(response({ correlationId: 7 })));
    expect(await askBroker({ host: "127.0.0.1", port: peer.port }, 5000)).toEqual({ ok: false, why: "response to another request" });
  }, SOCKET_TEST_MS);

  test("nobody listening: the refusal is the reason", async () => {
    const peer = await fakeBroker(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const answer = await askBroker({ host: "127.0.0.1", port: peer.port }, 5000);
    expect(answer).toEqual({ ok: false, why: expect.stringContaining("ECONNREFUSED") });
  }, SOCKET_TEST_MS);
});

// ---------------------------------------------------------------------------------------------
// Which listener: the rendered server.properties → host:port, or why none

const PATH = "/opt/kafka/config/server.properties";
const lines = (...l: string[]) => l.join("\n") + "\n";

/** Rendered files, each with the listener health must ask. */
const TARGETS = [
    {
      what: "the image defaults: PLAINTEXT on the wildcard address, over loopback",
      text: lines("process.roles=broker,controller", "listeners=PLAINTEXT://:9092,CONTROLLER://:9093", "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL"),
      target: { host: "127.0.0.1", port: 9092, what: "PLAINTEXT listener" },
    },
    {
      what: "Testcontainers: CONTROLLER last, BROKER mapped to PLAINTEXT, the first broker listener wins",
      text: lines("process.roles=broker,controller", "listeners=PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094", "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
      target: { host: "127.0.0.1", port: 9092, what: "PLAINTEXT listener" },
    },
    {
      what: "the SSL example: the internal PLAINTEXT listener on localhost:19092, not SSL on 9093",
      text: lines("process.roles=broker,controller", "listeners=SSL://:9093,PLAINTEXT://localhost:19092,CONTROLLER://localhost:9094", "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL"),
      target: { host: "localhost", port: 19092, what: "PLAINTEXT listener" },
    },
    {
      what: "a custom name mapped to PLAINTEXT, bound to 0.0.0.0",
      text: lines("process.roles=broker", "listeners=EXTERNAL://0.0.0.0:29092,INTERNAL://kafka-4:19092", "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:SSL"),
      target: { host: "kafka-4", port: 19092, what: "INTERNAL listener, PLAINTEXT" },
    },
    {
      what: "PLAINTEXT is preferred to an earlier SASL_PLAINTEXT",
      text: lines("process.roles=broker,controller", "listeners=SASL_PLAINTEXT://:9092,PLAINTEXT://:19092,CONTROLLER://:9093", "controller.listener.names=CONTROLLER"),
      target: { host: "127.0.0.1", port: 19092, what: "PLAINTEXT listener" },
    },
    {
      what: "only SASL_PLAINTEXT for clients: asked before the handshake",
      text: lines("process.roles=broker,controller", "listeners=SASL_PLAINTEXT://:9095,CONTROLLER://:9093", "controller.listener.names=CONTROLLER"),
      target: { host: "127.0.0.1", port: 9095, what: "SASL_PLAINTEXT listener" },
    },
    {
      what: "IPv6 wildcard → ::1; no protocol map: names map to themselves, controller names to PLAINTEXT",
      text: lines("process.roles=broker,controller", "listeners=PLAINTEXT://[::]:9092,CONTROLLER://[::]:9093", "controller.listener.names=CONTROLLER"),
      target: { host: "::1", port: 9092, what: "PLAINTEXT listener" },
    },
    {
      what: "a controller-only node: its controller listener",
      text: lines("process.roles=controller", "listeners=CONTROLLER://:9093", "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
      target: { host: "127.0.0.1", port: 9093, what: "CONTROLLER listener, PLAINTEXT" },
    },
    {
      what: "no listeners key: Kafka's default PLAINTEXT://:9092",
      text: lines("process.roles=broker,controller", "controller.listener.names=CONTROLLER"),
      target: { host: "127.0.0.1", port: 9092, what: "PLAINTEXT listener" },
    },
    {
      what: "the last of two listeners lines counts, as java.util.Properties loads it",
      text: lines("process.roles=broker", "listeners=PLAINTEXT://:1111", "listeners=PLAINTEXT://:2222"),
      target: { host: "127.0.0.1", port: 2222, what: "PLAINTEXT listener" },
    },
];

describe("the listener health asks", () => {
  test.each(TARGETS)("$what", ({ text, target }) => {
    expect(chooseTarget(text, PATH)).toEqual({ ok: true, target });
  });

  /** The file as the launcher writes it: these keys, each from env. */
  const rendered = (text: string) => {
    const config = new Map<string, Entry>();
    for (const line of text.trim().split("\n")) {
      const eq = line.indexOf("=");
      config.set(line.slice(0, eq), { key: line.slice(0, eq), value: line.slice(eq + 1), source: { kind: "env", name: "KAFKA_X" }, secret: false });
    }
    return renderServerProperties(config, "environment only", "test", PATH);
  };

  test.each(TARGETS)("the rendered header names the same listener: $what", ({ text, target }) => {
    const file = rendered(text);
    expect({ named: readTargetLine(file), chosen: chooseTarget(file, PATH) }).toEqual({ named: target, chosen: { ok: true, target } });
  });

  test.each<[string, { host: string; port: number; what: string }]>([
    ["IPv4", { host: "127.0.0.1", port: 9092, what: "PLAINTEXT listener" }],
    ["IPv6, in brackets", { host: "::1", port: 19092, what: "INTERNAL listener, PLAINTEXT" }],
    ["a host name", { host: "kafka-4", port: 19092, what: "INTERNAL listener, SASL_PLAINTEXT" }],
  ])("the header line reads back: %s", (_name, target) => {
    expect(readTargetLine(`# Written by kafka-launcher\n# ${targetLine(target)}\nlisteners=X://:1\n`)).toEqual(target);
  });

  test("no header line: nothing is named (a comment after the first key does not count)", () => {
    expect(readTargetLine(`# Written by someone\nlisteners=PLAINTEXT://:9092\n# ${targetLine({ host: "h", port: 1, what: "x" })}\n`)).toBeUndefined();
  });

  test.each([
    {
      what: "a combined node with SSL only for clients: its PLAINTEXT controller listener does not count",
      text: lines("process.roles=broker,controller", "listeners=SSL://:9093,CONTROLLER://:9094", "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SSL:SSL"),
      message: `no broker listener health can reach without TLS: ${PATH} has listeners SSL://:9093 (SSL), CONTROLLER://:9094 (controller)`,
    },
    {
      what: "a listener whose name is missing from the protocol map",
      text: lines("process.roles=broker", "listeners=INTERNAL://:19092", "listener.security.protocol.map=EXTERNAL:PLAINTEXT"),
      message: `no broker listener health can reach without TLS: ${PATH} has listeners INTERNAL://:19092 (not in listener.security.protocol.map)`,
    },
    {
      what: "a controller-only node whose controller listener is SSL",
      text: lines("process.roles=controller", "listeners=CONTROLLER://:9093", "controller.listener.names=CONTROLLER", "listener.security.protocol.map=CONTROLLER:SSL"),
      message: `no controller listener health can reach without TLS: ${PATH} has listeners CONTROLLER://:9093 (controller)`,
    },
    {
      what: "a listener that does not parse",
      text: lines("process.roles=broker", "listeners=PLAINTEXT:9092"),
      message: `listeners in ${PATH} has entries that are not NAME://host:port: PLAINTEXT:9092`,
    },
    {
      what: "a file Java would refuse to load",
      text: lines("listeners=PLAINTEXT://:9092", "bad=\\u12"),
      message: `${PATH} cannot be read as properties: line 2: malformed \\uXXXX escape "\\u12" (Java refuses to load this file)`,
    },
  ])("none: $what", ({ text, message }) => {
    const chosen = chooseTarget(text, PATH);
    expect(chosen).toEqual({ ok: false, problem: expect.objectContaining({ kind: "config", severity: "error", message, source: { kind: "file", path: PATH } }) });
    expect(chosen.ok ? "" : chosen.problem.fix).not.toBe("");
  });
});

// ---------------------------------------------------------------------------------------------
// A whole check, and --wait: a start in progress is waited for, a config without a listener is not

/** A port nobody listens on now (the OS handed it out and it was closed again). */
async function closedPort(): Promise<number> {
  const peer = await fakeBroker(() => {});
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return peer.port;
}

const answering = (s: Socket) => s.write(response());

describe("a check", () => {
  test("without --wait, a broker that is not listening yet fails it at once (1)", async () => {
    const port = await closedPort();
    const t0 = performance.now();
    const code = await checkHealth({ bootstrap: `127.0.0.1:${port}`, timeoutMs: 5000, waitMs: 0 });
    expect({ code, atOnce: performance.now() - t0 < 1000 }).toEqual({ code: 1, atOnce: true });
  }, SOCKET_TEST_MS);

  test("with --wait, a broker that starts listening 0.6 s later is seen: 0, after it came and long before the wait ran out", async () => {
    const port = await closedPort();
    const t0 = performance.now();
    setTimeout(() => fakeBroker(answering, port), 600);
    const code = await checkHealth({ bootstrap: `127.0.0.1:${port}`, timeoutMs: 5000, waitMs: 10_000 });
    const took = performance.now() - t0;
    expect({ code, waitedForIt: took >= 600, notTheWholeWait: took < 9000 }).toEqual({ code: 0, waitedForIt: true, notTheWholeWait: true });
  }, 15_000);

  test("with --wait, a broker that never comes fails it when the time is up (1)", async () => {
    const port = await closedPort();
    const t0 = performance.now();
    const code = await checkHealth({ bootstrap: `127.0.0.1:${port}`, timeoutMs: 5000, waitMs: 700 });
    const took = performance.now() - t0;
    expect({ code, tookTheWait: took >= 500 && took < 2000 }).toEqual({ code: 1, tookTheWait: true });
  }, SOCKET_TEST_MS);

  test("with --wait, server.properties written 0.5 s later (the launcher renders it) is read then (0)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "health-"));
    const peer = await fakeBroker(answering);
    setTimeout(() => writeFileSync(join(dir, "server.properties"), lines("process.roles=broker", `listeners=PLAINTEXT://127.0.0.1:${peer.port}`)), 500);
    try {
      expect(await checkHealth({ timeoutMs: 5000, waitMs: 4000 }, dir)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SOCKET_TEST_MS);

  test("the header line is what a check asks: the listeners are not read when it names one (0)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "health-"));
    const peer = await fakeBroker(answering);
    writeFileSync(join(dir, "server.properties"), `# ${targetLine({ host: "127.0.0.1", port: peer.port, what: "PLAINTEXT listener" })}\n` + lines("process.roles=broker", "listeners=SSL://:9093"));
    try {
      expect(await checkHealth({ timeoutMs: 5000, waitMs: 0 }, dir)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SOCKET_TEST_MS);

  test("with --wait, a file with no listener in the clear is not waited for: 78 at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "health-"));
    writeFileSync(join(dir, "server.properties"), lines("process.roles=broker", "listeners=SSL://:9093", "listener.security.protocol.map=SSL:SSL"));
    const t0 = performance.now();
    try {
      const code = await checkHealth({ timeoutMs: 5000, waitMs: 4000 }, dir);
      expect({ code, atOnce: performance.now() - t0 < 1000 }).toEqual({ code: 78, atOnce: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SOCKET_TEST_MS);
});
