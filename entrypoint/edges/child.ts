// Edge: runs the storage-tool format as a child process and, when it fails, reports it the way
// execa does: why (exit code, signal, not found), the exact command, then what it printed. While it
// runs, a stop signal the launcher receives goes on to it (signals.ts); then the result is only that
// the launcher was stopped, however the child ended.
import type { Problem } from "../core/problems.ts";
import type { Command } from "../core/runtime.ts";
import type { StopSignal, StopWatch } from "./signals.ts";
import { kafkaRefusal } from "../core/storage.ts";

export type ChildResult =
  | { ok: true; output: string }
  | { ok: false; problem: Problem }
  | { ok: false; stoppedBy: StopSignal; ended: string };

export async function runChild(cmd: Command, what: string, stops?: StopWatch): Promise<ChildResult> {
  let child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    child = Bun.spawn(cmd.argv, { env: cmd.env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  } catch (e) {
    return { ok: false, problem: cannotStart(cmd, what, (e as Error).message) };
  }
  stops?.forwardTo(child.pid);
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  stops?.forwardTo(undefined);
  const stoppedBy = await stops?.settle();
  if (stoppedBy) return { ok: false, stoppedBy, ended: child.signalCode ? `by ${child.signalCode}` : `with code ${child.exitCode}` };
  const output = `${stdout}${stderr}`.trim();
  if (child.exitCode === 0) return { ok: true, output };
  const why = child.signalCode ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`;
  const refusal = kafkaRefusal(output);
  return {
    ok: false,
    problem: {
      kind: refusal ? "config" : "internal",
      severity: "error",
      subject: what,
      message: `${refusal ? `Kafka refused the configuration: ${refusal}\n      ${what} ${why}` : `${what} ${why}`}\n      command: ${cmd.argv.join(" ")}\n${indent(tail(output, 20))}`,
      fix: refusal ? "correct the configuration as Kafka's message says (`kafka-launcher explain` shows where each key came from)" : "read Kafka's output above",
    },
  };
}

function cannotStart(cmd: Command, what: string, detail: string): Problem {
  const missing = /ENOENT|not found|No such file/i.test(detail);
  return {
    kind: missing ? "not-found" : "exec",
    severity: "error",
    subject: cmd.path,
    message: `${what} cannot start: ${cmd.path} ${missing ? "was not found" : `cannot be executed (${detail})`}`,
    fix: missing ? "install the broker (scripts/install-broker.sh) or set LAUNCHER_BROKER_BINARY / LAUNCHER_JAVA" : `make ${cmd.path} executable`,
  };
}

/** The last lines of what the child printed, without Java's stack frames (`\tat …`), which say nothing to a user. */
function tail(text: string, lines: number): string {
  return text
    .split("\n")
    .filter((l) => !/^\s+at \S+\(.*\)$/.test(l) && !/^\s+\.\.\. \d+ more$/.test(l))
    .slice(-lines)
    .join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => `      | ${l}`)
    .join("\n");
}
