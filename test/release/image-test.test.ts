// scripts/image-test.ts without Docker: its report reader against the JUnit XML the real `bun test
// --reporter=junit` writes, the summary it makes of it, and its command-line checks.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KAFKA_VERSION } from "../../entrypoint/core/version.ts";
import { formatSummary, readJUnit, totals, type ImageFacts, type TestCase } from "../../scripts/lib/test-report.ts";

const ROOT = join(import.meta.dir, "../..");
const work = mkdtempSync(join(tmpdir(), "image-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A suite with a pass, a failure, a skip and awkward names, run by the real reporter. */
function realJUnit(): string {
  mkdirSync(join(work, "suite"), { recursive: true });
  writeFileSync(
    join(work, "suite", "sample.test.ts"),
    [
      `import { describe, expect, test } from "bun:test";`,
      `describe("image <tag> & \\"quotes\\"", () => {`,
      `  test("starts", () => expect(1).toBe(1));`,
      `  test("produces", () => expect("a").toBe("b"));`,
      `  test.skip("restarts", () => {});`,
      `});`,
    ].join("\n"),
  );
  const junit = join(work, "out.xml");
  const proc = Bun.spawnSync([process.execPath, "test", "./suite", "--reporter=junit", `--reporter-outfile=${junit}`], { cwd: work });
  expect(proc.exitCode).toBe(1);
  return readFileSync(junit, "utf8");
}

describe("readJUnit", () => {
  test("reads every case of Bun's JUnit XML, with status and failure message", () => {
    const cases = readJUnit(realJUnit());
    const suite = 'image <tag> & "quotes"';
    expect(cases.map(({ seconds, message, ...c }) => ({ ...c, timed: seconds >= 0, message: message?.split("\n")[0] }))).toEqual([
      { file: "suite/sample.test.ts", suite, name: "starts", status: "passed", timed: true, message: undefined },
      { file: "suite/sample.test.ts", suite, name: "produces", status: "failed", timed: true, message: "expect(received).toBe(expected)" },
      { file: "suite/sample.test.ts", suite, name: "restarts", status: "skipped", timed: true, message: undefined },
    ]);
    expect(totals(cases)).toMatchObject({ tests: 3, passed: 1, failed: 1, skipped: 1 });
  });

  test("an empty report has no cases", () => {
    expect(readJUnit(`<?xml version="1.0"?><testsuites name="bun test" tests="0"></testsuites>`)).toEqual([]);
  });
});

describe("formatSummary", () => {
  const facts: ImageFacts = {
    image: "apache/kafka-native:4.4.0",
    kafkaVersion: "4.4.0",
    launcherVersion: "kafka-launcher 0.1.0 (Apache Kafka 4.4.0)",
    id: "sha256:0123456789abcdef0123456789",
    sizeBytes: 200 * 1024 * 1024,
    labels: { "org.opencontainers.image.version": "4.4.0", other: "x" },
    revision: "0123456789abcdef0123456789abcdef01234567",
    date: "2026-11-24T22:00:00Z",
    junitFile: "build/reports/image-test-4.4.0.junit.xml",
    command: "npm run image:test -- --kafka-version 4.4.0",
  };
  const cases: TestCase[] = [
    { file: "test/docker/a.test.ts", suite: "image", name: "starts", seconds: 1.5, status: "passed" },
    { file: "test/docker/a.test.ts", suite: "image", name: "produces | consumes", seconds: 2, status: "failed", message: "expected 1\n  got 0" },
  ];

  test("verdict, counts and the failures first", () => {
    const text = formatSummary(facts, cases, 1);
    expect(text.split("\n").slice(0, 3)).toEqual(["# Sanity tests of apache/kafka-native:4.4.0: FAILED", "", "1 passed, 1 failed, 0 skipped of 2 (3.5 s in tests; suite exit code 1)"]);
    expect(text).toContain("| image | `apache/kafka-native:4.4.0` (sha256:0123456789ab, 200.0 MiB) |");
    expect(text).toContain("- `org.opencontainers.image.version` = 4.4.0\n");
    expect(text).not.toContain("other");
    expect(text).toContain("## Failed\n\n- test/docker/a.test.ts: **image › produces | consumes** — expected 1 got 0\n");
    expect(text).toContain("| failed | image › produces \\| consumes | test/docker/a.test.ts | 2.00 |");
  });

  test("PASSED only when the suite exited 0 and some test ran", () => {
    expect(formatSummary(facts, cases.slice(0, 1), 0).split("\n")[0]).toBe("# Sanity tests of apache/kafka-native:4.4.0: PASSED");
    expect(formatSummary(facts, cases.slice(0, 1), 1).split("\n")[0]).toBe("# Sanity tests of apache/kafka-native:4.4.0: FAILED");
    expect(formatSummary(facts, [], 1).split("\n")[0]).toBe("# Sanity tests of apache/kafka-native:4.4.0: NO TESTS RAN");
  });
});

describe("image-test command line (checked before Docker is touched)", () => {
  const imageTest = (...args: string[]) => {
    const proc = Bun.spawnSync([process.execPath, join(ROOT, "scripts/image-test.ts"), ...args], { cwd: ROOT });
    return { exitCode: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
  };

  test("a bad --kafka-version: exit 64, the flag, the reason and an example", () => {
    expect(imageTest("--kafka-version", "4.4")).toEqual({
      exitCode: 64,
      stdout: "",
      stderr: `image-test: cannot test the image: 1 problem\n  ✗ --kafka-version: "4.4" is not a Kafka release version (MAJOR.MINOR.PATCH)\n      fix: pass the Kafka version the image packages, e.g. --kafka-version ${KAFKA_VERSION}\n`,
    });
  });

  test("an unknown flag: exit 64", () => {
    expect(imageTest("--tag", "x")).toEqual({ exitCode: 64, stdout: "", stderr: "image-test: Unknown argument: tag\nRun `image-test --help` for the options.\n" });
  });
});
