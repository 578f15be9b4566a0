// Shared harness of the broker tests: real Kafka brokers started through the compiled launcher
// (`dist/kafka-launcher run`, JVM runtime over build/kafka/libs) on loopback.
// - ports come from the OS and stay held until the broker is started (scripts/lib/ports.ts), never fixed;
// - every node gets its own temp folder (mounted/, final/, secrets/, data/), removed by cleanup();
// - a broker is ready when a metadata request through its listener lists it (scripts/lib/ready.ts),
//   never on a log line; nothing sleeps for a fixed time: every wait has a deadline, and a failure
//   message carries the tail of the broker's output;
// - every process started here is killed by cleanup() (and, as a last resort, when the test process exits).
// Prerequisites: scripts/install-broker.sh and `npm run build` (checked by requirePrerequisites()).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Kafka, logLevel, Partitioners, type KafkaConfig } from "kafkajs";
import { waitForMetadata } from "../../scripts/lib/ready.ts";
import { capture } from "../../scripts/lib/run.ts";

export { reservePorts, type Reservation } from "../../scripts/lib/ports.ts";

export const ROOT = join(import.meta.dir, "../..");
export const LAUNCHER = join(ROOT, "dist/kafka-launcher");
export const DEFAULTS_DIR = join(ROOT, "resources/defaults");
export const LIBS = join(ROOT, "build/kafka/libs");

/** Kafka's LoggingSignalHandler, first thing the broker logs on SIGTERM. */
export const SIGTERM_LINE = "Terminating process due to signal SIGTERM";

/**
 * JVM options of every broker started here: a small heap. Everything else is the launcher's own
 * default (its dev profile: serial GC, C1 only, group rebalance delay 0), since that is what we test.
 */
export const JVM_ENV: Record<string, string> = { KAFKA_HEAP_OPTS: "-Xmx256m" };

/** Per-test budgets (bun's default is 5 s): one JVM start is 5–15 s on this 2-core, shared machine. */
export const START_TIMEOUT_MS = 180_000;
export const TEST_TIMEOUT_MS = 120_000;

export function requirePrerequisites(): void {
  const missing = [
    [LAUNCHER, "run `npm run build`"],
    [join(LIBS, "kafka-native-wrapper.jar"), "run `scripts/install-broker.sh`"],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length) throw new Error(`broker tests need: ${missing.map(([p, fix]) => `${p} (${fix})`).join("; ")}`);
}

/** The environment every launcher run starts from: no KAFKA_* leaks in from the developer's shell. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LAUNCHER_RUNTIME: "jvm",
    LAUNCHER_CLASSPATH: `${LIBS}/*`,
    ...JVM_ENV,
  };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

// ---------------------------------------------------------------------------------------------------
// Folders

const tempRoots = new Set<string>();

/** A fresh temp folder, removed by cleanup() (kept when BROKER_TEST_KEEP=1, for debugging). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `broker-test-${label}-`));
  tempRoots.add(dir);
  return dir;
}

/** One node's folders, as the image lays them out (contract §1), under one temp root. */
export type NodeDirs = { root: string; mounted: string; final: string; secrets: string; data: string };

export function nodeDirs(label: string): NodeDirs {
  const root = tempDir(label);
  const dirs = { root, mounted: join(root, "mounted"), final: join(root, "final"), secrets: join(root, "secrets"), data: join(root, "data") };
  for (const d of [dirs.mounted, dirs.final, dirs.secrets]) mkdirSync(d);
  return dirs; // data/ is left to the broker's format
}

// ---------------------------------------------------------------------------------------------------
// Configuration texts

/** key=value lines, in the given order. */
export function propertiesText(entries: Record<string, string>): string {
  return Object.entries(entries).map(([k, v]) => `${k}=${v}\n`).join("");
}

/**
 * The image's default server.properties (resources/defaults) with only the two ports and log.dirs
 * changed: "defaults only", as far as free ports allow. Fails loudly if the defaults stop matching.
 */
export function defaultsWith(ports: { broker: number; controller: number }, logDirs: string): string {
  const text = readFileSync(join(DEFAULTS_DIR, "server.properties"), "utf8");
  const changed = text
    .replaceAll(":9092", `:${ports.broker}`)
    .replaceAll(":9093", `:${ports.controller}`)
    .replace(/^log\.dirs=.*$/m, `log.dirs=${logDirs}`);
  const differing = diffLines(text, changed);
  const expected = ["controller.quorum.voters", "listeners", "advertised.listeners", "log.dirs"];
  if (JSON.stringify(differing) !== JSON.stringify(expected)) {
    throw new Error(`resources/defaults/server.properties changed shape: ports/log.dirs edits touched ${differing.join(", ")}`);
  }
  return changed;
}

