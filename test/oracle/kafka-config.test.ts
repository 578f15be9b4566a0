// The launcher refuses exactly what Kafka refuses. Every case of the corpus (test/oracle/corpus.ts) goes through
// the launcher's pure core, which renders server.properties and decides the storage format; then one JVM runs
// Kafka 4.4's own check of each rendered file and the real storage tool's format (test/java/ConfigOracle.java).
// A refusal by the launcher that Kafka does not share must be one of the deliberate ones listed in README.md
// ("Stricter than Kafka"), and every refusal by Kafka must be the launcher's too. The other way round, README.md's
// "More lenient than Kafka" lists where the launcher accepts (with a warning) what Kafka refuses and writes
// something Kafka accepts: for each such case Kafka is asked about the input as given too, and must refuse it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { propertyToEnv } from "../../entrypoint/core/config/envname.ts";
import { planConfig, planStorage, renderServerProperties, type Plan } from "../../entrypoint/core/plan.ts";
import { MORE_LENIENT_THAN_KAFKA, STRICTER_THAN_KAFKA } from "../../entrypoint/core/policy.ts";
import { parseProperties } from "../../entrypoint/core/kafka/properties.ts";
import type { Problem } from "../../entrypoint/core/problems.ts";
import { describeCluster, effectiveCount, keyOf, profileSets, REPLICA_SETTINGS, settingsInForce } from "../../entrypoint/core/config/replicas.ts";
import { viewValues } from "../../entrypoint/core/kafka/values.ts";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { FACTS, inputs } from "../unit/fixtures.ts";
import { FIXED, randomCases, type Case } from "./corpus.ts";

const ROOT = join(import.meta.dir, "../..");
const LIBS = join(ROOT, "build/kafka/libs");
// ORACLE_SEED / ORACLE_CASES explore other corpora; the committed seed and size are what CI runs.
const SEED = Number(process.env.ORACLE_SEED ?? 20261202);
const RANDOM = Number(process.env.ORACLE_CASES ?? 600);
const CASES: Case[] = [...FIXED, ...randomCases(RANDOM, SEED)];

/** The ids of a table of README.md ("Stricter than Kafka": the only refusals of what Kafka accepts). */
function idsInReadme(heading: string): Set<string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(new RegExp(`^### ${heading}$`, "m"))[1]?.split(/^#{2,3} /m)[0] ?? "";
  return new Set([...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!));
}
const stricterIdsInReadme = () => idsInReadme("Stricter than Kafka");

/** `replicas`: what Kafka reads for each replica setting (REPLICA_SETTINGS' keys), when it accepts the file. */
type Verdict = { verdict: "accept" | "refuse"; stage?: string; error?: string; replicas?: Record<string, number> };
/** `raw`: for a case the launcher accepts leniently, the file with each such key as given, which Kafka must refuse. */
type Outcome = { c: Case; dir: string; plan: Plan; errors: Problem[]; lenient: Problem[]; raw?: string; kafka?: Verdict; kafkaRaw?: Verdict };

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
  const lenient = plan.problems.filter((p) => p.lenient);
  const raw = lenient.length ? writeRaw(plan, lenient, given, `${dir}-raw`) : undefined;
  return { c, dir, plan, errors: plan.problems.filter((p) => p.severity === "error"), lenient, raw };
}

