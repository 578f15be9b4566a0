// Every command but the HEALTHCHECK's plain `health`, in one table: argv → the command as data (cli/cli.ts) →
// the command's module. main.ts loads this module with one dynamic import, so that the compiled launcher holds
// the start path's modules in one chunk: a dynamic import of each command would split the modules they share
// into chunks of their own, each loaded on every start (docs/benchmarks.md, table 1).
import { parseCli } from "./cli/cli.ts";
import { write } from "./edges/report.ts";
import { runProgram } from "./program.ts";
import { printShellEnv } from "./shell-env.ts";
import { startBroker } from "./start-config.ts";
import { start } from "./start.ts";

/** What only main.ts may read of the process: its id, and whether stdin is a terminal (asked only for a program). */
export type ProcessFacts = { pid: number; stdinIsTerminal: () => boolean };

export async function runCommand(argv: string[], processEnv: Record<string, string>, facts: ProcessFacts): Promise<number> {
  const cli = await parseCli(argv, processEnv);
  switch (cli.action) {
    case "print":
      write(cli.exitCode === 0 ? 1 : 2, cli.text);
      return cli.exitCode;
    case "health": {
      const { checkHealth } = await import("./health.ts");
      return checkHealth(cli);
    }
    case "start":
      return startBroker(cli, processEnv);
    case "shell-env":
      return printShellEnv(cli, processEnv);
    case "exec":
      return runProgram(cli, processEnv, facts.pid, facts.stdinIsTerminal());
    default:
      return start(cli, processEnv);
  }
}
