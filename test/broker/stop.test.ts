// A stop while the real storage format of a first start runs, on both ways a format runs:
// - the native binary contract (storage-tool, then kafka; here the image's JVM stand-in for the
//   binary): the format is a child of the launcher, which passes the signal on, does not start the
//   broker and exits 128 + the signal;
// - the JVM runtime: the launcher has already exec'd into the broker's JVM, which formats before the
//   broker starts (one JVM); the signal reaches that JVM itself, which exits 128 + the signal.
// Either way the storage left is whole per dir (formatted or not), so the next start formats the rest
// or skips, and the broker runs. Moments: the format's JVM runs (SIGTERM), and the format has begun
// writing the log dirs, two of them (SIGINT). The launcher is not PID 1 here; test/docker/stop.test.ts
// has it as PID 1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  cleanup,
  defaultsWith,
  hashTree,
  health,
  launch,
  nodeDirs,
  reservePorts,
  requirePrerequisites,
  LIBS,
  ROOT,
  START_TIMEOUT_MS,
  writeFile,
  type Broker,
  type NodeDirs,
} from "./harness.ts";

beforeAll(requirePrerequisites);
afterAll(cleanup);

/** The binary contract's two steps, with the image's JVM stand-in for the native binary. */
const NATIVE_CONTRACT = { LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: join(ROOT, "docker/jvm/kafka.Kafka"), LAUNCHER_JAVA: "java", LAUNCHER_CLASSPATH: `${LIBS}/*` };

/** Whether the process `pid` itself runs `needle` (the launcher after its exec into the broker's JVM). */
function runs(pid: number, needle: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "latin1").includes(needle);
  } catch {
    return false; // gone
  }
}

/** Every log dir either formatted (meta.properties) or not: what the next start's decision reads. */
function formattedDirs(logDirs: string[]): number {
  return logDirs.filter((d) => existsSync(join(d, "meta.properties"))).length;
}

/** The pids whose parent is `parent` and whose command line contains `needle`. */
function children(parent: number, needle: string): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, "latin1");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === parent && readFileSync(`/proc/${n}/cmdline`, "latin1").includes(needle);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Polls (bounded) until `condition` holds; the launcher gives no other sign that the format began. */
async function until(what: string, condition: () => boolean, broker: Broker, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (!broker.running) throw new Error(`${broker.label} exited before ${what}\n${broker.tail()}`);
    if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms\n${broker.tail()}`);
    await Bun.sleep(5); // between two looks at /proc or the data folder
  }
}

type Stopped = { exitCode: number | null; brokerStarted: boolean; said: string; formatChildLeft: number[]; formatted: number };

async function stopDuringFormat(dirs: NodeDirs, signal: "SIGTERM" | "SIGINT", moment: (b: Broker) => Promise<void>): Promise<Stopped> {
  const broker = launch(`${signal}#1`, dirs, NATIVE_CONTRACT);
  await moment(broker);
  const formatChild = children(broker.pid, "storage-tool");
  const exit = await broker.stop(signal);
  const said = /stopped by \w+ before the broker started( \(the storage format it passed \w+ on to ended [^)]+\))?; storage: (\d+) of \d+ dir\(s\) formatted/.exec(broker.stderr);
  return {
    exitCode: exit.exitCode,
    brokerStarted: broker.stderr.includes("kafka-launcher: exec") || broker.lines.some((l) => l.includes("KafkaRaftServer")),
    said: said?.[0].replace(/\d+ of/, "N of") ?? broker.stderr,
    formatChildLeft: formatChild.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "latin1").includes(") Z ")),
    formatted: Number(said?.[2] ?? NaN),
  };
}

/** The start after the stop: its storage decision, and a broker that answers. */
async function restart(dirs: NodeDirs, port: number, label: string, env: Record<string, string> = {}): Promise<{ storage: string; answers: number | null }> {
  const broker = launch(label, dirs, env);
  await broker.waitReady(`localhost:${port}`, [], START_TIMEOUT_MS);
  const answers = (await health(port)).exitCode;
  const storage = /storage\s+[\d.]+ ms\s+(.*)/.exec(broker.stderr)?.[1] ?? "(no storage line)";
  await broker.stop();
  return { storage, answers };
}

