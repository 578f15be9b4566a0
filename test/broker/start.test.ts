// `npm start`, the real command, with and without KAFKA_LOG_DIRS. It serves the default configuration
// on the fixed ports 9092/9093, so each run gets a network namespace of its own (`unshare --net`, root)
// and never meets another broker on this machine; clients join it with nsenter. Ctrl-C is SIGINT to
// the whole process group, as a terminal sends it.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashTree, LAUNCHER, ROOT, START_TIMEOUT_MS, withDeadline } from "./harness.ts";

const probe = Bun.spawnSync(["unshare", "--net", "true"], { stderr: "pipe" });
const why = probe.exitCode === 0 ? "" : `unshare --net failed: ${probe.stderr.toString().trim() || "not installed"}`;
if (why && process.env.CI) throw new Error(`test/broker/start.test.ts: CI is set but ${why}`);
if (why) console.warn(`test/broker/start.test.ts: SKIPPED: ${why}`);

const work = mkdtempSync(join(tmpdir(), "npm-start-"));
/** The network namespaces of the starts (`net:[inode]`): whatever still runs in one after a failure is killed. */
const namespaces = new Set<string>();
afterAll(() => {
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      if (namespaces.has(readlinkSync(`/proc/${pid}/ns/net`))) process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  rmSync(work, { recursive: true, force: true });
});

type Start = { proc: Bun.Subprocess<"ignore", "pipe", "pipe">; stderr: () => string };

function npmStart(env: Record<string, string> = {}): Start {
  const proc = Bun.spawn(["unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec npm start"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    detached: true, // its own process group, like a terminal's foreground job
  });
  let stderr = "";
  void (async () => {
    for await (const chunk of proc.stderr) {
      // the namespace exists once `unshare` has run, before anything is printed
      if (!stderr) namespaces.add(readlinkSync(`/proc/${proc.pid}/ns/net`));
      stderr += new TextDecoder().decode(chunk);
    }
  })();
  void (async () => {
    for await (const _ of proc.stdout); // the broker's log: drained, not needed here
  })();
  return { proc, stderr: () => stderr };
}

