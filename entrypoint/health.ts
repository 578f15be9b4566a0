// `kafka-launcher health`: one Kafka ApiVersions request over plain TCP (api-versions.ts), no JVM, no shell.
// Exit 0 when the broker answers with error_code 0, 1 otherwise: what compose healthchecks and Kubernetes
// probes expect. With no --bootstrap it asks the listener the rendered server.properties names in its header
// (health-line.ts), or, in a file without that line, the first listener it can reach from inside the container
// (health-target.ts); 66 or 78 with a fix when there is no file or no such listener. With --wait it asks
// again until the broker answers or the time is up: one check covers a start in progress.
//
// The image's HEALTHCHECK runs this in every container, so it is kept small: main.ts loads this module alone
// (no yargs, no catalog, no pipeline); the HEALTHCHECK's arguments are read here without yargs; the
// listener parser and report.ts are loaded only when needed (docs/benchmarks.md table 6).
import { join } from "node:path";
import { askBroker } from "./edges/api-versions.ts";
import type { Chosen } from "./core/health-target.ts";
import { hostPort, readTargetLine } from "./core/health-line.ts";
import { readLatin1 } from "./edges/mapped-file.ts";
import { CONFIG_FILES, HEALTH_DEFAULTS, IMAGE_PATHS, OUTPUT_TAG, type HealthArgs } from "./core/policy.ts";
import { errnoKind, exitCodeFor, type Problem } from "./core/problems.ts";

/** `--bootstrap host:port` as given: a missing port is Kafka's 9092, an empty host localhost. */
export function splitHostPort(bootstrap: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bootstrap.trim());
  if (!m) return { host: bootstrap, port: 9092 };
  return { host: m[1] || "localhost", port: Number(m[2]) };
}

async function targetFromFile(finalConfigsDir: string): Promise<Chosen> {
  const path = join(finalConfigsDir, CONFIG_FILES.server);
  let text: string;
  try {
    text = readLatin1(path);
  } catch (e) {
    return {
      ok: false,
      problem: {
        kind: errnoKind((e as NodeJS.ErrnoException).code),
        severity: "error",
        subject: path,
        message: `no listener to check: cannot read ${path} (${(e as Error).message})`,
        fix: "the launcher writes it on every start: run health in the container once it has started, or name the listener: health --bootstrap host:port",
        source: { kind: "file", path },
      },
    };
  }
  const named = readTargetLine(text);
  if (named) return { ok: true, target: named };
  // no header line (a file the launcher did not write this way): choose from the listeners, as plan.ts would
  const { chooseTarget } = await import("./core/health-target.ts");
  return chooseTarget(text, path);
}


const NUMBER_OPTIONS = { "--timeout": "timeoutMs", "--wait": "waitMs" } as const;

/**
 * `--bootstrap host:port`, `--timeout ms` and `--wait ms`, each at most once, as `--name value` or
 * `--name=value`, numbers written as plain decimals: the arguments, read without loading yargs. Anything
 * else is undefined, and cli.ts (yargs) reads it, with its messages for --help, typos and bad values.
 */
export function readHealthArgs(args: readonly string[]): HealthArgs | undefined {
  const read: HealthArgs = { ...HEALTH_DEFAULTS };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (seen.has(name) || value === undefined || value.startsWith("-")) return undefined;
    seen.add(name);
    if (name === "--bootstrap") read.bootstrap = value;
    else if (name in NUMBER_OPTIONS && /^\d+(\.\d+)?$/.test(value)) read[NUMBER_OPTIONS[name as keyof typeof NUMBER_OPTIONS]] = Number(value);
    else return undefined;
  }
  return read.timeoutMs > 0 ? read : undefined;
}

/** How long --wait sleeps between two attempts: a broker that starts answering is seen within this. */
const RETRY_MS = 500;

/** One attempt: the exit code, whether another attempt may do better, and what to print. */
type Outcome = { code: number; transient: boolean; said: string } | { code: number; transient: boolean; problem: Problem };


async function ask(chosen: Chosen, timeoutMs: number): Promise<Outcome> {
  if (!chosen.ok) {
    // a file not written yet is a start in progress; a file without a listener to ask is not
    const { problem } = chosen;
    return { code: exitCodeFor([problem]), transient: problem.kind !== "config", problem };
  }
  const { target } = chosen;
  const where = `${hostPort(target)} (${target.what})`;
  const answer = await askBroker(target, timeoutMs);
  if (answer.ok) return { code: 0, transient: false, said: `health: ${where} answered ApiVersions (${answer.apiCount} APIs)` };
  return { code: 1, transient: true, said: `health: ${where} is not ready: ${answer.why}` };
}

/**
 * A problem goes through report.ts like every other; the verdict line (a host:port and a reason, never a
 * secret) goes out with console.error, which needs no module loaded.
 */
async function tell(outcome: Outcome): Promise<void> {
  if ("said" in outcome) return console.error(`${OUTPUT_TAG} ${outcome.said}`);
  const { printProblems } = await import("./edges/report.ts");
  printProblems([outcome.problem]);
}

/**
 * One check; with `waitMs`, asks again every RETRY_MS while the broker is not ready yet, until it answers or
 * the time is up (then at most `timeoutMs` more for the last answer). `bootstrap` undefined: the listener
 * comes from `finalConfigsDir`/server.properties, read until it is there, then kept for the later attempts.
 */
export async function checkHealth(args: HealthArgs, finalConfigsDir: string = IMAGE_PATHS.finalConfigsDir): Promise<number> {
  const deadline = performance.now() + args.waitMs;
  let chosen: Chosen | undefined = args.bootstrap === undefined ? undefined : { ok: true, target: { ...splitHostPort(args.bootstrap), what: "--bootstrap" } };
  for (;;) {
    if (!chosen?.ok) chosen = await targetFromFile(finalConfigsDir);
    const outcome = await ask(chosen, args.timeoutMs);
    if (!outcome.transient || performance.now() + RETRY_MS >= deadline) {
      await tell(outcome);
      return outcome.code;
    }
    await Bun.sleep(RETRY_MS);
  }
}
