// Edge: reads everything the pure core needs — env, the three config files from the default and
// mounted folders, secret files named by env, meta.properties of each storage dir — into plain
// values. Read failures become Problems; nothing here decides anything.
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_AOT_CACHE, javaFeature, type AotFacts } from "../core/aot.ts";
import type { Facts } from "../core/plan.ts";
import { brokerBinaryPath, chooseRuntime } from "../core/runtime.ts";
import { isExecutableFile, resolveProgram } from "./which.ts";
import type { Catalog } from "../core/kafka/catalog.ts";
import type { FileRead, FileText, Inputs, Paths } from "../core/inputs.ts";
import { CONFIG_FILES, LAUNCHER_ENV } from "../core/policy.ts";
import { errnoKind, type Problem } from "../core/problems.ts";
import { secretFilesToRead } from "../core/config/secrets.ts";
import type { DirAccess, DirState, MetaRead } from "../core/storage.ts";

export function readFile(path: string): FileRead {
  try {
    return { ok: true, text: readFileSync(path, "latin1") };
  } catch (e) {
    return { ok: false, kind: errnoKind((e as NodeJS.ErrnoException).code), detail: (e as Error).message };
  }
}

function fileProblem(path: string, read: Extract<FileRead, { ok: false }>, role: string, fix: string): Problem {
  return { kind: read.kind, severity: "error", subject: path, message: `cannot read ${role} ${path}: ${read.detail}`, fix, source: { kind: "file", path } };
}

type Gathered = { inputs: Inputs; problems: Problem[] };

function readDefaults(dir: string, problems: Problem[]): Inputs["defaults"] {
  const one = (name: string): FileText => {
    const path = join(dir, name);
    const read = readFile(path);
    if (read.ok) return { path, text: read.text };
    problems.push(fileProblem(path, read, "the image default", "check --default-configs-dir; the image ships its defaults in /etc/kafka/docker"));
    return { path, text: "" };
  };
  return { server: one(CONFIG_FILES.server), log4j2: one(CONFIG_FILES.log4j2), toolsLog4j2: one(CONFIG_FILES.toolsLog4j2) };
}

function readMounted(dir: string, problems: Problem[]): Inputs["mounted"] {
  const one = (name: string): FileText | undefined => {
    const path = join(dir, name);
    const read = readFile(path);
    if (read.ok) return { path, text: read.text };
    if (read.kind !== "missing-input") problems.push(fileProblem(path, read, "the mounted file", `make ${path} readable by uid 1000 or group 0`));
    return undefined;
  };
  return { server: one(CONFIG_FILES.server), log4j2: one(CONFIG_FILES.log4j2), toolsLog4j2: one(CONFIG_FILES.toolsLog4j2) };
}

/** The first non-loopback IPv4 address, like upstream's `hostname -i` for the JMX rmi host. */
function hostAddress(): string | undefined {
  const all = Object.values(networkInterfaces()).flat();
  return all.find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}

export function gatherInputs(env: Record<string, string>, paths: Paths, catalog: Catalog): Gathered {
  const problems: Problem[] = [];
  const defaults = readDefaults(paths.defaultConfigsDir, problems);
  const mounted = readMounted(paths.mountedConfigsDir, problems);
  const files: Record<string, FileRead> = {};
  for (const path of secretFilesToRead(env, paths, catalog)) files[path] = readFile(path);
  const inputs: Inputs = { env, paths, defaults, mounted, files, catalog, hostAddress: env.KAFKA_JMX_PORT ? hostAddress() : undefined };
  return { inputs, problems };
}

/** Each storage dir's meta.properties, and whether this process may write there (or create it). */
export function gatherStorage(dirs: readonly string[]): DirState[] {
  return dirs.map((dir) => ({ dir, meta: readMeta(dir), access: checkAccess(dir) }));
}

function readMeta(dir: string): MetaRead {
  const read = readFile(join(dir, "meta.properties"));
  if (read.ok) return { kind: "present", text: read.text };
  if (read.kind === "missing-input") return { kind: "absent" };
  return { kind: "unreadable", reason: read.kind, detail: read.detail };
}

/**
 * access(2) as the broker will be: the dir itself, or the nearest existing folder above it when the dir is still
 * to be made. W_OK also fails with EROFS on a read-only volume, which root cannot write either.
 */
function checkAccess(dir: string): DirAccess {
  let path = resolve(dir);
  while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
  try {
    if (!statSync(path).isDirectory()) return { ok: false, path, kind: "io", detail: `${path} is not a folder` };
    accessSync(path, constants.W_OK | constants.X_OK);
    return { ok: true };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const detail = err.code === "EROFS" ? "read-only file system" : err.code === "EACCES" ? "permission denied" : err.message;
    return { ok: false, path, kind: errnoKind(err.code), detail, owner: ownerOf(path), user: process.getuid?.() ?? 0 };
  }
}

function ownerOf(path: string): string | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `owned by ${s.uid}:${s.gid}, mode ${(s.mode & 0o7777).toString(8)}` : undefined;
}

/** What the plan needs to know of this machine: the broker binary (there or not), so the runtime, and the AOT cache. */
export function gatherFacts(env: Readonly<Record<string, string>>): Pick<Facts, "runtime" | "aot"> {
  const path = brokerBinaryPath(env);
  const runtime = chooseRuntime(env, { path, present: isExecutableFile(path) });
  return { runtime, aot: runtime.kind === "jvm" ? probeAot(env, runtime.java) : undefined };
}

/**
 * Is the JDK AOT cache there, and which Java release will run it (<java home>/release, one small read)?
 * Only looks at the java when the cache exists, so a start without a cache pays one stat.
 */
export function probeAot(env: Readonly<Record<string, string>>, java: string): AotFacts | undefined {
  const setting = env[LAUNCHER_ENV.aotCache];
  if (setting !== undefined && (setting === "" || setting.toLowerCase() === "off")) return undefined;
  const cache = setting || DEFAULT_AOT_CACHE;
  const stat = statSync(cache, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size === 0) return { cache, present: false };
  try {
    const program = resolveProgram(java, env.PATH);
    if (!program) return { cache, present: true };
    const home = dirname(dirname(realpathSync(program)));
    return { cache, present: true, javaFeature: javaFeature(readFileSync(join(home, "release"), "utf8")) };
  } catch {
    return { cache, present: true }; // no release file: unknown version, so no option
  }
}
