// `kafka-launcher health`: one Kafka ApiVersions request (v0) over plain TCP, no JVM, no shell.
// Exit 0 when the broker answers with error_code 0, 1 otherwise: what compose healthchecks and
// Kubernetes probes expect. With no --bootstrap it reads the rendered server.properties and checks
// the first listener it can reach from inside the container (chooseTarget, pure); 66 or 78 with a
// fix when there is no file or no such listener. With --wait it asks again until the broker answers
// or the time is up: one check covers a start in progress.
//
// The image's HEALTHCHECK runs this in every container, so it is kept small: main.ts loads this module
// alone; it connects with Bun.connect and reads and writes with Bun.mmap and console.error, not node:net
// and node:fs (each costs more to load than the check's own work); the listener to ask comes from one
// header line of the rendered file (health-target.ts chose it when the file was written); the
// HEALTHCHECK's arguments are read here without yargs; report.ts is loaded only to print a problem
// (docs/benchmarks.md table 6).
import type { Socket } from "bun";
import { join } from "node:path";
import { CONFIG_FILES, HEALTH_DEFAULTS, IMAGE_PATHS, OUTPUT_TAG } from "./policy.ts";
import { errnoKind, exitCodeFor, type Problem } from "./problems.ts";

const API_VERSIONS = 18;
export const CORRELATION_ID = 0x6b6c; // "kl"
export const CLIENT_ID = "kafka-launcher-health";

/** Request header v1 (api key, version, correlation id, client id) and an empty v0 body, size-prefixed. */
export function apiVersionsRequest(): Buffer {
  const client = Buffer.from(CLIENT_ID, "utf8");
  const body = Buffer.alloc(2 + 2 + 4 + 2 + client.length);
  body.writeInt16BE(API_VERSIONS, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(CORRELATION_ID, 4);
  body.writeInt16BE(client.length, 8);
  client.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

export type Answer = { ok: true; apiCount: number } | { ok: false; why: string };

/** Reads a complete size-prefixed response; undefined while more bytes are needed. */
export function readApiVersionsResponse(data: Buffer): Answer | undefined {
  if (data.length < 4) return undefined;
  const size = data.readInt32BE(0);
  if (data.length < 4 + size) return undefined;
  if (size < 6) return { ok: false, why: "response too short" };
  if (data.readInt32BE(4) !== CORRELATION_ID) return { ok: false, why: "response to another request" };
  const error = data.readInt16BE(8);
  if (error !== 0) return { ok: false, why: `broker answered with error code ${error}` };
  return { ok: true, apiCount: size >= 10 ? data.readInt32BE(10) : 0 };
}

export type Target = { host: string; port: number; what: string };
export type Chosen = { ok: true; target: Target } | { ok: false; problem: Problem };

export function splitHostPort(bootstrap: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bootstrap.trim());
  if (!m) return { host: bootstrap, port: 9092 };
  return { host: m[1] || "localhost", port: Number(m[2]) };
}

/** One request, one answer: ok, or why not (refused, closed, timed out, a wrong answer). */
export function askBroker(target: { host: string; port: number }, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let unsent = apiVersionsRequest();
    let open: Socket | undefined;
    let settled = false;
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      open?.end();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ ok: false, why: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const send = (socket: Socket) => {
      unsent = unsent.subarray(Math.max(0, socket.write(unsent)));
    };
    Bun.connect({
      hostname: target.host,
      port: target.port,
      socket: {
        open(socket) {
          open = socket;
          send(socket);
        },
        drain: send,
        data(_socket, chunk) {
          data = Buffer.concat([data, chunk]);
          const answer = readApiVersionsResponse(data);
          if (answer) done(answer);
        },
        end: () => done({ ok: false, why: "connection closed before an answer" }),
        close: () => done({ ok: false, why: "connection closed before an answer" }),
        error: (_socket, e) => done({ ok: false, why: e.message }),
        connectError: (_socket, e) => done({ ok: false, why: connectFailure(e, target) }),
      },
    }).catch((e: Error) => done({ ok: false, why: connectFailure(e, target) }));
  });
}

/** "connect ECONNREFUSED 127.0.0.1:9092", as node:net words it (Bun's own message names no address). */
function connectFailure(e: Error & { code?: string }, target: { host: string; port: number }): string {
  return e.code ? `connect ${e.code} ${target.host}:${target.port}` : e.message;
}

// ---------------------------------------------------------------------------------------------
// Which listener to ask: named in the rendered file's header (plan.ts writes it), else chosen from the file

/** The header line of the rendered server.properties naming the listener health asks (health-target.ts chose it). */
export function targetLine(target: Target): string {
  return `${TARGET_LINE} ${hostPort(target)} (${target.what})`;
}

const TARGET_LINE = "health asks";

/** The listener the header names; undefined when no header line names one (a file from elsewhere). */
export function readTargetLine(text: string): Target | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) return undefined;
    const m = /^# health asks \[?(.*?)\]?:(\d+) \((.*)\)\s*$/.exec(line);
    if (m) return { host: m[1]!, port: Number(m[2]), what: m[3]! };
  }
  return undefined;
}

function hostPort(target: { host: string; port: number }): string {
  return `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
}

// ---------------------------------------------------------------------------------------------
// Edge: read the rendered file, ask, report

/** The file's text; Bun.mmap reads it without the thread a Bun.file read starts, or node:fs's load. */
function readLatin1(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = Bun.mmap(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EINVAL") return ""; // an empty file cannot be mapped
    throw e;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
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
  const { chooseTarget } = await import("./health-target.ts");
  return chooseTarget(text, path);
}

export type HealthArgs = { bootstrap?: string; timeoutMs: number; waitMs: number };

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
  const { printProblems } = await import("./report.ts");
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
