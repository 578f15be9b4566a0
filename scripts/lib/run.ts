// Edge helper shared by the release scripts: run a command, and report a failed child like execa does
// (why it failed, then the exact command, then its stderr).
import { commandLine } from "./shell.ts";

export type Ran = { ok: true; stdout: string } | { ok: false; message: string };

/** Why a child failed, in execa's order: the reason, the command, then what it printed on stderr. */
export function describeFailure(argv: readonly string[], result: { exitCode: number | null; signalCode?: string | null }, stderr: string): string {
  const why = result.signalCode ? `was killed by ${result.signalCode}` : `failed with exit code ${result.exitCode}`;
  const tail = stderr.trim().split("\n").slice(-20).join("\n");
  return `Command ${why}: ${commandLine(argv)}${tail ? `\n${tail}` : ""}`;
}

/**
 * Run a command. `inherit` streams its output to ours (long builds); otherwise stdout is returned and
 * stderr kept for the failure message.
 */
export function run(argv: readonly string[], opts: { inherit?: boolean; env?: Record<string, string | undefined>; cwd?: string } = {}): Ran {
  if (!Bun.which(argv[0]!)) return { ok: false, message: `Command not found: ${argv[0]} (in ${commandLine(argv)})` };
  const output = opts.inherit ? "inherit" : "pipe";
  const proc = Bun.spawnSync([...argv], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", output, output] });
  const text = (stream: unknown) => (stream instanceof Uint8Array ? new TextDecoder().decode(stream) : "");
  if (proc.exitCode !== 0) return { ok: false, message: describeFailure(argv, { exitCode: proc.exitCode, signalCode: proc.signalCode ? String(proc.signalCode) : null }, text(proc.stderr)) };
  return { ok: true, stdout: text(proc.stdout) };
}