function diffLines(a: string, b: string): string[] {
  const al = a.split("\n");
  return b.split("\n").flatMap((line, i) => (line === al[i] ? [] : [line.split("=")[0]!]));
}

/** `[a, b]` → `a,b`: KafkaConfig logs lists the Java way, properties files write them plain. */
export const plainList = (v: string) => v.replace(/^\[|\]$/g, "").replace(/, /g, ",");

/** The first `KafkaConfig values:` block of a broker's log: the broker's own view of its config. */
export function effectiveConfig(lines: readonly string[]): Record<string, string> {
  const start = lines.findIndex((l) => l.includes("KafkaConfig values:"));
  if (start < 0) throw new Error("no `KafkaConfig values:` block in the broker log");
  const config: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^\t(\S+) = (.*)$/.exec(line);
    if (!m) break;
    config[m[1]!] = m[2]!;
  }
  return config;
}

// ---------------------------------------------------------------------------------------------------
// Processes

export type Exit = { exitCode: number | null; signalCode: string | null };
export type Outcome = { stdout: string; stderr: string; exitCode: number | null };

const live = new Set<Broker>();

/** A launcher process (the broker after execve), its stdout streamed into lines. */
export class Broker {
  readonly proc: ReturnType<typeof Bun.spawn>;
  readonly pid: number;
  readonly startedAt = performance.now();
  readonly lines: string[] = [];
  stderr = "";
  /** Milliseconds from spawn to the first metadata answer that lists a broker, once seen. */
  readyAfterMs?: number;
  readonly exited: Promise<Exit>;
  private partial = "";
  private exit?: Exit;

  /** `keepLog`: where to write stderr + stdout at exit when BROKER_TEST_KEEP=1 (for debugging a failure). */
  constructor(readonly label: string, argv: string[], env: Record<string, string>, keepLog?: string) {
    this.proc = Bun.spawn(argv, { env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    this.pid = this.proc.pid;
    live.add(this);
    const out = this.pump(this.proc.stdout as ReadableStream<Uint8Array>, (text) => this.addStdout(text));
    const err = this.pump(this.proc.stderr as ReadableStream<Uint8Array>, (text) => {
      this.stderr += text;
    });
    this.exited = this.proc.exited.then(async () => {
      await Promise.all([out, err]);
      if (this.partial) this.lines.push(this.partial);
      this.partial = "";
      const exit: Exit = { exitCode: this.proc.exitCode, signalCode: this.proc.signalCode === null ? null : String(this.proc.signalCode) };
      this.exit = exit;
      if (keepLog && process.env.BROKER_TEST_KEEP === "1") writeFileSync(keepLog, `${this.stderr}\n${this.lines.join("\n")}\n`);
      live.delete(this);
      return exit;
    });
  }

  private async pump(stream: ReadableStream<Uint8Array>, sink: (text: string) => void): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of stream) sink(decoder.decode(chunk, { stream: true }));
  }

