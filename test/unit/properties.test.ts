// properties.ts: literal vectors, then the real java.util.Properties as the oracle.
// All oracle files are written up front and read by ONE `java` run (a JVM start costs ~0.5-1 s).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  isBlankProperties,
  parseProperties,
  PropertiesSyntaxError,
  stringifyProperties,
  type PropertyLine,
} from "../../entrypoint/core/kafka/properties.ts";

type Entry = { key: string; value: string };
type Pair = [key: string, value: string];

// ---------------------------------------------------------------------------------------------
// Literal vectors

const JAAS_LINE =
  "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n" +
  '    username="a" password="b";\n';
const JAAS_VALUE = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b";';

describe("parseProperties", () => {
  test.each<[string, string, PropertyLine[]]>([
    ["empty text", "", []],
    ["= separator", "a=1", [{ key: "a", value: "1", line: 1 }]],
    [": separator with spaces", "a : 1", [{ key: "a", value: "1", line: 1 }]],
    ["whitespace separator", "a \t 1", [{ key: "a", value: "1", line: 1 }]],
    ["only one separator is eaten", "a := 1", [{ key: "a", value: "= 1", line: 1 }]],
    ["key without value", "a", [{ key: "a", value: "", line: 1 }]],
    ["trailing whitespace kept in value", "a=1  ", [{ key: "a", value: "1  ", line: 1 }]],
    ["leading whitespace on the line", "   \f\ta=1", [{ key: "a", value: "1", line: 1 }]],
    ["# and ! comments", "# a=1\n  ! b=2\nc=3", [{ key: "c", value: "3", line: 3 }]],
    ["escaped key separators", "key\\ with\\ spaces\\=\\:=v", [{ key: "key with spaces=:", value: "v", line: 1 }]],
    ["escapes in values", "a=\\t\\n\\r\\f\\\\\\q\\u00e9", [{ key: "a", value: "\t\n\r\f\\q\u00e9", line: 1 }]],
    ["surrogate pair escapes", "a=\\ud83d\\ude00", [{ key: "a", value: "\u{1F600}", line: 1 }]],
    ["duplicates kept in file order", "a=1\nb=2\na=3", [
      { key: "a", value: "1", line: 1 },
      { key: "b", value: "2", line: 2 },
      { key: "a", value: "3", line: 3 },
    ]],
    ["continuation: line of the entry start", "x=0\na=1\\\n   2\\\n\t3\nb=4", [
      { key: "x", value: "0", line: 1 },
      { key: "a", value: "123", line: 2 },
      { key: "b", value: "4", line: 5 },
    ]],
    ["JAAS config with continuation", JAAS_LINE, [{ key: "sasl.jaas.config", value: JAAS_VALUE, line: 1 }]],
    ["continuation inside a key", "ke\\\n  y=v", [{ key: "key", value: "v", line: 1 }]],
    ["even backslashes do not continue", "a=x\\\\\nb=y", [
      { key: "a", value: "x\\", line: 1 },
      { key: "b", value: "y", line: 2 },
    ]],
    ["comment marker inside a continuation is text", "a=1\\\n# 2", [{ key: "a", value: "1# 2", line: 1 }]],
    ["backslash at end of file is dropped", "a=1\\", [{ key: "a", value: "1", line: 1 }]],
    ["CRLF line endings", "a=1\r\nb=2\\\r\n  3\r\n", [
      { key: "a", value: "1", line: 1 },
      { key: "b", value: "23", line: 2 },
    ]],
    ["CR-only line endings", "a=1\rb=2\\\r  3\rc=4", [
      { key: "a", value: "1", line: 1 },
      { key: "b", value: "23", line: 2 },
      { key: "c", value: "4", line: 4 },
    ]],
    ["\\u escape split by a continuation", "a=\\u00\\\n  e9", [{ key: "a", value: "\u00e9", line: 1 }]],
    ["continuation-only line before a blank line is dropped", "\\\n\nb=2", [{ key: "b", value: "2", line: 3 }]],
    ["continuation-only line at end of file is the empty key", "a=1\n\\\n", [
      { key: "a", value: "1", line: 1 },
      { key: "", value: "", line: 2 },
    ]],
  ])("%s", (_, text, expected) => {
    expect(parseProperties(text)).toEqual(expected);
  });

  test.each([
    ["bad hex digits", "a=1\nb=\\uZZZZ", 2],
    ["too short at end of file", "a=\\u12", 1],
    ["in a key", "\\u12x=1", 1],
  ])("malformed \\uXXXX (%s) is refused like Java does", (_, text, line) => {
    expect(() => parseProperties(text)).toThrow(PropertiesSyntaxError);
    expect(() => parseProperties(text)).toThrow(`line ${line}: malformed \\uXXXX escape`);
  });
});

