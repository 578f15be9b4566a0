// The configuration's values as the broker reads them (AbstractConfig parses the whole config with its ConfigDef,
// Kafka 4.4): each value by its key's type, a ValidList's repeated entries dropped, an unset key read as its
// default. This is where a value's text becomes a typed value: node.ts, merge.ts's derived listeners and
// validate.ts read here instead of splitting or parsing text themselves. Pure. Each entry is parsed once, when a
// step first asks for it; the view follows the config it was made over, so an entry set later (derived
// listeners, the profile, SSL secrets) is read as itself.
import type { Catalog, CatalogKey } from "./catalog.ts";
import { distinct, parseValue, type Parsed, type Value } from "./configdef.ts";
import type { Entry } from "../inputs.ts";

type Config = ReadonlyMap<string, Entry>;

/** One set value, read: as the broker gets it, and (a LIST) its entries as written, repeats and empty ones kept. */
type Read = { entry: Entry; parsed: Parsed; written: readonly string[] };

export type Values = {
  config: Config;
  catalog: Catalog;
  /** By key; a read stands while the config holds the same entry. */
  reads: Map<string, Read>;
  defaults: Map<string, Parsed>;
};

export function viewValues(config: Config, catalog: Catalog): Values {
  return { config, catalog, reads: new Map(), defaults: new Map() };
}

/** The value set for key, as the broker gets it; undefined when the key is unset or Kafka does not know it. */
export function parsedOf(values: Values, key: string): Parsed | undefined {
  return readOf(values, key)?.parsed;
}

/** The value set for key, when it is set and parses (no default). */
export function setValueOf(values: Values, key: string): Value | undefined {
  const parsed = parsedOf(values, key);
  return parsed?.ok ? parsed.value : undefined;
}

/** A LIST key's entries as written: split at commas, repeated and empty entries kept ([] when unset). */
export function entriesOf(values: Values, key: string): readonly string[] {
  return readOf(values, key)?.written ?? [];
}

/**
 * What the broker reads for key: the set value, else the key's default. undefined when the value does not parse
 * (validate.ts reports it) or Kafka does not know the key, null when the key has no value at all.
 */
export function valueOf(values: Values, key: string): Value | null | undefined {
  const parsed = values.config.has(key) ? parsedOf(values, key) : defaultOf(values, key);
  if (parsed === null) return null;
  return parsed?.ok ? parsed.value : undefined;
}

function readOf(values: Values, key: string): Read | undefined {
  const entry = values.config.get(key);
  const spec = entry && specOf(values.catalog, key);
  if (!entry || !spec) return undefined;
  const known = values.reads.get(key);
  if (known?.entry === entry) return known;
  const read = { entry, ...parse(spec, entry.value) };
  values.reads.set(key, read);
  return read;
}

/** An unset key's default, parsed; null when it has none. */
function defaultOf(values: Values, key: string): Parsed | null | undefined {
  const spec = values.catalog.keys.get(key);
  if (!spec) return undefined;
  if (spec.default === undefined || spec.default === null) return null;
  const known = values.defaults.get(key);
  if (known) return known;
  const { parsed } = parse(spec, spec.default);
  values.defaults.set(key, parsed);
  return parsed;
}

/** ConfigDef.parseType, then what ConfigDef does before it validates: a ValidList keeps the first of repeated entries. */
function parse(spec: CatalogKey, text: string): { parsed: Parsed; written: readonly string[] } {
  const parsed = parseValue(spec.type, text);
  const written = parsed.ok && spec.type === "LIST" ? (parsed.value as string[]) : [];
  if (parsed.ok && spec.check?.kind === "list") return { parsed: { ok: true, value: distinct(written) }, written };
  return { parsed, written };
}

const LISTENER_PREFIX = "listener.name.";

/**
 * A key's ConfigDef entry. A listener's own `listener.name.<listener>.<key>` reads as <key>
 * (AbstractConfig.valuesWithPrefixOverride); the listener's name may hold dots, so <key> is the longest known tail.
 */
function specOf(catalog: Catalog, key: string): CatalogKey | undefined {
  const spec = catalog.keys.get(key);
  if (spec || !key.startsWith(LISTENER_PREFIX)) return spec;
  const parts = key.slice(LISTENER_PREFIX.length).split(".");
  for (let i = 1; i < parts.length; i++) {
    const tail = catalog.keys.get(parts.slice(i).join("."));
    if (tail) return tail;
  }
  return undefined;
}
