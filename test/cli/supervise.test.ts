// `kafka-launcher <program>` as PID 1 (entrypoint/edges/supervise.ts): the compiled launcher made PID 1 of
// a new PID namespace (`unshare --pid --fork --mount-proc`, as docker makes it PID 1 of a container),
// signalled from outside like `docker stop` signals. Needs root (unshare); fails loudly under CI when
// it cannot run, skips with the reason elsewhere.
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shouldSupervise } from "../../entrypoint/edges/supervise.ts";
import { LAUNCHER } from "./launcher.ts";

const probe = Bun.spawnSync(["unshare", "--pid", "--fork", "--mount-proc", "true"], { stderr: "pipe" });
const why = probe.exitCode === 0 ? "" : `unshare --pid --fork --mount-proc failed: ${probe.stderr.toString().trim() || "not installed"}`;
if (why && process.env.CI) throw new Error(`test/cli/supervise.test.ts: CI is set but ${why}`);
if (why) console.warn(`test/cli/supervise.test.ts: SKIPPED: ${why}`);

/** One program's budget: each finishes in well under a second when the launcher behaves. */
const TIMEOUT_MS = 20_000;

const dir = mkdtempSync(join(tmpdir(), "supervise-"));
const started: Bun.Subprocess[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A launcher that misbehaves (the test failed) must not outlive it: SIGKILL to PID 1 ends its namespace.
afterEach(() => {
  for (const proc of started.splice(0)) {
    if (proc.exitCode !== null || proc.signalCode !== null) continue;
    for (const pid of Bun.spawnSync(["pgrep", "-P", String(proc.pid)]).stdout.toString().split("\n").filter(Boolean)) process.kill(Number(pid), "SIGKILL");
    proc.kill("SIGKILL");
  }
});

type Init = {
  /** Resolves once stdout has printed `line`. */
  printed(line: string): Promise<void>;
  /** The launcher's pid as seen from here (it is PID 1 inside), once the program printed something. */
  launcherPid: Promise<number>;
  done: Promise<{ exitCode: number | null; stdout: string; stderr: string }>;
};

/** The launcher as PID 1 of a fresh PID namespace, running `argv`; `out` fills with stdout lines as they come. */
function asInit(argv: string[]): Init {
  const proc = Bun.spawn(["unshare", "--pid", "--fork", "--mount-proc", LAUNCHER, ...argv], {
    env: { PATH: "/usr/bin:/bin" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  started.push(proc);
  let stdout = "";
  const waiters = new Set<() => void>();
  const printed = (line: string) =>
    new Promise<void>((resolve) => {
      const check = () => stdout.split("\n").includes(line) && (waiters.delete(check), resolve());
      waiters.add(check);
      check();
    });
  const pump = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) {
      stdout += decoder.decode(chunk, { stream: true });
      for (const w of [...waiters]) w();
    }
  })();
  const launcherPid = (async () => {
    // unshare --fork: the launcher is unshare's child, there once the program prints anything
    await new Promise<void>((resolve) => waiters.add(function first() { waiters.delete(first); resolve(); }));
    return Number(Bun.spawnSync(["pgrep", "-P", String(proc.pid)]).stdout.toString().trim());
  })();
  const done = (async () => {
    const [stderr] = await Promise.all([new Response(proc.stderr).text(), pump, proc.exited]);
    return { exitCode: proc.exitCode, stdout, stderr };
  })();
  return { printed, launcherPid, done };
}

function script(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o755 });
  return path;
}

describe.skipIf(Boolean(why))("the launcher as PID 1 runs another program as tini would", () => {
  test("the program's output and exit status pass through; it runs as a child, not as PID 1", async () => {
    const run = asInit(["sh", "-c", 'echo "pid=$$ ppid=$PPID"; exit 7']);
    // pids 2, 3, … go to the launcher's threads first (Bun's), so only "not 1" is certain
    expect(await run.done).toEqual({ exitCode: 7, stdout: expect.stringMatching(/^pid=([2-9]|\d\d+) ppid=1\n$/), stderr: "" });
  }, TIMEOUT_MS);

  test("SIGTERM to PID 1 reaches the whole group; PID 1 waits for a grandchild's slow shutdown, then exits 143", async () => {
    // Testcontainers' shape: sh runs a bash script that runs the server without exec.
    const server = script("server.sh", '#!/bin/bash\ntrap \'echo "server: TERM"; sleep 0.3; echo "server: clean exit"; exit 143\' TERM\necho "server: up"\nwhile :; do sleep 0.05; done\n');
    const starter = script("start.sh", `#!/bin/bash\n${server}\necho "starter: server ended"\n`);
    const run = asInit(["sh", "-c", `${starter}; echo "sh: after the starter"`]);
    await run.printed("server: up");
    process.kill(await run.launcherPid, "SIGTERM");
    const { exitCode, stdout } = await run.done;
    expect({ exitCode, lines: stdout.trim().split("\n") }).toEqual({
      exitCode: 143,
      lines: ["server: up", "server: TERM", "server: clean exit"],
    });
  }, TIMEOUT_MS);

  test("SIGINT and SIGHUP are passed on too: the program's status is 128 + the signal", async () => {
    for (const [signal, code] of [["SIGINT", 130], ["SIGHUP", 129]] as const) {
      const run = asInit(["sh", "-c", "echo ready; while :; do sleep 0.05; done"]);
      await run.printed("ready");
      process.kill(await run.launcherPid, signal);
      expect({ signal, exitCode: (await run.done).exitCode }).toEqual({ signal, exitCode: code });
    }
  }, TIMEOUT_MS);

  test("orphans re-parented to PID 1 are reaped when they exit: no zombie is left", async () => {
    // A subshell starts a short-lived process and exits at once: that process becomes PID 1's child.
    // The program then waits (bounded) until no zombie is left in the namespace, and says what it saw.
    const run = asInit([
      "sh", "-c",
      [
        "for i in 1 2 3; do (sleep 0.1 &); done",
        "zombies() { grep -sl '^State:[[:space:]]*Z' /proc/[0-9]*/status; }",
        "i=0; while [ $i -lt 100 ]; do sleep 0.1; [ -z \"$(zombies)\" ] && [ -z \"$(pgrep -x sleep)\" ] && break; i=$((i+1)); done",
        'echo "zombies left: $(zombies | wc -l)"',
      ].join("\n"),
    ]);
    expect(await run.done).toEqual({ exitCode: 0, stdout: "zombies left: 0\n", stderr: "" });
  }, TIMEOUT_MS);

  test("a program that is not there: 127 and the reason; one that cannot be executed: 126", async () => {
    const notExecutable = script("data.txt", "just text\n");
    Bun.spawnSync(["chmod", "0644", notExecutable]);
    const missing = await asInit(["/nonexistent/program"]).done;
    const denied = await asInit([notExecutable]).done;
    expect({ missing: missing.exitCode, denied: denied.exitCode }).toEqual({ missing: 127, denied: 126 });
    expect(missing.stderr).toContain("cannot run the program /nonexistent/program: not found (ENOENT)");
    expect(denied.stderr).toContain("(EACCES)");
  }, TIMEOUT_MS);
});

describe("when the launcher supervises", () => {
  test.each([
    [1, false, true],
    [1, true, false], // docker run -it IMAGE bash: the shell keeps the terminal and its job control
    [4711, false, false], // not PID 1 (docker run --init, a shell): execve as before
  ])("pid %p, stdin a terminal %p → %p", (pid, tty, expected) => {
    expect(shouldSupervise(pid, tty)).toBe(expected);
  });
});
