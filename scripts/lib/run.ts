// Running another program to its end, for the scripts and the tests (the launcher has its own,
// entrypoint/edges/child.ts: it cannot import scripts/). A failed child is reported like execa does: why
// it failed, then the exact command, then the end of what it printed.
import { commandLine } from "./shell.ts";

export type Env = Readonly<Record<string, string | undefined>>;
/** `env` is the child's whole environment (default: ours). */
export type RunOptions = { env?: Env; cwd?: string };
/** `signalCode` is there only when a signal ended the child (then `exitCode` is null). */
export type Outcome = { exitCode: number | null; signalCode?: string; stdout: string; stderr: string };
export type Ran = { ok: true; stdout: string } | { ok: false; message: string };

/** Why a child failed, in execa's order: the reason, the command, then what it printed on stderr. */
export function describeFailure(argv: readonly string[], result: { exitCode: number | null; signalCode?: string | null }, stderr: string): string {
  const why = result.signalCode ? `was killed by ${result.signalCode}` : `failed with exit code ${result.exitCode}`;
  const tail = stderr.trim().split("\n").slice(-20).join("\n");
  return `Command ${why}: ${commandLine(argv)}${tail ? `\n${tail}` : ""}`;
}

function notFound(argv: readonly string[], env: Env): string | undefined {
  if (Bun.which(argv[0]!, { PATH: env.PATH ?? "" })) return undefined;
  return `Command not found: ${argv[0]} (in ${commandLine(argv)})`;
}

const text = (bytes: unknown) => (bytes instanceof Uint8Array ? new TextDecoder().decode(bytes) : "");

/**
 * Runs a command synchronously: its stdout when it exits 0, else the execa-style message. `inherit`
 * streams its output to ours instead (long builds); stderr is then not in the message.
 */
export function run(argv: readonly string[], opts: RunOptions & { inherit?: boolean } = {}): Ran {
  const env = opts.env ?? process.env;
  const missing = notFound(argv, env);
  if (missing) return { ok: false, message: missing };
  const output = opts.inherit ? "inherit" : "pipe";
  const proc = Bun.spawnSync([...argv], { cwd: opts.cwd, env: { ...env }, stdio: ["ignore", output, output] });
  if (proc.exitCode !== 0) return { ok: false, message: describeFailure(argv, { exitCode: proc.exitCode, signalCode: proc.signalCode ? String(proc.signalCode) : null }, text(proc.stderr)) };
  return { ok: true, stdout: text(proc.stdout) };
}

/**
 * Runs a command to its end without blocking this process (clients and other children go on
 * meanwhile), its output captured. `input` is its stdin; after `timeoutMs` it is killed (SIGKILL).
 */
export async function capture(argv: readonly string[], opts: RunOptions & { input?: string; timeoutMs?: number } = {}): Promise<Outcome> {
  const env = opts.env ?? process.env;
  const missing = notFound(argv, env);
  if (missing) return { exitCode: 127, stdout: "", stderr: `${missing}\n` };
  const proc = Bun.spawn([...argv], {
    cwd: opts.cwd,
    env: { ...env },
    stdin: opts.input === undefined ? "ignore" : new TextEncoder().encode(opts.input),
    stdout: "pipe",
    stderr: "pipe",
    timeout: opts.timeoutMs,
    killSignal: "SIGKILL",
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const outcome: Outcome = { exitCode: proc.exitCode, stdout, stderr };
  if (proc.signalCode) outcome.signalCode = String(proc.signalCode);
  return outcome;
}

/** capture(), for commands that must succeed: their stdout, or an Error with describeFailure's message. */
export async function must(argv: readonly string[], opts: RunOptions & { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await capture(argv, opts);
  if (r.exitCode === 0) return r.stdout;
  throw new Error(describeFailure(argv, r, `${r.stderr}\n${r.stdout}`));
}