/** The rendered file with each key the launcher changed leniently set back to the value the case gives it. */
function writeRaw(plan: Plan, lenient: readonly Problem[], given: { env: Record<string, string>; server?: string }, dir: string): string {
  const config = new Map(plan.config);
  const fromFile = new Map(parseProperties(given.server ?? "").map((l) => [l.key, l.value]));
  for (const { subject: key } of lenient) {
    const value = given.env[propertyToEnv(key)] ?? fromFile.get(key);
    if (value === undefined) throw new Error(`oracle: cannot find the value of ${key} as given`);
    config.set(key, { ...config.get(key)!, value });
  }
  mkdirSync(dir);
  writeFileSync(join(dir, "server.properties"), renderServerProperties(config, plan.base, "oracle"));
  writeFileSync(join(dir, "format.args"), "");
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "oracle-"));
  outcomes = CASES.map(planCase);
  const raws = outcomes.filter((o) => o.raw);
  const replicaKeys = `--replica-keys=${REPLICA_SETTINGS.map((s) => s.key).join(",")}`;
  const java = Bun.spawnSync(["java", "-cp", `${LIBS}/*`, join(ROOT, "test/java/ConfigOracle.java"), replicaKeys, ...outcomes.map((o) => o.dir), ...raws.map((o) => o.raw!)], { stdout: "pipe", stderr: "pipe" });
  if (java.exitCode !== 0) throw new Error(`ConfigOracle failed (${java.exitCode}): ${java.stderr.toString()}`);
  const lines = java.stdout.toString().trim().split("\n").map((l) => JSON.parse(l));
  for (const [i, line] of lines.entries()) {
    if (i < outcomes.length) outcomes[i]!.kafka = line;
    else raws[i - outcomes.length]!.kafkaRaw = line;
  }
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

  test("README lists exactly the launcher's deliberate leniencies", () => {
    expect([...idsInReadme("More lenient than Kafka")].sort()).toEqual(Object.keys(MORE_LENIENT_THAN_KAFKA).sort());
  });

  test("each lenient acceptance is real: Kafka refuses the input as given, the launcher only warns", () => {
    const allowed = idsInReadme("More lenient than Kafka");
    const cases = outcomes.filter((o) => o.lenient.length > 0);
    expect(cases.length).toBeGreaterThan(0);
    const wrong = cases.filter((o) => o.lenient.some((p) => p.severity !== "warning" || !allowed.has(p.lenient!)) || o.kafkaRaw?.verdict !== "refuse");
    expect(wrong.map((o) => `${describeCase(o)}\n  kafka on the input as given: ${o.kafkaRaw?.verdict} ${o.kafkaRaw?.error ?? ""}`)).toEqual([]);
    const seen = new Set(cases.flatMap((o) => o.lenient.map((p) => p.lenient)));
    expect([...seen].map(String).sort()).toEqual(Object.keys(MORE_LENIENT_THAN_KAFKA).sort());
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

describe("replica settings: the launcher reads each number as Kafka does (Kafka 4.4 in the same JVM)", () => {
  const accepted = () => outcomes.filter((o) => o.kafka!.verdict === "accept");
  const catalog = loadCatalog();
  const valuesOf = (o: Outcome) => viewValues(o.plan.config, catalog);
  const ONE_NODE = FIXED.filter((c) => c.name.startsWith("one node")).map((c) => c.name);

  test("each setting of every accepted case, set or Kafka's default, is the number Kafka reads", () => {
    const wrong = accepted().flatMap((o) =>
      REPLICA_SETTINGS.filter((s) => Number(effectiveCount(s, valuesOf(o))) !== o.kafka!.replicas![s.key]).map(
        (s) => `${o.c.name}: ${s.key} launcher ${effectiveCount(s, valuesOf(o))}, Kafka ${o.kafka!.replicas![s.key]}`,
      ),
    );
    expect(wrong).toEqual([]);
  });

  test("Kafka accepts every one-node case the profile writes, and reads 1 for each setting the profile set", () => {
    const cases = outcomes.filter((o) => ONE_NODE.includes(o.c.name));
    expect(cases.map((o) => [o.c.name, o.kafka!.verdict])).toEqual(ONE_NODE.map((n) => [n, "accept"]));
    const profiled = accepted().filter((o) => o.plan.profile && describeCluster(o.plan.node)?.nodes === 1);
    expect(profiled.length).toBeGreaterThan(20);
    const wrong = profiled.flatMap((o) => {
      const values = valuesOf(o);
      const set = settingsInForce(values).filter((s) => profileSets(s, values) && o.plan.config.get(keyOf(s, values))?.source.kind === "profile");
      return set.filter((s) => o.kafka!.replicas![s.key] !== 1).map((s) => `${o.c.name}: ${s.key} is ${o.kafka!.replicas![s.key]} for Kafka`);
    });
    expect(wrong).toEqual([]);
  });

  test("a replication factor is warned of exactly when Kafka's number exceeds the cluster the config describes, and the warning gives Kafka's number", () => {
    const wrong = accepted().flatMap((o) => {
      const values = valuesOf(o);
      const nodes = describeCluster(o.plan.node)?.nodes;
      const warned = new Map(o.plan.problems.filter((p) => p.severity === "warning" && / but this (node is a cluster of one|configuration names)/.test(p.message)).map((p) => [p.subject, p.message]));
      return settingsInForce(values).flatMap((s) => {
        const kafka = o.kafka!.replicas![s.key]!;
        const should = s.kind === "replication factor" && nodes !== undefined && kafka > nodes;
        const message = warned.get(keyOf(s, values));
        if (should !== (message !== undefined)) return [`${o.c.name}: ${s.key}: Kafka reads ${kafka} for ${nodes ?? "an unknown number of"} node(s), warned: ${message ?? "no"}`];
        return message && !message.startsWith(`${keyOf(s, values)} is ${kafka}`) ? [`${o.c.name}: ${message}`] : [];
      });
    });
    expect(wrong).toEqual([]);
  });
});
