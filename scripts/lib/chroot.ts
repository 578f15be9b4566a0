// Running a program inside a Debian suite's root (build/java/<suite>/, scripts/lib/java.ts): the Java
// installed there needs that suite's glibc, newer than this machine's. The program runs in a mount
// namespace of its own (unshare), with /proc mounted and the given host folders bound into the root, so
// nothing stays mounted on the host when it ends, whatever way it ends. Needs root.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { run, type Ran } from "./run.ts";

/** A host folder seen inside the root at `at` (an absolute path in the root). */
export type Bind = { host: string; at: string };

/** The shell that mounts, then chroots: $0 is the root, then pairs of host folder and mount point, then "--" and the program. */
const MOUNT_AND_CHROOT = [
  'root=$0; mount -t proc proc "$root/proc" || exit 70',
  'while [ "$1" != -- ]; do mount --bind "$1" "$root$2" || exit 70; shift 2; done; shift',
  'exec chroot "$root" "$@"',
].join("\n");

/** The argv that runs `argv` inside `root` (pure). */
export function chrootArgv(root: string, argv: readonly string[], binds: readonly Bind[] = []): string[] {
  return ["unshare", "--mount", "--fork", "sh", "-c", MOUNT_AND_CHROOT, root, ...binds.flatMap((b) => [b.host, b.at]), "--", ...argv];
}

/** Runs `argv` inside `root` to its end; `inherit` streams its output to ours. */
export function inRoot(root: string, argv: readonly string[], opts: { binds?: readonly Bind[]; inherit?: boolean; env?: Record<string, string | undefined> } = {}): Ran {
  for (const b of opts.binds ?? []) mkdirSync(join(root, b.at), { recursive: true });
  const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", ...opts.env };
  return run(chrootArgv(root, argv, opts.binds), { inherit: opts.inherit, env: { ...process.env, ...env } });
}

if (import.meta.main) {
  // `bun scripts/lib/chroot.ts ROOT [--bind HOST:AT]... -- PROGRAM [ARGS...]`, for shell scripts
  const args = Bun.argv.slice(2);
  const sep = args.indexOf("--");
  const [root, ...opts] = sep < 0 ? [] : args.slice(0, sep);
  const binds = opts.flatMap((o, i) => (opts[i - 1] === "--bind" ? [{ host: o.slice(0, o.indexOf(":")), at: o.slice(o.indexOf(":") + 1) }] : []));
  if (!root || sep < 0 || sep === args.length - 1 || binds.length * 2 !== opts.length) {
    console.error("usage: bun scripts/lib/chroot.ts ROOT [--bind HOST:AT]... -- PROGRAM [ARGS...]");
    process.exit(64);
  }
  const ran = inRoot(root, args.slice(sep + 1), { binds, inherit: true });
  if (!ran.ok) {
    console.error(ran.message);
    process.exit(1);
  }
}
