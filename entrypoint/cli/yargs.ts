// The one yargs adapter, for the launcher (cli.ts loads it only when there are arguments) and the
// repository's scripts: explicit argv, strict, never exits the process itself. The result is data:
// the options, or text to print with an exit code (--help/--version → 0, a usage error → 64).
import yargs, { type Argv } from "yargs";
import { EXIT_CODES } from "../core/problems.ts";

export type Parsed<T> = { ok: true; args: T } | { ok: false; text: string; exitCode: number };

export const EX_USAGE = EXIT_CODES.usage;

class UsageError extends Error {}

export function parseArgs<T>(name: string, argv: readonly string[], configure: (y: Argv) => Argv<T>, version?: string): Parsed<T> {
  let printed = "";
  const base = yargs([...argv]);
  const parser = configure(
    (version === undefined ? base.version(false) : base.version(version))
      .scriptName(name)
      .locale("en")
      .help()
      .alias("h", "help")
      .strict()
      .wrap(null)
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      }),
  );
  try {
    const args = parser.parseSync([...argv], {}, (_err, _argv, output) => {
      printed = output;
    }) as T;
    if (printed) return { ok: false, text: `${printed}\n`, exitCode: 0 };
    return { ok: true, args };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, text: `${name}: ${message}\nRun \`${name} --help\` for the options.\n`, exitCode: EX_USAGE };
  }
}
