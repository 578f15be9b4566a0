// Edge: everything the launcher prints. Progress and problems go to stderr (docker logs shows
// both); `explain` goes to stdout. Secret values are replaced before anything is printed.
import { writeSync } from "node:fs";
import type { Entry } from "./inputs.ts";
import type { Plan } from "./plan.ts";
import { SECRET_KEY_PATTERN } from "./policy.ts";
import { describeSource, type Problem } from "./problems.ts";

const TAG = "kafka-launcher:";
export const MASK = "******";

/** Synchronous writes: whatever is still queued when execve runs would be lost with the process image. */
export function write(fd: 1 | 2, text: string): void {
  writeSync(fd, text);
}

export function say(line: string): void {
  write(2, `${TAG} ${line}\n`);
}

export function step(name: string, startedAt: number, detail: string): void {
  say(`${name.padEnd(7)} ${(performance.now() - startedAt).toFixed(1).padStart(6)} ms  ${detail}`);
}

export function isSecret(entry: Entry): boolean {
  return entry.secret || SECRET_KEY_PATTERN.test(entry.key);
}

export function shownValue(entry: Entry): string {
  return isSecret(entry) ? MASK : entry.value;
}

export function formatProblems(problems: readonly Problem[]): string {
  const lines: string[] = [];
  const errs = problems.filter((p) => p.severity === "error");
  const warns = problems.filter((p) => p.severity === "warning");
  const what = errs.every((p) => p.kind === "config") ? " in the configuration" : "";
  if (errs.length) lines.push(`${TAG} cannot start: ${errs.length} problem${errs.length > 1 ? "s" : ""}${what}`);
  for (const p of [...errs, ...warns]) {
    const where = describeSource(p.source);
    lines.push(`  ${p.severity === "error" ? "✗" : "!"} ${p.message}${where ? `  [${where}]` : ""}`);
    lines.push(`      fix: ${p.fix}`);
  }
  return lines.join("\n") + (lines.length ? "\n" : "");
}

export function printProblems(problems: readonly Problem[]): void {
  write(2, formatProblems(problems));
}

/** Where the configuration came from, in one line. */
export function summarize(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const e of plan.config.values()) counts.set(e.source.kind, (counts.get(e.source.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${kind === "env" ? "from env" : kind === "file" ? "from the mounted file" : kind}`);
  return `${plan.config.size} keys (${parts.join(", ")}); base: ${plan.base}`;
}

/** `-Dsome.password=x` in KAFKA_OPTS is as secret as the property. */
export function maskArgv(argv: readonly string[]): string[] {
  return argv.map((a) => (/^-D[^=]*(password|secret|credentials)[^=]*=/i.test(a) ? a.replace(/=.*/, `=${MASK}`) : a));
}

export type ExplainRow = { key: string; value: string; source: string };

export function explainRows(plan: Plan): ExplainRow[] {
  const rows = [...plan.config.values()].map((e) => ({ key: e.key, value: shownValue(e), source: describeSource(e.source) }));
  rows.push({ key: "(cluster id)", value: plan.clusterId.value, source: describeSource(plan.clusterId.source) });
  return rows;
}

export function formatExplain(plan: Plan, json: boolean): string {
  const rows = explainRows(plan);
  const warnings = plan.problems.filter((p) => p.severity === "warning");
  if (json) {
    const problems = plan.problems.map((p) => ({ ...p, source: describeSource(p.source) || undefined }));
    const logging = { log4j2: { from: plan.logging.log4j2.from, changes: plan.logging.log4j2.changes }, toolsLog4j2: { from: plan.logging.toolsLog4j2.from, changes: plan.logging.toolsLog4j2.changes } };
    const broker = maskArgv(plan.broker.argv);
    return JSON.stringify({ base: plan.base, profile: plan.profile?.name ?? "off", keys: rows, logging, runtime: plan.runtime.kind, broker, problems }, null, 2) + "\n";
  }
  const width = Math.min(48, Math.max(...rows.map((r) => r.key.length)));
  const profile = plan.profile ? `${plan.profile.name} (LAUNCHER_PROFILE=off turns it off)` : "off";
  const lines = [`# base: ${plan.base}; runtime: ${plan.runtime.kind}; profile: ${profile}`];
  for (const r of rows) lines.push(`${r.key.padEnd(width)}  ${r.value}    # ${r.source}`);
  for (const [name, f] of [["log4j2.yaml", plan.logging.log4j2], ["tools-log4j2.yaml", plan.logging.toolsLog4j2]] as const)
    lines.push(`# ${name}: from ${f.from}${f.changes.length ? `, changed: ${f.changes.join(", ")}` : ""}`);
  lines.push(`# broker: ${maskArgv(plan.broker.argv).join(" ")}`);
  const text = lines.join("\n") + "\n";
  return warnings.length ? text + "\n" + formatProblems(warnings) : text;
}
