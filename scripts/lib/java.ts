// The Javas the JVM-backed image can be built on, in one place: which registry package of which
// Debian suite (by name and exact version), where its JDK lives in that suite's root, and how its AOT
// cache is trained. scripts/install-java.ts installs one (scripts/setup.sh's `java` part),
// scripts/build-image.ts jlinks it, the benchmarks build the image on each (bench/java.ts).
//
// A Debian Java runs on the glibc of its suite (trixie 2.41, sid 2.43), newer than this machine's
// bookworm: it is installed into a minbase root of that suite (debootstrap, build/java/<suite>/), and
// jlink and the image's base rootfs (docker/shared/rootfs.sh) run inside that root (chroot), so the
// image carries the suite's glibc with the Java built against it.
//
// Temurin 25, the image's Java before issue 24, is no registry package: it is a host JDK
// (/usr/lib/jvm/temurin-25*), used only where a machine happens to have one (`--java temurin-25`).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Debian's archive, as debootstrap and apt inside the suite's root reach it. */
export const DEBIAN_MIRROR = "http://deb.debian.org/debian";

export type Suite = "trixie" | "sid";

/** A JDK from Debian's archive: `package=version` installed into a root of `suite`. */
export type DebianJava = {
  kind: "debian";
  id: string;
  label: string;
  suite: Suite;
  package: string;
  version: string;
  /** the JDK's home inside the suite's root */
  home: string;
  earlyAccess: boolean;
  /** why this Java's image carries no AOT cache (a cache it cannot start from); absent: it carries one */
  noAotCache?: string;
};

/** A JDK that only some machines have (no registry serves it). */
export type HostJava = {
  kind: "host";
  id: string;
  label: string;
  /** /usr/lib/jvm entries whose name matches */
  pattern: RegExp;
  earlyAccess: false;
};

export type JavaChoice = DebianJava | HostJava;

/**
 * JDK 25 stores i2c/c2i adapters in the cache under a hash of their signature that can collide, so every
 * start printed "Saved blob's name … is different from the expected name" and "Failed to link
 * AdapterHandlerEntry" (JDK-8364929, fixed in JDK 26): on 25 the cache is trained without adapters,
 * which starts without those warnings. -XX:AOTAdapterCaching is a diagnostic flag.
 */
const JDK25_TRAINING = ["-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching"];

/** What the AOT cache's training run adds for a Java of this feature release (scripts/aot-train.ts). */
export function aotTrainingOptions(feature: number): string[] {
  return feature === 25 ? [...JDK25_TRAINING] : [];
}

export const JAVAS: readonly JavaChoice[] = [
  { kind: "host", id: "temurin-25", label: "Temurin 25 (a host JDK)", pattern: /^temurin-25/, earlyAccess: false },
  {
    kind: "debian", id: "openjdk-25", label: "Debian OpenJDK 25", suite: "trixie",
    package: "openjdk-25-jdk-headless", version: "25.0.5+8-1~deb13u1", home: "/usr/lib/jvm/java-25-openjdk-amd64",
    earlyAccess: false,
  },
  {
    kind: "debian", id: "openjdk-26", label: "Debian OpenJDK 26", suite: "sid",
    package: "openjdk-26-jdk-headless", version: "26.0.2.1+1-1", home: "/usr/lib/jvm/java-26-openjdk-amd64",
    earlyAccess: false,
    // Seen with 26.0.2.1: `java -XX:AOTCache=… -version` of a runtime jlink'd with java.base and any one of
    // jdk.charsets, java.sql, java.compiler, java.security.jgss, jdk.naming.dns or jdk.security.auth
    // aborts ("Could not initialize class jdk.internal.loader.ClassLoaders$AppClassLoader"), whatever
    // the training; the whole JDK does not. Every module of JAVA_MODULES is needed, so: no cache.
    noAotCache: "jlink'd with the broker's modules, JDK 26.0.2.1 aborts at start with any AOT cache (InternalError in AppClassLoader's initializer)",
  },
  {
    kind: "debian", id: "openjdk-27", label: "Debian OpenJDK 27", suite: "sid",
    package: "openjdk-27-jdk-headless", version: "27.0.1.0.3+1-1", home: "/usr/lib/jvm/java-27-openjdk-amd64",
    earlyAccess: false,
  },
  {
    kind: "debian", id: "openjdk-28-ea", label: "Debian OpenJDK 28 (early access)", suite: "sid",
    package: "openjdk-28-jdk-headless", version: "28~18ea-1", home: "/usr/lib/jvm/java-28-openjdk-amd64",
    earlyAccess: true,
  },
];

/** The image's Java when nothing else is asked for (`--java`, $KAFKA_NATIVE_JAVA). */
export const DEFAULT_JAVA = "openjdk-25";
/**
 * The JDK 25 that stands in for GraalVM 25 (a JDK 25) where the native Dockerfile is rehearsed without
 * it: docker/native/rehearse.sh's stand-in image and test/docker/trace.test.ts run on it, inside its
 * root. scripts/setup.sh's java part installs it next to the image's Java.
 */
export const REHEARSAL_JAVA = "openjdk-25";
/** Picks another Java for `npm run image`, `npm test` and set-up (scripts/setup.sh java). */
export const JAVA_ENV = "KAFKA_NATIVE_JAVA";

/** The Java of `id` (default: $KAFKA_NATIVE_JAVA, else DEFAULT_JAVA); an unknown id names the known ones. */
export function javaChoice(id?: string, env: Readonly<Record<string, string | undefined>> = process.env): JavaChoice {
  const wanted = id || env[JAVA_ENV] || DEFAULT_JAVA;
  const found = JAVAS.find((j) => j.id === wanted);
  if (!found) throw new Error(`unknown Java "${wanted}" (--java or $${JAVA_ENV}): one of ${JAVAS.map((j) => j.id).join(", ")} (scripts/lib/java.ts)`);
  return found;
}

/** The root of a suite, where its Javas are installed. */
export function suiteRoot(repo: string, suite: Suite): string {
  return join(repo, "build", "java", suite);
}

/** Where a Java's JDK is on this machine: inside its suite's root, or the host JDK; undefined when absent. */
export function jdkDir(repo: string, java: JavaChoice, jvmRoot = "/usr/lib/jvm"): string | undefined {
  if (java.kind === "debian") {
    const dir = join(suiteRoot(repo, java.suite), java.home);
    return existsSync(join(dir, "bin", "jlink")) ? dir : undefined;
  }
  if (!existsSync(jvmRoot)) return undefined;
  return readdirSync(jvmRoot)
    .filter((name) => java.pattern.test(name))
    .map((name) => join(jvmRoot, name))
    .filter((dir) => existsSync(join(dir, "bin", "jlink")))
    .sort()[0];
}

if (import.meta.main) {
  // `bun scripts/lib/java.ts [id|rehearsal]`: the chosen Java's id; `rehearsal`: the rehearsals' JDK,
  // its suite root and its home in that root, one a line (shell scripts ask here)
  try {
    if (Bun.argv[2] === "rehearsal") {
      const java = javaChoice(REHEARSAL_JAVA) as DebianJava;
      console.log([java.id, suiteRoot(join(import.meta.dir, "../.."), java.suite), java.home].join("\n"));
      process.exit(0);
    }
    console.log(javaChoice(Bun.argv[2]).id);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(64);
  }
}
