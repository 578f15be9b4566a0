// The GitHub workflows cannot run here, so this reads them: valid YAML (Bun.YAML), the shape GitHub
// needs, and every command they run exists here: each `npm run X` is a script of package.json, each
// flag given to a Bun script is one its --help lists, each scripts/ path is a file, and build-and-test
// runs what .ci/run runs and builds and tests the image no second time.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const DIR = join(ROOT, ".github/workflows");
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const SCRIPTS: Record<string, string> = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { "runs-on": string; steps: Step[]; needs?: string | string[]; strategy?: { matrix?: Record<string, unknown[]> } };
type Workflow = { name: string; on: Record<string, unknown>; jobs: Record<string, Job> };

const workflows: Record<string, Workflow> = Object.fromEntries(FILES.map((f) => [f, Bun.YAML.parse(readFileSync(join(DIR, f), "utf8")) as Workflow]));
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (w: Workflow) => steps(w).flatMap((s) => (s.run ? [s.run] : []));
const allRuns = Object.values(workflows).flatMap(runs);

/** `npm run NAME -- args…` and `npm test` in shell text, with the words after `--` (quotes dropped). */
function npmCalls(text: string): Array<{ script: string; args: string[] }> {
  const calls: Array<{ script: string; args: string[] }> = [];
  for (const line of text.split("\n")) {
    const m = /\bnpm (?:run (\S+)|(test))\b(?: -- (.*))?/.exec(line);
    if (m) calls.push({ script: m[1] ?? m[2]!, args: (m[3] ?? "").split(/\s+/).map((w) => w.replace(/^["']|["']$/g, "")) });
  }
  return calls;
}

/** The --help of a package.json script that runs `bun scripts/….ts` (after a `setup && `, or wrapped by docker-engine.sh). */
function helpOf(script: string): string | undefined {
  const m = /(?:^|[\s/])bun (scripts\/\S+\.ts)/.exec(SCRIPTS[script] ?? "");
  if (!m) return undefined;
  const proc = Bun.spawnSync([process.execPath, join(ROOT, m[1]!), "--help"], { cwd: ROOT });
  return proc.stdout.toString();
}

test("the three workflows are there", () => {
  expect(FILES).toEqual(["build-and-test.yml", "nightly-scan.yml", "release.yml"]);
});

describe.each(FILES)("%s", (file) => {
  const w = workflows[file]!;

  test("has the shape GitHub needs: name, triggers, jobs with a runner and steps that either use or run", () => {
    expect(typeof w.name).toBe("string");
    expect(Object.keys(w.on ?? {}).length).toBeGreaterThan(0);
    for (const [id, job] of Object.entries(w.jobs)) {
      expect({ id, runsOn: typeof job["runs-on"], steps: Array.isArray(job.steps) && job.steps.length > 0 }).toEqual({ id, runsOn: "string", steps: true });
      for (const need of [job.needs ?? []].flat()) expect(Object.keys(w.jobs)).toContain(need);
      for (const step of job.steps) expect([step.uses, step.run].filter((x) => x !== undefined).length).toBe(1);
    }
  });

  test("every action is pinned to a version or a commit", () => {
    for (const step of steps(w)) if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[\w.-]+$/);
  });

  test("no input is pasted into a shell (script injection): inputs reach `run` through env", () => {
    for (const run of runs(w)) expect(run).not.toMatch(/\$\{\{\s*(inputs|github\.event)\./);
  });

  test("every `npm run X` is a script of package.json, and every flag given is one that script knows", () => {
    for (const { script, args } of runs(w).flatMap(npmCalls)) {
      expect({ script, defined: script in SCRIPTS }).toEqual({ script, defined: true });
      const flags = args.filter((a) => a.startsWith("--"));
      if (!flags.length) continue;
      const help = helpOf(script);
      expect({ script, hasHelp: help !== undefined }).toEqual({ script, hasHelp: true });
      for (const flag of flags) expect({ script, flag, known: help!.includes(`${flag} `) }).toEqual({ script, flag, known: true });
    }
  });

  test("every scripts/ path it names exists", () => {
    for (const path of runs(w).flatMap((r) => r.match(/\bscripts\/[\w./-]+/g) ?? [])) expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });
});

describe("what each workflow does", () => {
  test("build-and-test: every push and pull request runs .ci/run's npm commands and nothing that builds or tests the image again, and keeps build/reports", () => {
    const w = workflows["build-and-test.yml"]!;
    expect(Object.keys(w.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    const ran = runs(w).join("\n");
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8").split("\n").filter((l) => /^npm /.test(l.trim()));
    expect(ci).toEqual(["npm test"]);
    for (const line of ci) expect(ran).toContain(line.trim());
    // npm test builds the image and runs the Docker suite once (scripts/test.sh → scripts/image-test.ts)
    expect(ran.match(/npm run image\b|image:test|build-image|test\/docker/g)).toBeNull();
    const upload = steps(w).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.path).toBe("build/reports/");
  });

  test("nightly-scan: a schedule, trivy on each supported apache/kafka-native tag, the report kept", () => {
    const w = workflows["nightly-scan.yml"]!;
    const schedule = w.on.schedule as Array<{ cron: string }>;
    expect(schedule[0]!.cron.split(" ").length).toBe(5);
    const job = Object.values(w.jobs)[0]!;
    const tags = job.strategy?.matrix?.tag as string[];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toMatch(/^(latest|\d+\.\d+\.\d+(-[1-9]\d*)?)$/);
    const scan = job.steps.find((s) => s.uses?.startsWith("aquasecurity/trivy-action@"))!;
    expect(String(scan.with?.["image-ref"])).toBe("apache/kafka-native:${{ matrix.tag }}");
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with?.path).toBe(scan.with?.output);
  });

  test("release: by hand, with the Kafka version as input; tests, then releases with --push, then scans what was pushed", () => {
    const w = workflows["release.yml"]!;
    expect(Object.keys((w.on.workflow_dispatch as { inputs: object }).inputs)).toEqual(expect.arrayContaining(["kafka_version", "suffix", "image"]));
    expect(runs(w).join("\n")).toMatch(/npm run release -- "\$\{args\[@\]\}"/);
    expect(runs(w).join("\n")).toContain("args=(--push --kafka-version");
    expect(w.jobs.release!.needs).toBe("test");
    expect(w.jobs.scan!.needs).toBe("release");
  });

  test("the release workflow's flags (gathered in a bash array) are release.ts options", () => {
    const help = helpOf("release") ?? "";
    const block = runs(workflows["release.yml"]!).filter((r) => r.includes("npm run release")).join("\n");
    const flags = new Set(block.match(/--[a-z][\w-]*/g) ?? []);
    expect(flags.size).toBeGreaterThan(3);
    for (const flag of flags) expect({ flag, known: help.includes(`${flag} `) }).toEqual({ flag, known: true });
  });
});
