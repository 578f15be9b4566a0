// Where the launcher accepts what Kafka refuses (policy.ts MORE_LENIENT_THAN_KAFKA), before anything is
// validated. Pure. Today one rule: an empty entry in a listener list (a stray or trailing comma) is dropped
// with a warning naming the key. Testcontainers .NET's KafkaBuilder exports
// KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://host:port,BROKER://ip:9093, (a trailing comma whenever no extra
// listener is added), which Kafka 4.4's check of the list refuses, so that library could not start a 4.4 image.
import type { Entry } from "../inputs.ts";
import { EMPTY_ENTRIES_DROPPED } from "../policy.ts";
import type { Problem } from "../problems.ts";
import { entriesOf, type Values } from "../kafka/values.ts";

/**
 * Drops the empty entries of the keys of EMPTY_ENTRIES_DROPPED, in place, and returns one warning per key changed.
 * The entries are the list as written (values.ts: split as Kafka splits a list, commas with any whitespace
 * around them); the view reads a replaced entry afresh. A value with no entry left (`,` alone) stays as it
 * is: what an empty list means is the broker's own check to say.
 */
export function dropEmptyEntries(config: Map<string, Entry>, values: Values): Problem[] {
  const problems: Problem[] = [];
  for (const key of EMPTY_ENTRIES_DROPPED) {
    const entry = config.get(key);
    if (!entry) continue;
    const entries = entriesOf(values, key);
    const kept = entries.filter((e) => e !== "");
    if (kept.length === entries.length || kept.length === 0) continue;
    config.set(key, { ...entry, value: kept.join(",") });
    problems.push(emptyEntryDropped(entry, entries.length - kept.length));
  }
  return problems;
}

function emptyEntryDropped(entry: Entry, count: number): Problem {
  const what = count === 1 ? "an empty entry" : `${count} empty entries`;
  return {
    kind: "config",
    severity: "warning",
    subject: entry.key,
    message: `${entry.key} has ${what} (a stray or trailing comma), which Kafka refuses; the broker gets the list without it`,
    fix: `remove the extra comma from ${entry.key}`,
    source: entry.source,
    lenient: "empty-list-entry",
  };
}
