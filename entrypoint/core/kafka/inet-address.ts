// commons-validator's InetAddressValidator (1.10, the one Kafka 4.4 ships), in TypeScript: Kafka asks it whether a
// listener's host is an IPv4 or an IPv6 address when two listeners share a port (only one of each may).
// Pure; test/oracle/inet-address.test.ts holds it to the Java class on the same hosts.
import { javaTrim } from "./configdef.ts";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const ZONE_ID = /^[^\s/%]+$/;
const JAVA_HEX_INT = /^[+-]?[0-9a-fA-F]+$/;

export function isInet4Address(text: string): boolean {
  const groups = IPV4.exec(text);
  return groups !== null && groups.slice(1).every((g) => Number(g) <= 255 && (g.length <= 1 || !g.startsWith("0")));
}

export function isInet6Address(text: string): boolean {
  const prefixed = text.split("/");
  if (prefixed.length > 2) return false;
  if (prefixed.length === 2 && !(/^\d{1,3}$/.test(prefixed[1]!) && Number(prefixed[1]) <= 128)) return false;
  const zoned = prefixed[0]!.split("%");
  if (zoned.length > 2 || (zoned.length === 2 && !ZONE_ID.test(zoned[1]!))) return false;
  const address = zoned[0]!;
  const compressed = address.includes("::");
  if (compressed && address.indexOf("::") !== address.lastIndexOf("::")) return false;
  const startsCompressed = address.startsWith("::");
  const endsCompressed = address.endsWith("::");
  if ((address.startsWith(":") && !startsCompressed) || (address.endsWith(":") && !endsCompressed)) return false;
  let octets = javaSplit(address, ":");
  if (compressed) {
    if (endsCompressed) octets = [...octets, ""];
    else if (startsCompressed && octets.length > 0) octets = octets.slice(1);
  }
  return octets.length <= 8 && validGroups(octets, compressed);
}

/** The hex groups (and a last IPv4 part, counting two): at most one empty group in a row, eight in all unless `::`. */
function validGroups(octets: readonly string[], compressed: boolean): boolean {
  let valid = 0;
  let empty = 0;
  for (const [i, octet] of octets.entries()) {
    if (javaTrim(octet) === "") {
      if (++empty > 1) return false;
      valid++;
      continue;
    }
    empty = 0;
    if (i === octets.length - 1 && octet.includes(".")) {
      if (!isInet4Address(octet)) return false;
      valid += 2;
      continue;
    }
    if (octet.length > 4 || !JAVA_HEX_INT.test(octet)) return false;
    const n = parseInt(octet, 16);
    if (n < 0 || n > 65535) return false;
    valid++;
  }
  return valid <= 8 && (valid >= 8 || compressed);
}

/** Java's String.split: a separator that does not occur gives the text itself; trailing empty parts are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  if (parts.length === 1) return parts;
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}
