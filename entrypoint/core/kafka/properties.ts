// properties.ts — reads and writes Java `.properties` text exactly as java.util.Properties does
// (Kafka loads server.properties with Properties.load(InputStream), i.e. ISO-8859-1; see
// org.apache.kafka.common.utils.Utils.loadProps). The only module that imports dot-properties.
// Pure: strings in, values out. Behaviour is pinned by test/unit/properties.test.ts against the real
// java.util.Properties (test/java/PropertiesOracle.java).
//
// dot-properties finds the logical lines and the key/value boundaries; this module then decodes
// the raw key and value text itself, the way Properties.loadConvert does, because dot-properties
// unescapes before joining continuation lines and is lenient where Java is not (see decodeRaw).
import { parseLines, stringify } from "dot-properties";

export type PropertyLine = { key: string; value: string; line: number }; // line: 1-based, where the entry starts

/** A file that java.util.Properties.load would refuse (it throws IllegalArgumentException). */
export class PropertiesSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = "PropertiesSyntaxError";
  }
}

/**
 * Entries in file order, duplicates kept (the caller applies last-wins, as Properties.load does).
 * Throws PropertiesSyntaxError where Java's load() would throw (a malformed \uXXXX escape).
 *
 *   parseProperties("a=1\nb : 2\\\n   3\n")  →  [{key:"a",value:"1",line:1}, {key:"b",value:"23",line:2}]
 */
export function parseProperties(text: string): PropertyLine[] {
  return findEntries(text).map(({ rawKey, rawValue, line }) => ({
    key: decodeRaw(rawKey, line),
    value: decodeRaw(rawValue, line),
    line,
  }));
}

/** True when Java would read no entry at all from the text (only blank lines and comments). */
export function isBlankProperties(text: string): boolean {
  return findEntries(text).length === 0;
}

/**
 * One `key=value` line per entry, in the given order, after the header as `# ...` comment lines.
 * Never folded, LF line endings, trailing newline, and pure ASCII (anything else is written as
 * \uXXXX), so Java reads back exactly these keys and values whatever encoding it assumes.
 */
export function stringifyProperties(
  entries: ReadonlyArray<{ key: string; value: string }>,
  header: readonly string[] = [],
): string {
  const lines = [...header.flatMap(toCommentLines), ...entries.map(toEntryLine)];
  return lines.map((line) => `${escapeNonAscii(line)}\n`).join("");
}

// ---------------------------------------------------------------------------------------------
// Parsing

type RawEntry = { rawKey: string; rawValue: string; line: number };

/** The entries Java would read, as raw (still escaped) key and value text. */
function findEntries(text: string): RawEntry[] {
  const src = normalizeLineBreaks(text);
  const lineAt = lineLocator(src);
  const entries: RawEntry[] = [];
  for (const node of parseLines(src, true)) {
    if (node.type !== "PAIR") continue;
    const [keyStart, keyEnd, valueStart, valueEnd] = node.range as [number, number, number, number];
    if (isDroppedByJava(text, src, keyStart, valueEnd)) continue;
    const rawKey = src.slice(keyStart, keyEnd);
    const rawValue = src.slice(valueStart, valueEnd);
    entries.push({ rawKey, rawValue, line: lineAt(keyStart) });
  }
  return entries;
}

/**
 * Java ends a line at \n, \r or \r\n alike; dot-properties only joins a continuation before \n
 * (it reads `a\` CR LF `b` as key "a\r"). Mapping every break to \n keeps line numbers and, since a
 * raw CR can only ever be a line break in this format, changes nothing Java would read.
 */
function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** Maps an offset to its 1-based line; offsets must be asked in increasing order. */
function lineLocator(src: string): (offset: number) => number {
  let line = 1;
  let scanned = 0;
  return (offset) => {
    for (; scanned < offset; scanned++) if (src[scanned] === "\n") line++;
    return line;
  };
}

/**
 * A logical line made only of continuations (`\` + line break, nothing else) is an entry for
 * dot-properties (key "", value ""), but Java's LineReader drops it -- except when the file ends
 * right after the backslash or right after that backslash's single \n or \r (not \r\n): then
 * Properties.load puts the empty key "". Checked against Java 17 by the oracle test.
 */
function isDroppedByJava(text: string, src: string, start: number, end: number): boolean {
  if (joinContinuations(src.slice(start, end)) !== "") return false;
  // `>=`: after a backslash at end of file dot-properties' range ends one past the text.
  const endsTheFile = end >= src.length && /\\[\r\n]?$/.test(text);
  return !endsTheFile;
}

/** Raw key or value text → the string Java stores: join continuations, then loadConvert. */
function decodeRaw(raw: string, line: number): string {
  return unescapeJava(joinContinuations(raw), line);
}

/**
 * Java's LineReader joins continuation lines before anything is unescaped: a backslash that
 * escapes the line break disappears with it and with the next line's leading whitespace; a lone
 * backslash at end of file is dropped. Pairs `\x` are skipped whole so `\\` never continues a line.
 */
function joinContinuations(raw: string): string {
  return raw.replace(/\\(\n[ \t\f]*|$|[^])/g, (match, rest: string) =>
    rest === "" || rest[0] === "\n" ? "" : match,
  );
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", f: "\f" };

/**
 * Properties.loadConvert: \t \n \r \f, \uXXXX (exactly four hex digits, else Java throws
 * "Malformed \uxxxx encoding."), and `\x` → `x` for any other x. A \uXXXX split by a continuation
 * line is valid in Java because the lines were joined first -- dot-properties reads it as "u...".
 */
function unescapeJava(joined: string, line: number): string {
  return joined.replace(/\\(?:u([^]{0,4})|([^]))/g, (_, hex: string | undefined, ch: string) => {
    if (hex === undefined) return SIMPLE_ESCAPES[ch] ?? ch;
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
      throw new PropertiesSyntaxError(line, `malformed \\uXXXX escape "\\u${hex}" (Java refuses to load this file)`);
    }
    return String.fromCharCode(parseInt(hex, 16));
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

/** dot-properties escapes `\`, control chars, key separators and a leading `#`/`!`/space. */
const STRINGIFY_OPTIONS = { keySep: "=", lineWidth: null, latin1: true, newline: "\n" } as const;

function toEntryLine({ key, value }: { key: string; value: string }): string {
  return stringify([[key, value]], STRINGIFY_OPTIONS);
}

/** A header line holding a line break would otherwise end the comment and start an entry. */
function toCommentLines(header: string): string[] {
  return header.split(/\r\n|\r|\n/).map((text) => (text === "" ? "#" : `# ${text}`));
}

/**
 * dot-properties' latin1 mode leaves U+00A1..U+00FF raw, which is right only if the reader decodes
 * ISO-8859-1. Escaping every non-ASCII UTF-16 unit (surrogate pairs become two escapes, which is
 * how Java stores them too) makes the file read the same as ISO-8859-1 or UTF-8. Safe as a pass
 * over finished lines: escapes are ASCII, so a non-ASCII char is always a literal, never escaped.
 */
function escapeNonAscii(line: string): string {
  return line.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
