// exec.ts — the last step: replace the launcher with the broker via execve(2), so the broker keeps
// the launcher's PID (PID 1 in the container: `docker stop`'s SIGTERM reaches Kafka directly) and
// no launcher memory stays behind. The only module that imports bun:ffi (libc's execve, and waitpid
// for supervise.ts's zombies). On success nothing after execve runs; on failure it throws ExecError
// with the shell/tini exit-code convention.
import { dlopen, FFIType, ptr, read } from "bun:ffi";
import { existsSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { EXIT_CODES, type Problem } from "../core/problems.ts";
import { LAUNCHER_ENV } from "../core/policy.ts";
import { resolveProgram } from "./which.ts";

/** Why an exec failed, as data: errno, its name, a short reason and the exit code to use. */
export class ExecError extends Error {
  readonly code: string;
  readonly reason: string;
  readonly exitCode: number;

  constructor(
    readonly path: string,
    readonly errno: number,
  ) {
    const code = errnoName(errno);
    const reason = describeFailure(path, code);
    super(`cannot execute ${path}: ${reason} (${code})`);
    this.name = "ExecError";
    this.code = code;
    this.reason = reason;
    // Shells and tini: 127 "command not found", 126 "found but could not be executed".
    this.exitCode = code === "ENOENT" ? EXIT_CODES["not-found"] : EXIT_CODES.exec;
  }
}

/**
 * Replaces the current process image: `path` (a bare name is looked up in env.PATH, like execvp)
 * runs with exactly `argv` (argv[0] included) and exactly `env`. Never returns; throws ExecError.
 *
 * Whatever the launcher printed must already be written: output Bun still has queued (a
 * process.stdout.write into a full pipe) dies with the process image. console.* and fs.writeSync
 * wrote synchronously in Bun 1.4.5 (checked with 1 MiB into a full pipe).
 */
export function execve(path: string, argv: readonly string[], env: Readonly<Record<string, string>>): never {
  const program = resolveProgram(path, env.PATH);
  if (program === undefined) throw new ExecError(path, osConstants.errno.ENOENT);
  const libc = openLibc();
  // Each CStrings holds its Buffers next to the pointer array, so the memory the pointers name
  // stays referenced until execve has copied it into the new image.
  const file = cString(program, "path");
  const args = cStringArray(argv, "argument");
  const envp = cStringArray(Object.entries(env).map(([key, value]) => envEntry(key, value)), "environment entry");
  restoreBlockingStdio(libc);
  libc.symbols.execve(file, args.pointers, envp.pointers);
  throw new ExecError(program, readErrno(libc));
}

// ---------------------------------------------------------------------------------------------
// libc through bun:ffi

const LIBC_SYMBOLS = {
  execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  // fcntl is variadic; passing its int third argument as a fixed one is ABI-safe on x86-64 and
  // aarch64 Linux.
  fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  // errno is thread-local; glibc and musl both expose its address through this function.
  __errno_location: { args: [], returns: FFIType.ptr },
  waitpid: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
} as const;

const FIXES: Record<"broker" | "program", Partial<Record<string, string>> & { other: string }> = {
  broker: {
    ENOENT: `install the broker, or point ${LAUNCHER_ENV.brokerBinary} (native) / ${LAUNCHER_ENV.java} (JVM) at it`,
    EACCES: "make it executable (chmod +x) and readable by the container user",
    ENOEXEC: "it is not a program for this machine: check its architecture (amd64/arm64) or add a #! line",
    other: "check the path and its permissions",
  },
  program: {
    ENOENT: "check the program's name, or give its full path; the image has sh, bash and busybox's tools on PATH",
    EACCES: "make it executable (chmod +x), or run it through a shell: sh -c '…'",
    ENOEXEC: "it is not a program for this machine: check its architecture (amd64/arm64) or add a #! line",
    other: "check the path and its permissions",
  },
};

/** A failed exec as a problem: 127 when there is nothing to run, 126 when it cannot be run. */
export function execProblem(e: ExecError, what: "broker" | "program"): Problem {
  return {
    kind: e.code === "ENOENT" ? "not-found" : "exec",
    severity: "error",
    subject: e.path,
    message: `cannot run the ${what} ${e.path}: ${e.reason} (${e.code})`,
    fix: FIXES[what][e.code] ?? FIXES[what].other,
  };
}

/** glibc first (the image ships glibc), then musl's names in case an image is Alpine-based. */
const LIBC_NAMES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"];

type Libc = ReturnType<typeof dlopen<typeof LIBC_SYMBOLS>>;

let opened: Libc | undefined;

/** Opened at first use, not import time, so importing this module never touches libc. */
function openLibc(): Libc {
  opened ??= loadLibc();
  return opened;
}

function loadLibc(): Libc {
  for (const name of LIBC_NAMES) {
    try {
      return dlopen(name, LIBC_SYMBOLS);
    } catch {
      // not this libc; try the next name
    }
  }
  throw new Error(`bug: cannot load libc for execve (tried ${LIBC_NAMES.join(", ")})`);
}

/** Read right after the failed call, before anything else can overwrite errno. */
function readErrno(libc: Libc): number {
  const location = libc.symbols.__errno_location();
  if (location === null) throw new Error("bug: __errno_location returned NULL");
  return read.i32(location, 0);
}

const WNOHANG = 1;

/**
 * Collects `pid` if it has exited (a zombie), without waiting; true when it was collected. Only ever
 * for a pid the caller knows is its child and not one Bun.spawn is watching (Bun collects those).
 */
export function reapIfExited(pid: number): boolean {
  const status = new Int32Array(1);
  return openLibc().symbols.waitpid(pid, ptr(status), WNOHANG) === pid;
}

// Linux values (asm-generic and x86): fcntl commands and the O_NONBLOCK status flag.
const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;

/**
 * Once the launcher touches process.stdout/stderr, Bun switches those fds to O_NONBLOCK. The
 * flag lives on the open file description, so it survives execve: the broker would then get
 * EAGAIN ("Resource temporarily unavailable") writing logs whenever the pipe is full. Programs
 * expect blocking stdio, as any shell gives them; restore it (closed fds just fail, ignored).
 */
function restoreBlockingStdio(libc: Libc): void {
  for (const fd of [0, 1, 2]) {
    const flags = libc.symbols.fcntl(fd, F_GETFL, 0);
    if (flags >= 0 && flags & O_NONBLOCK) libc.symbols.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
}

type CStrings = { buffers: Buffer[]; pointers: BigUint64Array };

/** NUL-terminated UTF-8; a NUL inside would silently truncate the string in C, so it is a bug. */
function cString(text: string, what: string): Buffer {
  if (text.includes("\0")) throw new Error(`bug: exec ${what} contains a NUL byte: ${JSON.stringify(text)}`);
  return Buffer.from(`${text}\0`, "utf8");
}

/** The char*[] execve wants: one pointer per string, then a NULL pointer. */
function cStringArray(texts: readonly string[], what: string): CStrings {
  const buffers = texts.map((text) => cString(text, what));
  const pointers = new BigUint64Array(buffers.length + 1); // zero-filled: the last entry is NULL
  buffers.forEach((buffer, i) => (pointers[i] = BigInt(ptr(buffer))));
  return { buffers, pointers };
}

/** `KEY=value`; a key with `=` would be read back as a different key and value. */
function envEntry(key: string, value: string): string {
  if (key === "" || key.includes("=")) throw new Error(`bug: invalid environment variable name ${JSON.stringify(key)}`);
  return `${key}=${value}`;
}

// ---------------------------------------------------------------------------------------------
// errno → words

const ERRNO_NAMES = new Map(Object.entries(osConstants.errno).map(([name, value]) => [value, name]));

function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `errno ${errno}`;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "not found",
  EACCES: "permission denied / not executable",
  ENOEXEC: "not an executable format",
  ENOTDIR: "a component of the path is not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "path too long",
  E2BIG: "arguments and environment too large",
  ENOMEM: "out of memory",
  ETXTBSY: "file is open for writing",
  EPERM: "operation not permitted",
  ELIBBAD: "corrupt ELF interpreter",
};

/** ENOENT for a file that exists means its `#!` interpreter or ELF loader is missing. */
function describeFailure(path: string, code: string): string {
  if (code === "ENOENT" && existsSync(path)) return "its interpreter (#! line or ELF loader) was not found";
  return REASONS[code] ?? "exec failed";
}
