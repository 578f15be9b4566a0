// Edge: everything the launcher prints. Progress and problems go to stderr (docker logs shows
// both); `explain` goes to stdout. Every byte passes one gate: secret values are masked, and a write
// returns only when the whole text is out, so nothing is lost when the launcher execs the broker.
import { writeSync } from "node:fs";
import type { Plan } from "../core/plan.ts";
import { OUTPUT_TAG } from "../core/policy.ts";
import { describeSource, exitCodeFor, type Problem } from "../core/problems.ts";
import { describeUsers } from "../core/scram.ts";
import { MASK, maskArgv, redact, shownValue } from "../core/secrecy.ts";

/** Problems of one group beyond this many are counted, not shown (a file with 200 000 unknown keys). */
const SHOWN_PER_GROUP = 10;

let hidden: readonly string[] = [];
const closed = new Set<number>();

/** From here on, these values never leave the process (plan.secrets). */
export function hideSecrets(values: readonly string[]): void {
  hidden = values;
}

export function write(fd: 1 | 2, text: string): void {
  writeAll(fd, Buffer.from(hidden.length ? redact(text, hidden) : text, "utf8"));
}

/**
 * Bun makes stdout/stderr non-blocking once they are touched, so a write into a full pipe returns short or
 * fails with EAGAIN: go on until every byte is out, waiting a millisecond when the reader is behind. A reader
 * that went away (EPIPE: `explain | head`) gets nothing more; the launcher goes on.
 */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length && !closed.has(fd)) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") closed.add(fd);
      else if (code === "EAGAIN") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      else throw e;
    }
  }
}

export function say(line: string): void {
  write(2, `${OUTPUT_TAG} ${line}\n`);
}

export function step(name: string, startedAt: number, detail: string): void {
  say(`${name.padEnd(7)} ${(performance.now() - startedAt).toFixed(1).padStart(6)} ms  ${detail}`);
}

/** Each group of problems shown a few at a time; the rest counted. */
function capped(problems: readonly Problem[]): { shown: Problem[]; more: Map<string, number> } {
  const seen = new Map<string, number>();
  const shown: Problem[] = [];
  for (const p of problems) {
    const n = p.group ? (seen.get(p.group) ?? 0) + 1 : 0;
    if (p.group) seen.set(p.group, n);
    if (n <= SHOWN_PER_GROUP) shown.push(p);
  }
  return { shown, more: new Map([...seen].filter(([, n]) => n > SHOWN_PER_GROUP).map(([g, n]) => [g, n - SHOWN_PER_GROUP])) };
}

export function formatProblems(problems: readonly Problem[]): string {
  const lines: string[] = [];
  const errs = problems.filter((p) => p.severity === "error");
  const warns = problems.filter((p) => p.severity === "warning");
  const what = errs.every((p) => p.kind === "config") ? " in the configuration" : "";
  if (errs.length) lines.push(`${OUTPUT_TAG} cannot start: ${errs.length} problem${errs.length > 1 ? "s" : ""}${what}`);
  const { shown, more } = capped([...errs, ...warns]);
  for (const p of shown) {
    const where = describeSource(p.source);
    lines.push(`  ${p.severity === "error" ? "✗" : "!"} ${p.message}${where ? `  [${where}]` : ""}`);
    lines.push(`      fix: ${p.fix}`);
  }
  for (const [group, n] of more) lines.push(`  … and ${n} more of the kind ${group} (\`kafka-launcher explain --json\` lists every one)`);
  return lines.join("\n") + (lines.length ? "\n" : "");
}

export function printProblems(problems: readonly Problem[]): void {
  write(2, formatProblems(problems));
}

/** Prints the problems that stop this command; its exit code. */
export function failWith(problems: readonly Problem[]): number {
  printProblems(problems);
  return exitCodeFor(problems);
}

/** Where the configuration came from, in one line. */
export function summarize(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const e of plan.config.values()) counts.set(e.source.kind, (counts.get(e.source.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${kind === "env" ? "from env" : kind === "file" ? "from the mounted file" : kind}`);
  return `${plan.config.size} keys (${parts.join(", ")}); base: ${plan.base}`;
}

export type ExplainRow = { key: string; value: string; source: string };

export function explainRows(plan: Plan): ExplainRow[] {
  const rows = [...plan.config.values()].map((e) => ({ key: e.key, value: shownValue(e), source: describeSource(e.source) }));
  rows.push({ key: "(cluster id)", value: shownValue({ key: "cluster.id", value: plan.clusterId.value, secret: plan.clusterId.secret }), source: describeSource(plan.clusterId.source) });
  // the users' names and mechanisms only: their passwords are masked by the gate, and never put here
  if (plan.scram) rows.push({ key: "(SCRAM users)", value: `${describeUsers(plan.scram.users)}, passwords ${MASK}; added when the storage is formatted`, source: describeSource(plan.scram.source) });
  return rows;
}

export function formatExplain(plan: Plan, json: boolean): string {
  const rows = explainRows(plan);
  const warnings = plan.problems.filter((p) => p.severity === "warning");
  if (json) {
    const problems = plan.problems.map((p) => ({ ...p, source: describeSource(p.source) || undefined }));
    const logging = { log4j2: { from: plan.logging.log4j2.from, changes: plan.logging.log4j2.changes }, toolsLog4j2: { from: plan.logging.toolsLog4j2.from, changes: plan.logging.toolsLog4j2.changes } };
    const broker = maskArgv(plan.broker.argv, plan.secrets);
    return JSON.stringify({ base: plan.base, profile: plan.profile?.name ?? "off", keys: rows, logging, runtime: plan.runtime.kind, broker, problems }, null, 2) + "\n";
  }
  const width = Math.min(48, Math.max(...rows.map((r) => r.key.length)));
  const profile = plan.profile ? `${plan.profile.name} (LAUNCHER_PROFILE=off turns it off)` : "off";
  const lines = [`# base: ${plan.base}; runtime: ${plan.runtime.kind}; profile: ${profile}`];
  for (const r of rows) lines.push(`${r.key.padEnd(width)}  ${r.value}    # ${r.source}`);
  for (const [name, f] of [["log4j2.yaml", plan.logging.log4j2], ["tools-log4j2.yaml", plan.logging.toolsLog4j2]] as const)
    lines.push(`# ${name}: from ${f.from}${f.changes.length ? `, changed: ${f.changes.join(", ")}` : ""}`);
  lines.push(`# broker: ${maskArgv(plan.broker.argv, plan.secrets).join(" ")}`);
  const text = lines.join("\n") + "\n";
  return warnings.length ? text + "\n" + formatProblems(warnings) : text;
}
