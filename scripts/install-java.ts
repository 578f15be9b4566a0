#!/usr/bin/env bun
/**
 * Installs the JVM-backed image's Java from Debian's archive (scripts/setup.sh's `java` part):
 *
 *   bun scripts/install-java.ts [ID]     ID: scripts/lib/java.ts JAVAS (default $KAFKA_NATIVE_JAVA, else DEFAULT_JAVA)
 *
 *   1. a minbase root of the Java's suite in build/java/<suite>/ (debootstrap from Debian's archive),
 *      once per suite;
 *   2. inside it (chroot), `apt-get install <package>=<version>` and ROOT_PACKAGES: the JDK, pinned by
 *      name and version, and what the image build runs in that root.
 * Idempotent: build/java/<suite>/.kafka-native-installed lists what is in the root; a repeated run
 * with the same pins does nothing. A host JDK (temurin-25) is only looked for: no registry serves it.
 * Needs root (debootstrap, chroot) and debootstrap (scripts/setup.sh system).
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { inRoot } from "./lib/chroot.ts";
import { DEBIAN_MIRROR, jdkDir, javaChoice, JAVAS, suiteRoot, type DebianJava } from "./lib/java.ts";
import { run } from "./lib/run.ts";

const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
const INSTALLED = ".kafka-native-installed";
/**
 * Besides the JDK: busybox for the image's base rootfs (docker/shared/rootfs.sh takes it from the same
 * suite), and binutils, whose objcopy Debian's jlink runs for --strip-debug.
 */
const ROOT_PACKAGES = ["busybox-static", "binutils"];
/**
 * Debian's Release files carry a Valid-Until date; a mirror that lags this machine's clock by more
 * than that (seen here for sid) makes apt refuse the whole suite. The packages are still checked
 * against the archive's signatures, and pinned by version.
 */
const APT = ["apt-get", "-o", "Acquire::Check-Valid-Until=false", "-o", "APT::Install-Recommends=false"];

function say(message: string): void {
  console.error(`install-java: ${message}`);
}

function fail(message: string, code = 1): never {
  console.error(`install-java: ${message}`);
  process.exit(code);
}

/** The suite's root, made by debootstrap when missing (into a temporary folder first: never half a root). */
function ensureSuite(java: DebianJava): string {
  const root = suiteRoot(repo, java.suite);
  if (existsSync(join(root, INSTALLED))) return root;
  const tmp = `${root}.tmp`;
  mkdirSync(dirname(root), { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
  say(`debootstrap --variant=minbase ${java.suite} into build/java/${java.suite} (${DEBIAN_MIRROR}, about a minute)`);
  const log = `${root}.debootstrap.log`;
  const done = run(["sh", "-c", 'debootstrap --variant=minbase "$0" "$1" "$2" >"$3" 2>&1', java.suite, tmp, DEBIAN_MIRROR, log]);
  if (!done.ok) {
    const tail = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").slice(-15).join("\n") : "";
    fail(`debootstrap of ${java.suite} failed (log: ${log}):\n${tail}\n${done.message}`);
  }
  writeFileSync(join(tmp, INSTALLED), `suite=${java.suite}\n`);
  renameSync(tmp, root);
  return root;
}

/** What the archive offers for a package now (`apt-cache policy`'s candidate), for the error when a pin is gone. */
function candidate(root: string, pkg: string): string {
  const policy = inRoot(root, ["apt-cache", "policy", pkg]);
  return (policy.ok && /Candidate:\s*(\S+)/.exec(policy.stdout)?.[1]) || "none";
}

function installDebian(java: DebianJava): string {
  if (process.getuid?.() !== 0) fail(`need root to install ${java.package} into build/java/${java.suite} (debootstrap, chroot): sudo bash scripts/setup.sh java`, 77);
  const root = ensureSuite(java);
  const pin = `${java.package}=${java.version}`;
  const installed = readFileSync(join(root, INSTALLED), "utf8").split("\n");
  const missing = [pin, ...ROOT_PACKAGES].filter((p) => !installed.includes(p));
  const home = jdkDir(repo, java);
  if (home && missing.length === 0) return home;
  say(`apt-get install ${missing.join(" ")} in build/java/${java.suite}`);
  copyFileSync("/etc/resolv.conf", join(root, "etc", "resolv.conf"));
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const updated = inRoot(root, [...APT, "update", "-qq"], { env });
  if (!updated.ok) fail(`apt-get update in build/java/${java.suite} failed (is ${DEBIAN_MIRROR} reachable?): ${updated.message}`);
  const got = inRoot(root, [...APT, "install", "-y", "-qq", ...missing], { env });
  if (!got.ok) {
    const now = candidate(root, java.package);
    fail(
      `${pin} could not be installed from ${java.suite}: the archive offers ${java.package} ${now}. ` +
        `Debian keeps only a suite's newest version: set version "${now}" for ${java.id} in scripts/lib/java.ts (JAVAS), ` +
        `then rebuild and rerun the benchmarks that chose it (docs/benchmarks.md).\n${got.message}`,
    );
  }
  appendFileSync(join(root, INSTALLED), missing.map((p) => `${p}\n`).join(""));
  const dir = jdkDir(repo, java);
  if (!dir) fail(`${pin} is installed but has no ${java.home}/bin/jlink in build/java/${java.suite}: fix "home" of ${java.id} in scripts/lib/java.ts`);
  return dir;
}

export function installJava(id?: string): string {
  const java = javaChoice(id);
  if (java.kind === "host") {
    const dir = jdkDir(repo, java);
    if (!dir) fail(`${java.label}: no /usr/lib/jvm entry matches ${java.pattern} on this machine, and no registry serves it; build on Debian's Java instead (--java ${JAVAS.find((j) => j.kind === "debian")!.id})`);
    return dir;
  }
  return installDebian(java);
}

if (import.meta.main) {
  try {
    const dir = installJava(Bun.argv[2]);
    say(`${javaChoice(Bun.argv[2]).id}: ${dir.startsWith(repo) ? dir.slice(repo.length + 1) : dir}`);
  } catch (e) {
    fail((e as Error).message, 64);
  }
}
