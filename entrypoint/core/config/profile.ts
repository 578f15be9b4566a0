// The developer profile (contract §8: developer-friendly extras, shown and switchable): broker keys
// and JVM options that make a test broker start faster and smaller. Each applies only where no
// file, default or variable sets it, shows up in `explain` as `profile dev`, and
// LAUNCHER_PROFILE=off turns all of it off.
import type { Entry } from "../inputs.ts";
import type { Node } from "../kafka/node.ts";
import { LAUNCHER_ENV } from "../policy.ts";
import { isClusterOfOne, keyOf, profileSets, settingsInForce } from "./replicas.ts";
import type { Values } from "../kafka/values.ts";

type Config = ReadonlyMap<string, Entry>;

/** A profile key's value: a constant, or computed from the keys the other sources set. */
type ProfileValue = string | ((config: Config) => string);

/**
 * `oneNode`: on a cluster of one (replicas.ts), every replica setting whose Kafka default is above 1 (the internal
 * topics' replication factors and min ISRs) becomes 1, so that consumer groups, transactions and share groups work.
 */
export type Profile = { name: string; properties: Readonly<Record<string, ProfileValue>>; oneNode: boolean; jvm: { heap: string; performance: string } };

/** Per log-cleaner thread; Kafka wants more than 1 MiB each (KafkaConfig: "at least 1MB per cleaner thread"). */
const DEDUPE_PER_CLEANER_THREAD = 4 * 1024 * 1024;

/**
 * The log cleaner's dedupe map is a heap ByteBuffer allocated (and zeroed, so resident) when the
 * broker starts: 128 MiB by default, 4 MiB × threads here (~150k distinct keys per cleaning pass,
 * plenty for __consumer_offsets in tests). Measured: RSS 303 → 173 MiB (docs/benchmarks.md, 3b).
 */
function dedupeBufferSize(config: Config): string {
  const threads = Number(config.get("log.cleaner.threads")?.value.trim());
  return String(DEDUPE_PER_CLEANER_THREAD * (Number.isInteger(threads) && threads > 1 ? threads : 1));
}

/** Values chosen from docs/benchmarks.md (tables 3b, 3c); change them only with a measurement. */
export const DEV_PROFILE: Profile = {
  name: "dev",
  properties: {
    // consumers in tests join one at a time; upstream waits 3 s for more members first
    "group.initial.rebalance.delay.ms": "0",
    "log.cleaner.dedupe.buffer.size": dedupeBufferSize,
    // a test's first consumer group creates __consumer_offsets: 1 partition instead of 50, as Testcontainers sets it
    "offsets.topic.num.partitions": "1",
    // the controller appends a no-op record every 500 ms to show it is alive: idle work a single node needs not
    "metadata.max.idle.interval.ms": "0",
    // thread pools sized for production traffic (per listener, broker and controller alike)
    "num.io.threads": "2",
    "num.network.threads": "1",
    "group.coordinator.threads": "1",
    "background.threads": "2",
  },
  oneNode: true,
  jvm: {
    heap: "-Xms64M -Xmx512M",
    performance: "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true",
  },
};

/** What a profile sets, in one line (--help). */
export function describeProfile(profile: Profile): string {
  const keys = Object.entries(profile.properties).map(([key, value]) => (typeof value === "string" ? `${key}=${value}` : `${key} ${COMPUTED[key] ?? "(computed)"}`));
  const oneNode = profile.oneNode ? `; on a cluster of one (combined roles, its quorum's only voter) every internal topic's replication factor and min ISR (offsets, transaction state, share-group state, remote log metadata) = 1` : "";
  return `${keys.join(", ")}${oneNode}; JVM ${profile.jvm.heap} ${profile.jvm.performance} where KAFKA_HEAP_OPTS / KAFKA_JVM_PERFORMANCE_OPTS are unset`;
}

const COMPUTED: Record<string, string> = { "log.cleaner.dedupe.buffer.size": `${DEDUPE_PER_CLEANER_THREAD / 1024 / 1024} MiB per cleaner thread` };

export function chooseProfile(env: Readonly<Record<string, string>>): Profile | undefined {
  const wanted = (env[LAUNCHER_ENV.profile] ?? "dev").toLowerCase();
  return wanted === "off" || wanted === "none" ? undefined : DEV_PROFILE;
}

/** Profile keys under everything else: added only where nothing set the key. `values` is the view over `config`. */
export function applyProfile(config: Map<string, Entry>, profile: Profile | undefined, values: Values, node: Node): void {
  if (!profile) return;
  const set = (key: string, value: string) => config.set(key, { key, value, source: { kind: "profile", name: profile.name }, secret: false });
  for (const [key, value] of Object.entries(profile.properties)) {
    if (!config.has(key)) set(key, typeof value === "string" ? value : value(config));
  }
  if (!profile.oneNode || !isClusterOfOne(node)) return;
  for (const setting of settingsInForce(values)) {
    const key = keyOf(setting, values);
    if (!config.has(key) && profileSets(setting, values)) set(key, "1");
  }
}