  private addStdout(text: string): void {
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop()!;
    this.lines.push(...parts);
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /**
   * Waits until a metadata request through `bootstrap` lists a broker (`client`: kcat's options for an
   * SSL or SASL listener); returns (and remembers) the milliseconds since spawn.
   */
  async waitReady(bootstrap: string, client: readonly string[] = [], timeoutMs = 150_000): Promise<number> {
    const gone = () => (this.exit ? `${this.label} exited (${JSON.stringify(this.exit)})\n${this.tail()}` : undefined);
    await waitForMetadata(bootstrap, { client, timeoutMs, gone, exited: this.exited }).catch((e: Error) => {
      throw new Error(`${this.label}: ${e.message}\n${this.exit ? "" : this.tail()}`);
    });
    this.readyAfterMs ??= performance.now() - this.startedAt;
    return this.readyAfterMs;
  }

  /** Sends `signal` and waits (bounded) for the exit; returns it and how long it took. */
  async stop(signal: "SIGTERM" | "SIGKILL" | "SIGINT" = "SIGTERM", timeoutMs = 60_000): Promise<Exit & { ms: number }> {
    const t = performance.now();
    if (this.running) process.kill(this.pid, signal);
    const exit = await withDeadline(this.exited, timeoutMs, () => `${this.label}: still running ${timeoutMs} ms after ${signal}\n${this.tail()}`);
    return { ...exit, ms: performance.now() - t };
  }

  /** Last lines of stdout and stderr, for failure messages. */
  tail(n = 40): string {
    return `--- stderr ---\n${this.stderr.trimEnd()}\n--- stdout (last ${n} lines) ---\n${this.lines.slice(-n).join("\n")}`;
  }
}

/** Starts `kafka-launcher run` for one node: image defaults, its mounted/final/secrets folders, env on top of baseEnv(). */
export function launch(label: string, dirs: NodeDirs, env: Record<string, string> = {}): Broker {
  const argv = [LAUNCHER, "run", "-D", DEFAULTS_DIR, "-M", dirs.mounted, "-F", dirs.final, "-S", dirs.secrets];
  return new Broker(label, argv, { ...baseEnv(), ...env }, join(dirs.root, `${label.replace(/\W/g, "_")}.log`));
}

/** Runs a short-lived program to its end (bounded), capturing everything; only PATH unless `env` says otherwise. */
export async function run(argv: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<Outcome> {
  const env = options.env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  const { stdout, stderr, exitCode } = await capture(argv, { env, input: options.input, timeoutMs: options.timeoutMs ?? 60_000 });
  return { stdout, stderr, exitCode };
}

/** `kafka-launcher <args>` to completion (explain, health, a refused run…). */
export function runLauncher(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Outcome> {
  return run([LAUNCHER, ...args], { env: { ...baseEnv(), ...env }, timeoutMs });
}

/** `kafka-launcher health --bootstrap localhost:<port>`. */
export function health(port: number, timeoutMs = 3000): Promise<Outcome> {
  return runLauncher(["health", "--bootstrap", `localhost:${port}`, "--timeout", String(timeoutMs)], {}, timeoutMs + 30_000);
}

/** kcat (Debian's kafkacat) with the given arguments, bounded; quiet (-q) unless asked for librdkafka's errors. */
export function kcat(args: string[], input?: string, options: { quiet?: boolean; timeoutMs?: number } = {}): Promise<Outcome> {
  return run(["kcat", ...(options.quiet === false ? [] : ["-q"]), ...args], { input, timeoutMs: options.timeoutMs ?? 60_000 });
}

/**
 * Everything in `topic` from the beginning, one `%k=%s` per line, read with kcat until the end.
 * Right after a (re)start a partition may still be loading (kcat then fails with e.g. "Unknown topic
 * or partition"): such a failed read is retried until `timeoutMs`. Missing messages are not an error
 * here, they are what the caller asserts on.
 */
export async function kcatReadAll(bootstrap: string, topic: string, extra: string[] = [], timeoutMs = 30_000): Promise<string[]> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const out = await kcat(["-b", bootstrap, ...extra, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k=%s\n"], undefined, { quiet: false });
    if (out.exitCode === 0) return out.stdout.split("\n").filter(Boolean);
    if (performance.now() > deadline) throw new Error(`kcat -C -t ${topic} failed ${attempt} times, last (${out.exitCode}): ${out.stderr}`);
    await Bun.sleep(250); // pause between attempts of a bounded retry, not a wait for a condition
  }
}

/** A kafkajs client that stays quiet (its own logs would flood the test output). */
export function kafkajs(brokers: string[], extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId: "broker-test", brokers, logLevel: logLevel.NOTHING, ...extra });
}

export { Partitioners };

export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------
// Files

/** sha256, size and mode of every file and folder under `dir`, by relative path (sorted). */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = statSync(path);
      const key = relative(dir, path);
      if (st.isDirectory()) {
        out[`${key}/`] = `dir mode=${st.mode.toString(8)}`;
        walk(path);
      } else {
        const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
        out[key] = `${sha} size=${st.size} mode=${st.mode.toString(8)} mtime=${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

export function writeFile(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

// ---------------------------------------------------------------------------------------------------
// Cleanup

/** Kills every process still running (SIGKILL) and removes every temp folder. Call from afterAll. */
export async function cleanup(): Promise<void> {
  const brokers = [...live];
  for (const b of brokers) {
    try {
      process.kill(b.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.all(brokers.map((b) => withDeadline(b.exited, 10_000, () => `${b.label} (pid ${b.pid}) survived SIGKILL`)));
  if (process.env.BROKER_TEST_KEEP === "1") {
    if (tempRoots.size) console.error(`broker tests: kept ${[...tempRoots].join(" ")}`);
    return;
  }
  for (const dir of tempRoots) rmSync(dir, { recursive: true, force: true });
  tempRoots.clear();
}

// Last resort when a test file dies without its afterAll: no broker outlives the test process.
process.on("exit", () => {
  for (const b of live) {
    try {
      process.kill(b.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