describe("isBlankProperties", () => {
  test.each([
    ["", true],
    ["  \n\t\n\f\r\n", true],
    ["# only\n   ! comments\n", true],
    ["# a comment ending in a backslash does not continue \\\na", false],
    ["\\\n\n", true], // a continuation-only line that Java drops
    ["a", false],
    ["=", false],
    ["  \\ ", false], // the key " "
  ])("%j → %p", (text, blank) => {
    expect(isBlankProperties(text)).toBe(blank);
  });
});

describe("stringifyProperties", () => {
  test.each<[string, Entry[], string[], string]>([
    ["nothing", [], [], ""],
    ["plain entries in the given order", [{ key: "b", value: "2" }, { key: "a", value: "1" }], [], "b=2\na=1\n"],
    ["header as comment lines", [{ key: "a", value: "1" }], ["Generated", "", "two\nlines"], "# Generated\n#\n# two\n# lines\na=1\n"],
    ["key separators and comment markers", [{ key: "#k y=:!", value: "v" }], [], "\\#k\\ y\\=\\:!=v\n"],
    ["leading space in value, empty value", [{ key: "a", value: "  x" }, { key: "b", value: "" }], [], "a=\\  x\nb=\n"],
    ["control characters", [{ key: "a", value: "\n\r\t\f\0" }], [], "a=\\n\\r\\t\\f\\u0000\n"],
    ["non-ASCII as \\u escapes", [{ key: "é", value: "€\u{1F600}" }], ["naïve"], "# na\\u00efve\n\\u00e9=\\u20ac\\ud83d\\ude00\n"],
    ["never folded", [{ key: "k", value: "x ".repeat(100) }], [], `k=${"x ".repeat(100)}\n`],
  ])("%s", (_, entries, header, expected) => {
    expect(stringifyProperties(entries, header)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// The oracle: java.util.Properties.load on the same bytes

/** Nasty inputs, as the chars Java sees when it decodes the file as ISO-8859-1. */
const PARSE_CORPUS: Record<string, string> = {
  jaas: JAAS_LINE + "after=1\n",
  separators: "a=1\nb:2\nc 3\nd\t4\ne\f5\nf = = 6\ng:=7\nh  :  8\ni\n",
  comments: "# c\n! c\n  # c\n\t! c\n#a=1\nb=#not a comment\n!\n#\n",
  escapes: "k=\\t\\n\\r\\f\\\\\\b\\z\\u0041\\u00e9\\u20AC\\ud83d\\ude00\n",
  keysWithEscapes: "key\\ with\\ spaces=1\nk\\=e\\:y=2\n\\#hash=3\n\\!bang=4\n\\ lead=5\n",
  continuations: "a=1\\\n  2\\\n\t\f3\nb=x\\\\\nc=\\\n\nd=4\\\n# not a comment\n",
  keyContinuation: "lo\\\n   ng\\\n  key = v\nk \\\n  \\\n  = v2\n",
  crlf: "a=1\r\nb=2\\\r\n   3\r\nc\\\r\n  d=4\r\n# c\r\n\r\ne=5\r\n",
  crOnly: "a=1\rb=2\\\r   3\rc\\\r  d=4\r",
  mixedBreaks: "a=1\n\rb=2\r\n\nc=3\\\r\n\\\n  4\n",
  latin1Raw: "caf\xe9=cr\xe8me\n\xff=\xa0\n",
  utf8BytesReadAsLatin1: Buffer.from("k=café\n", "utf8").toString("latin1"),
  splitUnicodeEscape: "a=\\u00\\\n   e9\n",
  trailingBackslashAtEof: "a=value\\",
  keyBackslashAtEof: "key\\",
  loneBackslashAtEof: "a=1\n\\",
  continuationThenBlank: "\\\n\nb=1\n",
  continuationAtEofLf: "a=1\n\\\n",
  continuationAtEofCr: "a=1\n\\\r",
  continuationAtEofCrlf: "a=1\n\\\r\n",
  continuationThenSpacesAtEof: "a=1\n\\\n   ",
  duplicates: "a=1\nb=2\na=3\n",
  emptyKeys: "=\n:x\n= y\n",
  whitespaceOnly: "  \n\t\f\n",
  malformedUnicode: "a=1\nb=\\u12G4\n",
  malformedUnicodeAtEof: "a=\\u12",
};

/** Awkward keys and values that stringify must write so Java reads back exactly them. */
const STRINGIFY_CORPUS: Record<string, Entry[]> = {
  separatorsInKeys: [
    { key: "key with spaces", value: "v" },
    { key: "a=b", value: "v" },
    { key: "a:b", value: "v" },
    { key: "#hash", value: "v" },
    { key: "!bang", value: "v" },
    { key: "in#side!", value: "v" },
    { key: " lead", value: "v" },
    { key: "trail ", value: "v" },
    { key: "\ttab", value: "v" },
    { key: "", value: "empty key" },
  ],
  awkwardValues: [
    { key: "leadingSpaces", value: "   x" },
    { key: "trailingSpaces", value: "x   " },
    { key: "leadingSeparator", value: "=x" },
    { key: "leadingColon", value: ": x" },
    { key: "leadingHash", value: "# not a comment" },
    { key: "backslashes", value: "C:\\dir\\\\share\\" },
    { key: "fakeUnicode", value: "\\u00e9 \\uZZZZ" },
    { key: "empty", value: "" },
    { key: "newlines", value: "a\nb\r\nc\rd" },
    { key: "tabsAndFeeds", value: "\ta\tb\f" },
    { key: "controls", value: "\0\x01\x1b\x7f" },
    { key: "jaas", value: JAAS_VALUE },
  ],
  unicode: [
    { key: "caf\u00e9", value: "cr\u00e8me br\u00fbl\u00e9e" },
    { key: "\u00a0nbsp", value: "\u00a0" },
    { key: "euro\u20ac", value: "\u20ac" },
    { key: "emoji\u{1F600}", value: "\u{1F600}\u{10FFFF}" },
    { key: "loneSurrogates", value: "\ud800x\udfff" },
    { key: "lineSeparator", value: "a\u2028b\u2029c\u0085d" },
  ],
  emptyKeyWithSeparatorValue: [{ key: "", value: "=x" }],
  spaceKeyOnly: [{ key: " ", value: " " }],
};

/** Deterministic PRNG (mulberry32) so a failing random case is reproducible. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments weighted towards what properties syntax cares about. */
const FRAGMENTS = [
  "a", "Z", "0", ".", "_", "-", " ", "  ", "=", ":", "#", "!", "\\", "\\\\", "\\u", "\\n", "u00e9",
  "\t", "\n", "\r", "\r\n", "\f", "\0", "\x7f", "\xa0", "\xe9", "\xff", "\u20ac", "\u2028",
  "\u{1F600}", "\ud800", "\udfff",
];

function randomText(random: () => number, maxFragments: number): string {
  const length = Math.floor(random() * (maxFragments + 1));
  return Array.from({ length }, () => FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]).join("");
}

type RandomCase = { entries: Entry[]; header: string[] };

function randomCases(count: number, seed: number): RandomCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const keys = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomText(random, 6)));
    const entries = [...keys].map((key) => ({ key, value: randomText(random, 10) }));
    const header = Array.from({ length: Math.floor(random() * 3) }, () => randomText(random, 6));
    return { entries, header };
  });
}

