// kafka-launcher's entry: the command line → one command. The only file that reads process.argv /
// process.env or exits. Each command loads only its own modules: `health`, which the image's
// HEALTHCHECK runs in every container, loads health.ts alone (no yargs, no catalog, no pipeline:
// docs/benchmarks.md table 6); a start loads start.ts, the pipeline; yargs only with arguments.
export {}; // a module: its top-level await runs the command

async function main(argv: string[], processEnv: Record<string, string>): Promise<number> {
  if (argv[0] === "health") {
    const health = await import("./health.ts");
    // the plain form the HEALTHCHECK uses; anything else (--help, a typo) gets yargs' messages below
    const args = health.readHealthArgs(argv.slice(1));
    if (args) return health.checkHealth(args);
  }
  const { parseCli } = await import("./cli.ts");
  const cli = await parseCli(argv, processEnv);
  switch (cli.action) {
    case "print": {
      const { write } = await import("./report.ts");
      write(cli.exitCode === 0 ? 1 : 2, cli.text);
      return cli.exitCode;
    }
    case "health": {
      const { checkHealth } = await import("./health.ts");
      return checkHealth(cli);
    }
    case "start": {
      const { startBroker } = await import("./start-config.ts");
      return startBroker(cli, processEnv);
    }
    case "shell-env": {
      const { printShellEnv } = await import("./shell-env.ts");
      return printShellEnv(cli, processEnv);
    }
    case "exec": {
      // node:tty is loaded here only: at import it would cost every start more than the launcher's own work
      const { isatty } = require("node:tty") as typeof import("node:tty");
      const { runProgram } = await import("./program.ts");
      return runProgram(cli, processEnv, process.pid, isatty(0));
    }
    default: {
      const { start } = await import("./start.ts");
      return start(cli, processEnv);
    }
  }
}

try {
  process.exitCode = await main(process.argv.slice(2), process.env as Record<string, string>);
} catch (e) {
  // every expected failure is a Problem; anything thrown is a bug
  const { write } = await import("./report.ts");
  write(2, `kafka-launcher: bug in the launcher, please report it: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 70;
}