/** A program run inside the start's network namespace. */
function inside(start: Start, argv: string[], input?: string) {
  const r = Bun.spawnSync(["nsenter", `--net=/proc/${start.proc.pid}/ns/net`, ...argv], { stdin: input === undefined ? "ignore" : Buffer.from(input), stdout: "pipe", stderr: "pipe" });
  return { exitCode: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Ready when the broker answers the protocol on localhost:9092 (bounded). */
/** Waits for npm start to say the broker runs; from then on it answers the protocol (checked once, at once). */
async function answering(start: Start): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (!start.stderr().includes("start: broker running on localhost:9092")) {
    if (start.proc.exitCode !== null) throw new Error(`npm start exited (${start.proc.exitCode}) before saying the broker runs:\n${start.stderr()}`);
    if (performance.now() > deadline) throw new Error(`npm start did not say the broker runs within ${START_TIMEOUT_MS} ms:\n${start.stderr()}`);
    await Bun.sleep(50); // between two looks at what npm start printed
  }
  const check = inside(start, [LAUNCHER, "health", "--bootstrap", "localhost:9092", "--timeout", "2000"]);
  if (check.exitCode !== 0) throw new Error(`npm start said the broker runs, but it does not answer: ${check.stderr}`);
}

/** Ctrl-C, then the lines npm start printed itself (`start: …`) and the launcher's storage decision. */
async function ctrlC(start: Start): Promise<{ said: string[]; storage: string }> {
  process.kill(-start.proc.pid, "SIGINT");
  await withDeadline(start.proc.exited, 60_000, () => `npm start still running 60 s after Ctrl-C:\n${start.stderr()}`);
  return summary(start);
}

function summary(start: Start): { said: string[]; storage: string } {
  const lines = start.stderr().split("\n");
  return {
    said: lines.filter((l) => l.startsWith("start: ") && !l.includes("broker running on")),
    storage: lines.find((l) => l.startsWith("kafka-launcher: storage"))?.replace(/storage\s+[\d.]+ ms\s+/, "storage ") ?? "(no storage line)",
  };
}

const kcat = (start: Start, args: string[], input?: string) => inside(start, ["kcat", "-b", "localhost:9092", "-q", ...args], input);

describe.skipIf(Boolean(why))("npm start", () => {
  test(
    "without KAFKA_LOG_DIRS: a throw-away folder, said and removed when Ctrl-C stops the broker",
    async () => {
      const start = npmStart();
      await answering(start);
      const { said } = await ctrlC(start);
      const folder = /data and configs in (\S+)/.exec(said[0] ?? "")?.[1] ?? "(none)";
      expect({ said, folderLeft: existsSync(folder) }).toEqual({
        said: [
          `start: data and configs in ${folder} (removed when the broker stops; set KAFKA_LOG_DIRS to keep the data)`,
          "start: SIGINT: stopping the broker cleanly (Ctrl-C again to kill it)",
          "start: broker stopped; temporary folder removed",
        ],
        folderLeft: false,
      });
    },
    START_TIMEOUT_MS,
  );

  test(
    "with KAFKA_LOG_DIRS: the data lives there and stays; a restart skips the format and reads it; another CLUSTER_ID is refused, the folder untouched",
    async () => {
      const data = join(work, "kafka-data");
      const first = npmStart({ KAFKA_LOG_DIRS: data });
      await answering(first);
      expect(kcat(first, ["-P", "-t", "kept", "-X", "acks=all"], "written before a restart\n")).toEqual({ exitCode: 0, stdout: "", stderr: "" });
      const stopped = await ctrlC(first);
      expect(stopped.said.filter((l) => !l.includes("SIGINT"))).toEqual([
        expect.stringMatching(new RegExp(`^start: data in ${data} \\(KAFKA_LOG_DIRS: kept when the broker stops\\); configs in /\\S+ \\(removed\\)$`)),
        `start: broker stopped; temporary configs removed, data kept in ${data}`,
      ]);
      expect({ storage: stopped.storage, meta: existsSync(join(data, "meta.properties")), clean: existsSync(join(data, ".kafka_cleanshutdown")) }).toEqual({
        storage: `kafka-launcher: storage format in the broker's JVM before it starts (new storage in ${data})`,
        meta: true,
        clean: true,
      });

      const second = npmStart({ KAFKA_LOG_DIRS: data });
      await answering(second);
      expect(kcat(second, ["-C", "-t", "kept", "-o", "beginning", "-e"]).stdout).toBe("written before a restart\n");
      expect((await ctrlC(second)).storage).toBe("kafka-launcher: storage skip format: all 1 storage dir(s) already formatted for cluster 5L6g3nShT-eMCtK--X86sw");

      const before = hashTree(data);
      const stored = /cluster\.id=(\S+)/.exec(readFileSync(join(data, "meta.properties"), "utf8"))![1]!;
      const third = npmStart({ KAFKA_LOG_DIRS: data, CLUSTER_ID: "AAAAAAAAAAAAAAAAAAAAAA" });
      await withDeadline(third.proc.exited, START_TIMEOUT_MS, () => `npm start with another CLUSTER_ID did not end:\n${third.stderr()}`);
      expect({ exitCode: third.proc.exitCode === 0 ? 0 : "non-zero", after: hashTree(data) }).toEqual({ exitCode: "non-zero", after: before });
      expect(third.stderr()).toContain(`${data} belongs to cluster ${stored}, but CLUSTER_ID is AAAAAAAAAAAAAAAAAAAAAA`);
      expect(summary(third).said.at(-1)).toBe(`start: broker exited with code 65; temporary configs removed, data kept in ${data}`);
    },
    START_TIMEOUT_MS * 3,
  );
});
