// `kafka-launcher <program> …`: any first word that is no command runs that program instead of the broker (same
// PID), e.g. `sh -c '…'`; as PID 1 with no terminal the launcher stays PID 1 and runs it as a child, as tini would
// (supervise.ts), so that a start script that runs the broker without exec still gets `docker stop`.
import type { Cli } from "./cli/cli.ts";
import { execve } from "./edges/exec.ts";
import { handOver } from "./edges/hand-over.ts";
import { shouldSupervise, supervise } from "./edges/supervise.ts";

/**
 * Any other first word: that program takes this process (execve), or, as PID 1 with no terminal, runs
 * as this init's child, as tini would (supervise.ts).
 */
export function runProgram(cli: Extract<Cli, { action: "exec" }>, processEnv: Readonly<Record<string, string>>, pid: number, stdinIsTerminal: boolean): Promise<number> {
  const program = { path: cli.argv[0]!, argv: cli.argv, env: { ...processEnv, ...cli.env } };
  return handOver(program, "program", shouldSupervise(pid, stdinIsTerminal) ? supervise : execve);
}

