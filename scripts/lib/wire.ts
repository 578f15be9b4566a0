// The smallest Kafka client that can say "a produce was accepted": Metadata v4 (with topic
// auto-creation) and Produce v3 (one record batch v2 of one record, acks=1), over one TCP
// connection. Used as the readiness probe of the benchmarks, because a real client library adds its
// own timers to what it measures (librdkafka rescans unknown topics once a second, so kcat reports a
// fresh topic ~1 s late; kafkajs backs off 300 ms and more between retries).
//
// Protocol: https://kafka.apache.org/protocol (request header v1, non-flexible versions only).
import { connect, type Socket } from "node:net";

const API_PRODUCE = 0;
const API_METADATA = 3;

/** Error codes that mean "not yet" while a broker starts or a topic is being created. */
const RETRIABLE = new Set([3, 5, 6, 7, 14, 15, 19, 51]);

// ---------------------------------------------------------------------------------------------
// encoding

class Writer {
  private parts: Buffer[] = [];
  int8(v: number) { const b = Buffer.alloc(1); b.writeInt8(v); this.parts.push(b); return this; }
  int16(v: number) { const b = Buffer.alloc(2); b.writeInt16BE(v); this.parts.push(b); return this; }
  int32(v: number) { const b = Buffer.alloc(4); b.writeInt32BE(v); this.parts.push(b); return this; }
  uint32(v: number) { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); this.parts.push(b); return this; }
  int64(v: bigint) { const b = Buffer.alloc(8); b.writeBigInt64BE(v); this.parts.push(b); return this; }
  string(s: string | null) {
    if (s === null) return this.int16(-1);
    const bytes = Buffer.from(s, "utf8");
    return this.int16(bytes.length).raw(bytes);
  }
  varint(v: number) {
    let z = ((v << 1) ^ (v >> 31)) >>> 0; // zigzag
    const out: number[] = [];
    while (z > 0x7f) { out.push((z & 0x7f) | 0x80); z >>>= 7; }
    out.push(z);
    return this.raw(Buffer.from(out));
  }
  raw(b: Buffer) { this.parts.push(b); return this; }
  done(): Buffer { return Buffer.concat(this.parts); }
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32c(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC32C_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Record batch v2 holding one record with no key. */
function recordBatch(value: Buffer): Buffer {
  const now = BigInt(Date.now());
  const body = new Writer().int8(0).varint(0).varint(0).varint(-1).varint(value.length).raw(value).varint(0).done();
  const record = new Writer().varint(body.length).raw(body).done();
  const afterCrc = new Writer()
    .int16(0) // attributes: no compression
    .int32(0) // last offset delta
    .int64(now)
    .int64(now)
    .int64(-1n) // producer id
    .int16(-1) // producer epoch
    .int32(-1) // base sequence
    .int32(1) // records
    .raw(record)
    .done();
  const afterLength = new Writer().int32(-1).int8(2).uint32(crc32c(afterCrc)).raw(afterCrc).done();
  return new Writer().int64(0n).int32(afterLength.length).raw(afterLength).done();
}

function request(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const payload = new Writer().int16(apiKey).int16(version).int32(correlationId).string("bench").raw(body).done();
  return new Writer().int32(payload.length).raw(payload).done();
}

function metadataRequest(id: number, topic: string): Buffer {
  return request(API_METADATA, 4, id, new Writer().int32(1).string(topic).int8(1).done());
}

function produceRequest(id: number, topic: string, value: Buffer): Buffer {
  const batch = recordBatch(value);
  const body = new Writer()
    .string(null) // transactional id
    .int16(1) // acks
    .int32(5000) // timeout
    .int32(1).string(topic)
    .int32(1).int32(0) // partition 0
    .int32(batch.length).raw(batch)
    .done();
  return request(API_PRODUCE, 3, id, body);
}

/** Produce v3 response: [topic [partition error_code base_offset log_append_time]] throttle. */
function produceError(response: Buffer): number {
  let at = 4; // correlation id
  const topics = response.readInt32BE(at); at += 4;
  if (topics < 1) return -1;
  const nameLength = response.readInt16BE(at); at += 2 + nameLength;
  const partitions = response.readInt32BE(at); at += 4;
  if (partitions < 1) return -1;
  at += 4; // partition index
  return response.readInt16BE(at);
}

// ---------------------------------------------------------------------------------------------
// one connection, request/response in order

class Connection {
  private buffered = Buffer.alloc(0);
  private waiting: ((b: Buffer | null) => void) | undefined;
  private closed = false;
  private constructor(private socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.deliver();
    });
    const end = () => {
      this.closed = true;
      this.waiting?.(null);
      this.waiting = undefined;
    };
    socket.on("close", end);
    socket.on("error", end);
  }

  static open(host: string, port: number, timeoutMs: number): Promise<Connection | null> {
    return new Promise((resolve) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => { socket.destroy(); resolve(null); }, timeoutMs);
      socket.once("connect", () => { clearTimeout(timer); resolve(new Connection(socket)); });
      socket.once("error", () => { clearTimeout(timer); socket.destroy(); resolve(null); });
    });
  }

  private deliver() {
    if (!this.waiting || this.buffered.length < 4) return;
    const size = this.buffered.readInt32BE(0);
    if (this.buffered.length < 4 + size) return;
    const frame = this.buffered.subarray(4, 4 + size);
    this.buffered = this.buffered.subarray(4 + size);
    const w = this.waiting;
    this.waiting = undefined;
    w(Buffer.from(frame));
  }

  /** The response, or null when the peer closed or did not answer in time. */
  call(bytes: Buffer, timeoutMs: number): Promise<Buffer | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting = undefined; resolve(null); }, timeoutMs);
      this.waiting = (b) => { clearTimeout(timer); resolve(b); };
      this.socket.write(bytes);
      this.deliver();
    });
  }

  close() { this.socket.destroy(); }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type ProduceProbe = { ok: true; at: number; attempts: number } | { ok: false; reason: string };

/**
 * Tries, every `intervalMs`, to produce one record to `topic` (auto-created) until the broker
 * answers error code 0; resolves with performance.now() at that answer.
 */
export async function waitForProduce(host: string, port: number, topic: string, deadlineMs: number, intervalMs = 20): Promise<ProduceProbe> {
  const stop = performance.now() + deadlineMs;
  let attempts = 0;
  let id = 1;
  let last = "no connection";
  while (performance.now() < stop) {
    const conn = await Connection.open(host, port, 1000);
    if (!conn) { await sleep(intervalMs); continue; }
    try {
      while (performance.now() < stop) {
        attempts++;
        const meta = await conn.call(metadataRequest(id++, topic), 5000);
        if (!meta) { last = "connection closed"; break; }
        const reply = await conn.call(produceRequest(id++, topic, Buffer.from(`ready ${Date.now()}`)), 10000);
        if (!reply) { last = "connection closed"; break; }
        const code = produceError(reply);
        if (code === 0) return { ok: true, at: performance.now(), attempts };
        last = `produce error ${code}`;
        if (!RETRIABLE.has(code)) return { ok: false, reason: last };
        await sleep(intervalMs);
      }
    } finally {
      conn.close();
    }
    await sleep(intervalMs);
  }
  return { ok: false, reason: `not ready after ${deadlineMs} ms (${last})` };
}
