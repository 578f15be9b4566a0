// Cluster ids (contract §6). Kafka 4.4 stores whatever text it is given and compares ids as text
// (docs/cluster-id.md), so no id is refused here; an id that is not the canonical 22-character base64url
// spelling of 16 bytes gets a warning that names the canonical spelling when there is one. Stored and
// configured ids are compared as bytes when both decode, so one id in two spellings is one cluster.
import type { Problem, Source } from "../problems.ts";
import { MASK } from "../secrecy.ts";

export type ClusterId = { text: string; bytes: Uint8Array; canonical: string };

/** 16 bytes in base64url or base64, padded or not; undefined for anything else. */
export function parseClusterId(text: string): ClusterId | undefined {
  if (!/^[A-Za-z0-9_+/-]{22}(==)?$/.test(text) || (/[-_]/.test(text) && /[+/]/.test(text))) return undefined;
  const bytes = Buffer.from(text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""), "base64url");
  if (bytes.length !== 16) return undefined;
  return { text, bytes: new Uint8Array(bytes), canonical: bytes.toString("base64url") };
}

export function sameClusterId(a: string, b: string): boolean {
  const x = parseClusterId(a);
  const y = parseClusterId(b);
  if (!x || !y) return a === b;
  return Buffer.from(x.bytes).equals(Buffer.from(y.bytes));
}

/** Warnings only: Kafka formats and starts with any text (checked with the real storage tool by test/oracle). */
export function checkClusterId(text: string, source: Source, secret: boolean): Problem[] {
  const id = parseClusterId(text);
  if (id?.canonical === text) return [];
  const shown = secret ? MASK : text;
  const warning = (message: string, fix: string): Problem[] => [{ kind: "config", severity: "warning", subject: "CLUSTER_ID", message, fix, source }];
  if (id)
    return warning(
      `CLUSTER_ID=${shown} is not the canonical spelling of its 16 bytes; Kafka stores and compares the text as given`,
      `set CLUSTER_ID=${secret ? "<the canonical spelling>" : id.canonical} (the same id; every node of a cluster must use one spelling)`,
    );
  return warning(
    `CLUSTER_ID=${shown} is not a cluster id as Kafka generates them (22 characters of base64url for 16 bytes); Kafka 4.4 formats and starts with it as text`,
    "generate one with `kafka-storage.sh random-uuid` (e.g. CLUSTER_ID=5L6g3nShT-eMCtK--X86sw) and use it on every node",
  );
}
