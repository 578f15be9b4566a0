// Edge: runs the storage-tool format as a child process and, when it fails, reports it the way
// execa does: why (exit code, signal, not found), the exact command, then what it printed.
import type { Problem } from "./problems.ts";
import type { Command } from "./runtime.ts";
import { kafkaRefusal } from "./storage.ts";

export type ChildResult = { ok: true; output: string } | { ok: false; problem: Problem };

export function runChild(cmd: Command, what: string): ChildResult {
  let result: ReturnType<typeof Bun.spawnSync>;
  try {
    result = Bun.spawnSync(cmd.argv, { env: cmd.env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  } catch (e) {
    return { ok: false, problem: cannotStart(cmd, what, (e as Error).message) };
  }
  const output = `${result.stdout?.toString() ?? ""}${result.stderr?.toString() ?? ""}`.trim();
  if (result.success) return { ok: true, output };
  const why = result.signalCode ? `was killed by ${result.signalCode}` : `exited with code ${result.exitCode}`;
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
