// kafka-launcher's entry: the command line → one command. The only file that reads process.argv /
// process.env or exits. `health`, which the image's HEALTHCHECK runs in every container, loads health.ts
// and its edges alone (no yargs, no catalog, no pipeline: docs/benchmarks.md table 6); every other command
// goes through commands.ts, the table of commands; yargs is loaded only with arguments.
export {}; // a module: its top-level await runs the command

async function main(argv: string[], processEnv: Record<string, string>): Promise<number> {
  if (argv[0] === "health") {
    const health = await import("./health.ts");
    // the plain form the HEALTHCHECK uses; anything else (--help, a typo) gets yargs' messages below
    const args = health.readHealthArgs(argv.slice(1));
    if (args) return health.checkHealth(args);
  }
  const { runCommand } = await import("./commands.ts");
  // node:tty is loaded only for a program: at import it would cost every start more than the launcher's own work
  const stdinIsTerminal = () => (require("node:tty") as typeof import("node:tty")).isatty(0);
  return runCommand(argv, processEnv, { pid: process.pid, stdinIsTerminal });
}

try {
  process.exitCode = await main(process.argv.slice(2), process.env as Record<string, string>);
} catch (e) {
  // every expected failure is a Problem; anything thrown is a bug
  const { write } = await import("./edges/report.ts");
  write(2, `kafka-launcher: bug in the launcher, please report it: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 70;
}
