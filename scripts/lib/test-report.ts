// The image test report: what `bun test --reporter=junit` wrote, read back into data, and the short
// human summary (markdown) beside it. Pure: XML text and facts in, text out.
//
// Bun's JUnit writer (1.4) emits one <testcase name classname file time> per test, with a <failure
// message="…"> or <skipped/> child; attribute values are XML-escaped (newlines as &#10;). That subset is
// all this reads, so no XML library is needed.

export type CaseStatus = "passed" | "failed" | "skipped";
export type TestCase = { file: string; suite: string; name: string; seconds: number; status: CaseStatus; message?: string };
export type TestTotals = { tests: number; passed: number; failed: number; skipped: number; seconds: number };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()]!;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

/** Every <testcase> of the report, in document order. */
export function readJUnit(xml: string): TestCase[] {
  const cases: TestCase[] = [];
  // <testcase … /> or <testcase …>…</testcase>
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const a = attributes(m[1]!);
    const body = m[3] ?? "";
    const failure = /<(failure|error)\b([^>]*)>/.exec(body);
    const status: CaseStatus = failure ? "failed" : /<skipped\b/.test(body) ? "skipped" : "passed";
    const c: TestCase = { file: a.file ?? "", suite: a.classname ?? "", name: a.name ?? "", seconds: Number(a.time ?? 0), status };
    if (failure) c.message = attributes(failure[2]!).message ?? "";
    cases.push(c);
  }
  return cases;
}

export function totals(cases: readonly TestCase[], seconds?: number): TestTotals {
  const count = (s: CaseStatus) => cases.filter((c) => c.status === s).length;
  return { tests: cases.length, passed: count("passed"), failed: count("failed"), skipped: count("skipped"), seconds: seconds ?? cases.reduce((t, c) => t + c.seconds, 0) };
}

/** Facts about the image under test, gathered by scripts/image-test.ts. */
export type ImageFacts = {
  image: string;
  kafkaVersion: string;
  /** `kafka-launcher --version` inside the image. */
  launcherVersion: string;
  id: string;
  sizeBytes: number;
  labels: Record<string, string>;
  revision: string;
  date: string;
  junitFile: string;
  /** What to do to reproduce, e.g. `npm run image:test -- --kafka-version 4.4.0`. */
  command: string;
};

const title = (c: TestCase) => [c.suite, c.name].filter(Boolean).join(" › ");
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** The human summary: verdict, image facts, counts, then every failed and skipped test. */
export function formatSummary(facts: ImageFacts, cases: readonly TestCase[], suiteExit: number): string {
  const t = totals(cases);
  const ok = suiteExit === 0 && t.failed === 0 && t.tests > 0;
  const verdict = ok ? "PASSED" : t.tests === 0 ? "NO TESTS RAN" : "FAILED";
  const labels = Object.entries(facts.labels).filter(([k]) => k.startsWith("org.opencontainers.image."));
  const lines = [
    `# Sanity tests of ${facts.image}: ${verdict}`,
    "",
    `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped of ${t.tests} (${t.seconds.toFixed(1)} s in tests; suite exit code ${suiteExit})`,
    "",
    "| | |",
    "|---|---|",
    `| image | \`${facts.image}\` (${facts.id.slice(0, 19)}, ${(facts.sizeBytes / 1024 / 1024).toFixed(1)} MiB) |`,
    `| Kafka version | ${facts.kafkaVersion} |`,
    `| launcher | \`${facts.launcherVersion}\` |`,
    `| repository revision | ${facts.revision} |`,
    `| date (UTC) | ${facts.date} |`,
    `| JUnit XML | ${facts.junitFile} |`,
    `| reproduce | \`${facts.command}\` |`,
    "",
    labels.length ? "Labels:" : "Labels: none with the org.opencontainers.image prefix.",
    ...labels.map(([k, v]) => `- \`${k}\` = ${v}`),
  ];
  const failed = cases.filter((c) => c.status === "failed");
  if (failed.length) {
    lines.push("", "## Failed", "");
    for (const c of failed) lines.push(`- ${c.file}: **${title(c)}**${c.message ? ` — ${oneLine(c.message).slice(0, 300)}` : ""}`);
  }
  const skipped = cases.filter((c) => c.status === "skipped");
  if (skipped.length) {
    lines.push("", "## Skipped", "");
    for (const c of skipped) lines.push(`- ${c.file}: ${title(c)}`);
  }
  lines.push("", "## All tests", "", "| result | test | file | s |", "|---|---|---|---|");
  for (const c of cases) lines.push(`| ${c.status} | ${title(c).replaceAll("|", "\\|")} | ${c.file} | ${c.seconds.toFixed(2)} |`);
  return `${lines.join("\n")}\n`;
}
