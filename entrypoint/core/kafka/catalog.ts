// The broker's own list of configs: name, type, default and the check its ConfigDef validator makes,
// extracted from the Kafka jars at build time (scripts/gen-config-catalog.sh) and compiled into the launcher.
import data from "../../../resources/config-catalog.json" with { type: "json" };

export type ConfigType = "BOOLEAN" | "STRING" | "INT" | "SHORT" | "LONG" | "DOUBLE" | "LIST" | "CLASS" | "PASSWORD";

/** A validator as data (resources/java/catalog/ConfigCatalog.java writes them; configdef.ts applies them). */
export type Check =
  | { kind: "range"; min: string | null; max: string | null }
  | { kind: "accepted"; ranges: [number, number][] }
  | { kind: "oneOf"; values: string[] }
  | { kind: "oneOfIgnoreCase"; values: string[] }
  | { kind: "list"; values: string[]; emptyAllowed: boolean }
  | { kind: "nonEmpty" }
  | { kind: "quorumVoters" }
  | { kind: "quorumBootstrapServers" };

/**
 * One config Kafka knows. `default` is absent for a required key (no default), null for "unset". `from` names the
 * plugin that reads the key (the broker's ConfigDef does not, so it does not check its value either).
 */
export type CatalogKey = { type: ConfigType; default?: string | null; check?: Check; from?: string };

export type Catalog = {
  keys: ReadonlyMap<string, CatalogKey>;
  /** Families read by prefix (listener.name.<listener>.<config>, …): any name under them is legitimate. */
  prefixes: readonly string[];
};

type Raw = { prefixes: string[]; configs: Record<string, CatalogKey> };

export function loadCatalog(): Catalog {
  const raw = data as unknown as Raw;
  return { keys: new Map(Object.entries(raw.configs)), prefixes: raw.prefixes };
}

export function isKnown(catalog: Catalog, key: string): boolean {
  return catalog.keys.has(key) || catalog.prefixes.some((p) => key.startsWith(p));
}
