// The JDK AOT cache (JEP 483, and JEP 514/515 in JDK 25) for the JVM runtime: classes read,
// parsed, loaded and linked ahead of time, plus method profiles, trained at image build time by a
// real format / start / produce / consume / stop run (scripts/aot-train.ts). When the cache file
// exists and the java is JDK 25 or newer, the broker and the storage-tool format get
// `-XX:AOTCache=<file>`; otherwise nothing changes.
//
// Safe when stale: with -XX:AOTCache and the default -XX:AOTMode=auto, a JDK 25 that finds the
// cache unusable (other jars or classpath, another JDK build, a truncated file, other compressed
// oops mode) prints "[aot] ... Unable to map shared spaces" / "Unable to use AOT cache" and runs
// on without it (checked with Temurin 25.0.3: changed classpath, truncated file, -Xmx40G). JDK 17
// and 21 refuse the option outright ("Unrecognized VM option"), hence the version check. How the
// cache is trained on each Java (its own options) is the image build's: scripts/lib/java.ts.
//
// Pure; gather.ts finds out whether the cache is there and which Java runs it (probeAot).
//
// Knob: LAUNCHER_AOT_CACHE = the cache file (default /opt/kafka/kafka.aot); `off` or empty turns
// it off. A user who passes their own -XX:AOTCache / -XX:AOTMode / -XX:SharedArchiveFile (or
// trains with -XX:AOTCacheOutput) in any KAFKA_*_OPTS keeps full control: the launcher adds nothing.
import type { Command } from "./runtime.ts";

export const DEFAULT_AOT_CACHE = "/opt/kafka/kafka.aot";
/** -XX:AOTCache exists since JDK 24 (JEP 483); the image trains with JDK 25's -XX:AOTCacheOutput. */
export const AOT_MIN_JAVA = 25;

/** What the edge found out: the cache file, whether it is there, the java's feature release. */
export type AotFacts = { cache: string; present: boolean; javaFeature?: number };

type Env = Readonly<Record<string, string>>;

const OPTS_VARS = ["KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_OPTS"];
const USER_ARCHIVE = /-XX:(AOTCache|AOTCacheOutput|AOTMode|AOTConfiguration|SharedArchiveFile|ArchiveClassesAtExit)=/;

/**
 * The JVM maps a cache only into the module graph it was trained with, and any -Dcom.sun.management.*
 * option (KAFKA_JMX_PORT) adds jdk.management.agent to the graph ("Mismatched values for property
 * jdk.module.addmods … Unable to map shared spaces"). With the module always in the graph, training
 * and every run agree, with remote JMX or without it (checked with Temurin 25.0.3, -XX:AOTMode=on).
 */
export const AOT_MODULE_OPTIONS = ["--add-modules=jdk.management.agent"];

/** The JVM options to add (pure): `-XX:AOTCache=<file>` and the cache's module graph, or nothing. */
export function aotOptions(facts: AotFacts | undefined, env: Env): string[] {
  if (!facts?.present) return [];
  if ((facts.javaFeature ?? 0) < AOT_MIN_JAVA) return [];
  if (OPTS_VARS.some((name) => USER_ARCHIVE.test(env[name] ?? ""))) return [];
  return [`-XX:AOTCache=${facts.cache}`, ...AOT_MODULE_OPTIONS];
}

/** JAVA_VERSION="25.0.3" in <java home>/release → 25 (pure). */
export function javaFeature(releaseText: string): number | undefined {
  const m = /^JAVA_VERSION="(\d+)/m.exec(releaseText);
  return m ? Number(m[1]) : undefined;
}

/** Inserts JVM options right after the java path, so any KAFKA_*_OPTS after them still win (pure). */
export function withJvmOptions(cmd: Command, options: readonly string[]): Command {
  if (options.length === 0) return cmd;
  return { ...cmd, argv: [cmd.argv[0]!, ...options, ...cmd.argv.slice(1)] };
}
