// entrypoint/core/kafka/inet-address.ts against the Java class it ports (commons-validator's InetAddressValidator, from the
// broker's own jars): every host of the table, and seeded variations of them, get the same verdict in one JVM.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ipVersion } from "../../entrypoint/core/kafka/listeners.ts";

const ROOT = join(import.meta.dir, "../..");
const HOSTS = [
  "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..3.4", " 1.2.3.4", "1.2.3.4 ",
  "::", "::1", "1::", "1::2", "fe80::1", "FE80::1", "fe80::1%eth0", "fe80::1%", "fe80::1%a%b", "fe80::1%a b", "::1/64", "::1/129", "::1/a", "::1/64/1",
  "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6::7", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:1.2.3.4", "::ffff:1.2.3.4",
  "::ffff:1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4", "12345::1", "+ff::1", "-1::1", "g::1", "::1:", "localhost", "", " ", "kafka-1", "[::1]", "::  ", ":: :1",
];

/** Small edits of the table's hosts: a character dropped, doubled or swapped for one of `:.%/1f `. */
function variations(seed: number, count: number): string[] {
  let a = seed >>> 0;
  const next = () => ((a = (a * 1103515245 + 12345) >>> 0) / 4294967296);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const host = HOSTS[Math.floor(next() * HOSTS.length)]!;
    const at = Math.floor(next() * (host.length + 1));
    const c = ":.%/1f "[Math.floor(next() * 7)]!;
    const edits = [host.slice(0, at) + host.slice(at + 1), host.slice(0, at) + c + host.slice(at), host.slice(0, at) + c + host.slice(at + 1)];
    out.push(edits[Math.floor(next() * 3)]!);
  }
  return out;
}

describe("ipVersion: commons-validator's verdict (Kafka's own jars, one JVM)", () => {
  test(`${HOSTS.length} hosts and 400 variations`, () => {
    const hosts = [...HOSTS, ...variations(20261206, 400)];
    const java = Bun.spawnSync(["java", "-cp", `${join(ROOT, "build/kafka/libs")}/*`, join(ROOT, "test/java/InetAddressOracle.java"), ...hosts], { stdout: "pipe", stderr: "pipe" });
    expect(java.exitCode).toBe(0);
    const kafka = java.stdout.toString().split("\n").slice(0, hosts.length);
    const ours = hosts.map((h) => String(ipVersion(h) ?? "-"));
    expect(hosts.map((h, i) => [JSON.stringify(h), ours[i]]).filter((_, i) => ours[i] !== kafka[i])).toEqual([]);
    expect(new Set(kafka)).toEqual(new Set(["4", "6", "-"]));
  }, 120_000);
});
