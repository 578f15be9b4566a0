// Edge: reads everything the pure core needs — env, the three config files from the default and
// mounted folders, secret files named by env, meta.properties of each storage dir — into plain
// values. Read failures become Problems; nothing here decides anything.
import { accessSync, constants, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import type { Catalog } from "./catalog.ts";
import type { FileRead, FileText, Inputs, Paths } from "./inputs.ts";
import { CONFIG_FILES } from "./policy.ts";
import type { Problem } from "./problems.ts";
import { secretFilesToRead } from "./secrets.ts";
import type { DirState } from "./storage.ts";

export function readFile(path: string): FileRead {
  try {
    return { ok: true, text: readFileSync(path, "latin1") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" || code === "ENOTDIR" ? "missing" : code === "EACCES" || code === "EPERM" ? "permission" : "io";
    return { ok: false, reason, detail: (e as Error).message };
  }
}

function fileProblem(path: string, read: Extract<FileRead, { ok: false }>, role: string, fix: string): Problem {
  const kind = read.reason === "missing" ? "missing-input" : read.reason;
  return { kind, severity: "error", subject: path, message: `cannot read ${role} ${path}: ${read.detail}`, fix, source: { kind: "file", path } };
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
    if (read.reason !== "missing") problems.push(fileProblem(path, read, "the mounted file", `make ${path} readable by uid 1000 or group 0`));
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

export function gatherStorage(dirs: readonly string[]): DirState[] {
  return dirs.map((dir) => {
    const read = readFile(join(dir, "meta.properties"));
    if (read.ok) return { dir, meta: { kind: "present", text: read.text } };
    if (read.reason === "missing") return { dir, meta: { kind: "absent" } };
    return { dir, meta: { kind: "unreadable", reason: read.reason, detail: read.detail } };
  });
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
