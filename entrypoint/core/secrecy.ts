// What is secret and how it is hidden: one pattern for secret keys and -D options, one mask, one redaction of
// secret values from free text (a child's output). Every place that prints a value goes through here. Pure.
import { splitList } from "./kafka/configdef.ts";
import type { Entry } from "./inputs.ts";
import { SECRET_KEY_PATTERN } from "./policy.ts";

export const MASK = "******";

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}

/** A value read from a secret file, or the value of a key whose name says it is secret. */
export function isSecret(entry: Pick<Entry, "key" | "secret">): boolean {
  return entry.secret || isSecretKey(entry.key);
}

export function shownValue(entry: Pick<Entry, "key" | "value" | "secret">): string {
  return isSecret(entry) ? MASK : entry.value;
}

/** The value in quotes for a message, or the mask. */
export function quoted(entry: Pick<Entry, "key" | "value" | "secret">): string {
  return isSecret(entry) ? MASK : JSON.stringify(entry.value);
}

/**
 * What must never be printed: each secret value and each of its comma-separated parts (blank ones left out). Every
 * secret text is split, not only a LIST key's value: the broker prints a list as `[a, b]`, so one element can show
 * alone, and a variable (CLUSTER_ID, KAFKA_OPTS) has no type to ask.
 */
export function secretTexts(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => [v, ...splitList(v)]).filter((v) => v.trim() !== ""))];
}

/** `-Dsome.password=x` (any secret-looking property), and any word that is or ends in a secret value. */
export function maskArgv(argv: readonly string[], secrets: readonly string[] = []): string[] {
  return argv.map((word) => {
    const d = /^(-D[^=]*)=/.exec(word);
    if (d && isSecretKey(d[1]!.slice(2))) return `${d[1]}=${MASK}`;
    const secret = secrets.find((s) => s !== "" && (word === s || word.endsWith(`=${s}`)));
    if (secret === undefined) return word;
    return word === secret ? MASK : `${word.slice(0, word.length - secret.length)}${MASK}`;
  });
}

/**
 * Free text (what a child printed) with every secret value replaced. Values of three or more characters are
 * replaced wherever they occur; shorter ones only as whole words, so that a secret "1" does not garble the text.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length)) {
    const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(s.length >= 3 ? escaped : `(?<![\\w.-])${escaped}(?![\\w.-])`, "g"), MASK);
  }
  return out;
}
