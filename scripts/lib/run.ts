// Edge helper shared by the scripts and the benchmarks: run a command, and report a failed child like
// execa does (why it failed, then the exact command, then its stderr).
import { commandLine } from "./shell.ts";

type Output = { stdout: string; stderr: string };
export type Ran = ({ ok: true } & Output) | ({ ok: false; message: string; exitCode: number | null } & Output);

export type RunOptions = {
  /** stream the child's output to ours (long builds) instead of capturing it */
  inherit?: boolean;
  /** added to process.env, or the whole environment with `exactEnv` */
  env?: Record<string, string | undefined>;
  exactEnv?: boolean;
  cwd?: string;
};

/** Why a child failed, in execa's order: the reason, the command, then what it printed on stderr. */
export function describeFailure(argv: readonly string[], result: { exitCode: number | null; signalCode?: string | null }, stderr: string): string {
  const why = result.signalCode ? `was killed by ${result.signalCode}` : `failed with exit code ${result.exitCode}`;
  const tail = stderr.trim().split("\n").slice(-20).join("\n");
  return `Command ${why}: ${commandLine(argv)}${tail ? `\n${tail}` : ""}`;
}

function environment(opts: RunOptions): Record<string, string | undefined> {
  return opts.exactEnv ? { ...opts.env } : { ...process.env, ...opts.env };
}

const text = (stream: unknown) => (stream instanceof Uint8Array ? new TextDecoder().decode(stream) : "");

/** Run a command to its end. Captured output is returned either way; a failure also says why. */
export function run(argv: readonly string[], opts: RunOptions = {}): Ran {
  const env = environment(opts);
  if (!Bun.which(argv[0]!, { PATH: env.PATH ?? "" })) {
    return { ok: false, exitCode: 127, stdout: "", stderr: "", message: `Command not found: ${argv[0]} (in ${commandLine(argv)})` };
  }
  const output = opts.inherit ? "inherit" : "pipe";
  const proc = Bun.spawnSync([...argv], { cwd: opts.cwd, env, stdio: ["ignore", output, output] });
  const out = { stdout: text(proc.stdout), stderr: text(proc.stderr) };
  if (proc.exitCode === 0) return { ok: true, ...out };
  const signalCode = proc.signalCode ? String(proc.signalCode) : null;
  return { ok: false, exitCode: proc.exitCode, message: describeFailure(argv, { exitCode: proc.exitCode, signalCode }, out.stderr), ...out };
}

/** The same, without blocking the event loop: for children that run while other work goes on. */
export async function runAsync(argv: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  const env = environment(opts);
  if (!Bun.which(argv[0]!, { PATH: env.PATH ?? "" })) {
    return { ok: false, exitCode: 127, stdout: "", stderr: "", message: `Command not found: ${argv[0]} (in ${commandLine(argv)})` };
  }
  const output = opts.inherit ? "inherit" : "pipe";
  const proc = Bun.spawn([...argv], { cwd: opts.cwd, env, stdio: ["ignore", output, output] });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout as ReadableStream).text().catch(() => ""), new Response(proc.stderr as ReadableStream).text().catch(() => ""), proc.exited]);
  if (exitCode === 0) return { ok: true, stdout, stderr };
  const signalCode = proc.signalCode ? String(proc.signalCode) : null;
  return { ok: false, exitCode, message: describeFailure(argv, { exitCode, signalCode }, stderr), stdout, stderr };
}
