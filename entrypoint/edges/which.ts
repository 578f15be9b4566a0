// Edge: the program a name stands for, found as execvp(3) finds it. One lookup for exec (the broker, a
// user's program) and for the facts the plan needs (which Java runs the broker).
import { accessSync, constants, statSync } from "node:fs";

/** glibc's default when PATH is unset (confstr(_CS_PATH)), as execvp uses. */
export const DEFAULT_PATH = "/bin:/usr/bin";

/**
 * A name with a `/` is used as is; otherwise the first executable regular file in PATH (an empty entry means
 * the current directory). If none is executable, the first one that exists, so exec reports "permission
 * denied" (126) rather than "not found", as execvp does.
 */
export function resolveProgram(name: string, PATH: string = DEFAULT_PATH): string | undefined {
  if (name.includes("/")) return name;
  if (name === "") return undefined;
  const candidates = PATH.split(":").map((dir) => `${dir === "" ? "." : dir}/${name}`);
  return candidates.find(isExecutableFile) ?? candidates.find(isFile);
}

export function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function isExecutableFile(path: string): boolean {
  if (!isFile(path)) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