describe("the native binary contract: a stop while the storage-tool child formats", () => {
  test(
    "SIGTERM as soon as the format's JVM runs: it is passed on, no broker, exit 143; the next start formats and runs",
    async () => {
      const reserved = await reservePorts(2);
      const [port, controller] = reserved.ports as [number, number];
      await reserved.release(); // the launcher binds nothing until the broker's restart below
      const dirs = nodeDirs("stop-term");
      writeFile(join(dirs.mounted, "server.properties"), defaultsWith({ broker: port, controller }, dirs.data));
      const stopped = await stopDuringFormat(dirs, "SIGTERM", (b) => until("storage-tool child", () => children(b.pid, "storage-tool").length > 0, b));
      expect({ ...stopped, formatted: undefined }).toEqual({
        exitCode: 143,
        brokerStarted: false,
        // the JVM got the signal (killed by it, or 143 from its own handler), long before a format ends
        said: expect.stringMatching(/^stopped by SIGTERM before the broker started \(the storage format it passed SIGTERM on to ended (by SIGTERM|with code 143)\); storage: N of 1 dir\(s\) formatted$/),
        formatChildLeft: [],
        formatted: undefined,
      });
      const next = await restart(dirs, port, "SIGTERM#2", NATIVE_CONTRACT);
      console.error(`measured: stopped with ${stopped.formatted} of 1 dir formatted; the next start: ${next.storage}`);
      expect(next).toEqual({ storage: stopped.formatted === 1 ? expect.stringMatching(/^skip format/) : expect.stringMatching(/^formatted \(new storage/), answers: 0 });
    },
    START_TIMEOUT_MS * 2,
  );

  const written = (dirs: NodeDirs, file: string) => () => ["a", "b"].some((d) => existsSync(join(dirs.data, d, file)));
  test.each([
    { moment: "the first log dir appears", condition: (dirs: NodeDirs) => written(dirs, "") },
    { moment: "the first meta.properties is written", condition: (dirs: NodeDirs) => written(dirs, "meta.properties") },
  ])(
    "SIGINT when $moment (two log dirs): exit 130, each dir whole; the next start completes the format and runs",
    async ({ moment, condition }) => {
      const reserved = await reservePorts(2);
      const [port, controller] = reserved.ports as [number, number];
      await reserved.release(); // the launcher binds nothing until the broker's restart below
      const dirs = nodeDirs("stop-int");
      const logDirs = `${join(dirs.data, "a")},${join(dirs.data, "b")}`;
      writeFile(join(dirs.mounted, "server.properties"), defaultsWith({ broker: port, controller }, logDirs));
      const stopped = await stopDuringFormat(dirs, "SIGINT", (b) => until(moment, condition(dirs), b));
      expect({ ...stopped, formatted: undefined }).toEqual({
        exitCode: 130,
        brokerStarted: false,
        said: expect.stringMatching(/^stopped by SIGINT before the broker started \(the storage format it passed SIGINT on to ended (with code (130|0)|by SIGINT)\); storage: N of 2 dir\(s\) formatted$/),
        formatChildLeft: [],
        formatted: undefined,
      });
      console.error(`measured: left in the log dirs after the stop: ${JSON.stringify(Object.keys(hashTree(dirs.data)))}`);
      const expected = [/^formatted \(new storage/, /^formatted \(1 of 2 storage dir\(s\) not formatted yet, --ignore-formatted\)/, /^skip format/][stopped.formatted]!;
      const next = await restart(dirs, port, "SIGINT#2", NATIVE_CONTRACT);
      console.error(`measured: stopped with ${stopped.formatted} of 2 dirs formatted; the next start: ${next.storage}`);
      expect(next).toEqual({ storage: expect.stringMatching(expected), answers: 0 });
    },
    START_TIMEOUT_MS * 2,
  );
});

describe("the JVM runtime: a stop while the broker's own JVM formats", () => {
  // the next start's storage line by the number of dirs left formatted (it formats in its JVM too)
  const NEXT = [/^format in the broker's JVM before it starts \(new storage/, /^format in the broker's JVM before it starts \(1 of 2 storage dir\(s\) not formatted yet, --ignore-formatted\)/, /^skip format/];

  test.each([
    { signal: "SIGTERM" as const, code: 143, moment: "the JVM runs the format", reached: (_logDirs: string[]) => true },
    { signal: "SIGINT" as const, code: 130, moment: "the first log dir appears", reached: (logDirs: string[]) => logDirs.some((d) => existsSync(d)) },
  ])(
    "$signal when $moment (two log dirs): the JVM (the launcher's PID) exits $code before any broker; each dir whole; the next start completes the format and runs",
    async ({ signal, code, moment, reached }) => {
      const reserved = await reservePorts(2);
      const [port, controller] = reserved.ports as [number, number];
      await reserved.release(); // nothing binds until the broker's restart below
      const dirs = nodeDirs(`stop-jvm-${signal}`);
      const logDirs = [join(dirs.data, "a"), join(dirs.data, "b")];
      writeFile(join(dirs.mounted, "server.properties"), defaultsWith({ broker: port, controller }, logDirs.join(",")));
      const broker = launch(`${signal}#1`, dirs);
      await until(moment, () => runs(broker.pid, "storage-tool") && reached(logDirs), broker);
      const exit = await broker.stop(signal);
      const formatted = formattedDirs(logDirs);
      expect({
        // 128 + n from the JVM's own handler, or killed by the signal if it came before the JVM set one
        ended: exit.exitCode === code || exit.signalCode === signal,
        told: /kafka-launcher: storage\s+[\d.]+ ms\s+format in the broker's JVM before it starts/.test(broker.stderr),
        brokerStarted: broker.lines.some((l) => l.includes("KafkaRaftServer")),
      }).toEqual({ ended: true, told: true, brokerStarted: false });
      const next = await restart(dirs, port, `${signal}#2`);
      console.error(`measured: ${signal} left ${formatted} of 2 dirs formatted; the next start: ${next.storage}`);
      expect(next).toEqual({ storage: expect.stringMatching(NEXT[formatted]!), answers: 0 });
    },
    START_TIMEOUT_MS * 2,
  );
});
