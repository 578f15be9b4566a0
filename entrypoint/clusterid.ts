// Cluster ids (contract §6): 22 characters of unpadded base64url that decode to 16 bytes. Kafka
// compares what it stores, so ids are compared as bytes; a spelling with unused low bits set
// (the widely copied `MkU3OEVBNTcwNTJENDM2Qk`) is accepted with a warning naming the canonical one.

export type ClusterId = { text: string; bytes: Uint8Array; canonical: string };

const SHAPE = /^[A-Za-z0-9_-]{22}$/;

export function parseClusterId(text: string): ClusterId | undefined {
  if (!SHAPE.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  if (bytes.length !== 16) return undefined;
  return { text, bytes: new Uint8Array(bytes), canonical: bytes.toString("base64url") };
}

export function sameClusterId(a: string, b: string): boolean {
  const x = parseClusterId(a);
  const y = parseClusterId(b);
  if (!x || !y) return a === b;
  return Buffer.from(x.bytes).equals(Buffer.from(y.bytes));
}