const RANDOM_CASES = randomCases(300, 20240611);
/** Raw file texts for the parser (chars ≤ U+00FF: what Java can see when it decodes ISO-8859-1). */
const RANDOM_TEXTS = randomTexts(300, 19700101);

function randomTexts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const latin1 = (text: string) => text.replace(/[^\x00-\xff]/g, "?");
  return Array.from({ length: count }, () => latin1(randomText(random, 30)));
}

/** Java's view of a file: entries sorted by key (String.compareTo = UTF-16 unit order), or its error. */
type OracleResult = { entries: Pair[] } | { error: string };

function sortedPairs(entries: ReadonlyArray<Entry>): Pair[] {
  const lastWins = new Map(entries.map((e): Pair => [e.key, e.value]));
  return [...lastWins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function parseOrError(text: string): Pair[] | "error" {
  try {
    return sortedPairs(parseProperties(text));
  } catch (error) {
    if (error instanceof PropertiesSyntaxError) return "error";
    throw error;
  }
}

/** Runs the Java oracle once over every file; throws with Java's stderr if the JVM fails. */
function runOracle(files: string[]): Map<string, OracleResult> {
  const run = Bun.spawnSync(["java", join(import.meta.dir, "../java/PropertiesOracle.java"), ...files]);
  if (run.exitCode !== 0) throw new Error(`PropertiesOracle failed (exit ${run.exitCode}):\n${run.stderr}`);
  const lines = run.stdout.toString().trimEnd().split("\n");
  return new Map(lines.map((line) => {
    const { file, ...result } = JSON.parse(line) as OracleResult & { file: string };
    return [file, result];
  }));
}

const hasJava = Bun.which("java") !== null;

describe.skipIf(!hasJava)("java.util.Properties oracle", () => {
  let dir = "";
  let java = new Map<string, OracleResult>();
  const fileOf = (name: string) => join(dir, `${name}.properties`);
  const javaReads = (name: string): OracleResult => java.get(fileOf(name)) ?? { error: "oracle did not report" };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "properties-oracle-"));
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(PARSE_CORPUS)) files[`parse-${name}`] = text;
    for (const [name, entries] of Object.entries(STRINGIFY_CORPUS)) files[`stringify-${name}`] = stringifyProperties(entries);
    RANDOM_CASES.forEach(({ entries, header }, i) => (files[`random-${i}`] = stringifyProperties(entries, header)));
    RANDOM_TEXTS.forEach((text, i) => (files[`random-parse-${i}`] = text));
    // latin1 bytes: each char of the text becomes the byte Java decodes back to that char.
    for (const [name, text] of Object.entries(files)) writeFileSync(fileOf(name), Buffer.from(text, "latin1"));
    java = runOracle(Object.keys(files).map(fileOf));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.each(Object.keys(PARSE_CORPUS))("parse ≡ Java: %s", (name) => {
    const text = PARSE_CORPUS[name] ?? "";
    const expected = javaReads(`parse-${name}`);
    if ("error" in expected) {
      expect(() => parseProperties(text)).toThrow(PropertiesSyntaxError);
      return;
    }
    expect({ entries: sortedPairs(parseProperties(text)) }).toEqual(expected);
  });

  test.each(Object.keys(STRINGIFY_CORPUS))("stringify → Java reads exactly: %s", (name) => {
    const entries = STRINGIFY_CORPUS[name] ?? [];
    expect(javaReads(`stringify-${name}`)).toEqual({ entries: sortedPairs(entries) });
  });

  test(`parse ≡ Java: ${RANDOM_TEXTS.length} seeded random texts`, () => {
    RANDOM_TEXTS.forEach((text, i) => {
      const java = javaReads(`random-parse-${i}`);
      expect({ case: i, text, ours: parseOrError(text) }).toEqual({ case: i, text, ours: "error" in java ? "error" : java.entries });
    });
  });

  test(`stringify → Java reads exactly: ${RANDOM_CASES.length} seeded random cases`, () => {
    RANDOM_CASES.forEach(({ entries, header }, i) => {
      const text = stringifyProperties(entries, header);
      const context = { case: i, entries, header, text };
      expect({ ...context, java: javaReads(`random-${i}`) }).toEqual({ ...context, java: { entries: sortedPairs(entries) } });
      expect({ ...context, ours: sortedPairs(parseProperties(text)) }).toEqual({ ...context, ours: sortedPairs(entries) });
      // One line per header line and entry: nothing folded, and output is pure ASCII.
      const headerLines = header.flatMap((h) => h.split(/\r\n|\r|\n/)).length;
      expect({ ...context, lines: text.split("\n").length - 1, ascii: /^[\x00-\x7f]*$/.test(text) })
        .toEqual({ ...context, lines: headerLines + entries.length, ascii: true });
    });
  });
});
