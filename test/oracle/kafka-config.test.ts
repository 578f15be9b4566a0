// The launcher refuses exactly what Kafka refuses. Every case of the corpus (test/oracle/corpus.ts) goes through
// the launcher's pure core, which renders server.properties and decides the storage format; then one JVM runs
// Kafka 4.4's own check of each rendered file and the real storage tool's format (test/java/ConfigOracle.java).
// A refusal by the launcher that Kafka does not share must be one of the deliberate ones listed in README.md
// ("Stricter than Kafka"), and every refusal by Kafka must be the launcher's too.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planConfig, planStorage } from "../../entrypoint/plan.ts";
import { STRICTER_THAN_KAFKA } from "../../entrypoint/policy.ts";
import type { Problem } from "../../entrypoint/problems.ts";
import { FACTS, inputs } from "../unit/fixtures.ts";
import { FIXED, randomCases, type Case } from "./corpus.ts";

const ROOT = join(import.meta.dir, "../..");
const LIBS = join(ROOT, "build/kafka/libs");
// ORACLE_SEED / ORACLE_CASES explore other corpora; the committed seed and size are what CI runs.
const SEED = Number(process.env.ORACLE_SEED ?? 20261202);
const RANDOM = Number(process.env.ORACLE_CASES ?? 600);
const CASES: Case[] = [...FIXED, ...randomCases(RANDOM, SEED)];

/** The ids of README.md's "Stricter than Kafka" table: the only refusals of what Kafka accepts. */
function stricterIdsInReadme(): Set<string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^### Stricter than Kafka$/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
  return new Set([...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!));
}

type Outcome = { c: Case; dir: string; errors: Problem[]; kafka?: { verdict: "accept" | "refuse"; stage?: string; error?: string } };

let work: string;
let outcomes: Outcome[];

function planCase(c: Case, i: number): Outcome {
  const dir = join(work, `case-${i}`);
  mkdirSync(dir);
  const fill = (s: string) => s.replaceAll("{data}", join(dir, "data"));
  const given = { env: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)])), server: c.server === undefined ? undefined : fill(c.server) };
  const ins = inputs(given);
  const paths = { ...ins.paths, finalConfigsDir: dir };
  const plan = planConfig({ ...ins, paths }, FACTS);
  writeFileSync(join(dir, "server.properties"), plan.files.server);
  const storage = planStorage(plan, plan.storageDirs.map((d) => ({ dir: d, meta: { kind: "absent" } })));
  writeFileSync(join(dir, "format.args"), storage.action === "format" ? storage.args.join("\n") + "\n" : "");
  return { c, dir, errors: plan.problems.filter((p) => p.severity === "error") };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "oracle-"));
  outcomes = CASES.map(planCase);
  const java = Bun.spawnSync(["java", "-cp", `${LIBS}/*`, join(ROOT, "test/java/ConfigOracle.java"), ...outcomes.map((o) => o.dir)], { stdout: "pipe", stderr: "pipe" });
  if (java.exitCode !== 0) throw new Error(`ConfigOracle failed (${java.exitCode}): ${java.stderr.toString()}`);
  const lines = java.stdout.toString().trim().split("\n").map((l) => JSON.parse(l));
  for (const [i, line] of lines.entries()) outcomes[i]!.kafka = line;
}, 300_000); // one JVM for all cases: a few seconds, several times that on a loaded 2-core machine

afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

function describeCase(o: Outcome): string {
  const server = o.c.server ? `\n  mounted server.properties:\n${o.c.server.replace(/^/gm, "    ")}` : "";
  return `${o.c.name}\n  env: ${JSON.stringify(o.c.env)}${server}\n  launcher: ${o.errors.map((p) => p.message + (p.stricter ? ` [stricter: ${p.stricter}]` : "")).join(" | ") || "accepts"}\n  kafka: ${o.kafka?.verdict}${o.kafka?.error ? ` (${o.kafka.stage}) ${o.kafka.error}` : ""}`;
}

describe("the launcher's verdict is Kafka's (Kafka 4.4 in one JVM)", () => {
  test("README lists exactly the launcher's deliberate refusals", () => {
    expect([...stricterIdsInReadme()].sort()).toEqual(Object.keys(STRICTER_THAN_KAFKA).sort());
  });

  test(`every case: ${FIXED.length} fixed + ${RANDOM} seeded (seed ${SEED})`, () => {
    const allowed = stricterIdsInReadme();
    const disagreements = outcomes.filter((o) => {
      const kafkaRefusal = o.errors.filter((p) => !p.stricter);
      const unexplained = o.errors.filter((p) => p.stricter && !allowed.has(p.stricter));
      return unexplained.length > 0 || (kafkaRefusal.length > 0) !== (o.kafka!.verdict === "refuse");
    });
    expect(disagreements.map(describeCase)).toEqual([]);
  });

  test("the corpus exercises both verdicts, formats, and the launcher's deliberate refusals", () => {
    const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
    const formatted = outcomes.filter((o) => readFileSync(join(o.dir, "format.args"), "utf8") !== "");
    console.log(`oracle: ${count((o) => o.kafka!.verdict === "accept")} accepted by Kafka, ${count((o) => o.kafka!.verdict === "refuse")} refused; ${formatted.length} formatted`);
    expect(count((o) => o.kafka!.verdict === "accept")).toBeGreaterThan(100);
    expect(count((o) => o.kafka!.verdict === "refuse")).toBeGreaterThan(100);
    expect(formatted.filter((o) => o.kafka!.verdict === "accept").length).toBeGreaterThan(100);
    const seen = new Set(outcomes.flatMap((o) => o.errors.map((p) => p.stricter)).filter(Boolean));
    const aboutTheBroker = Object.keys(STRICTER_THAN_KAFKA).filter((r) => !["one-key-two-variables", "kafka-cluster-id", "unknown-key-strict"].includes(r));
    expect(aboutTheBroker.filter((r) => !seen.has(r as never))).toEqual([]);
  });
});
