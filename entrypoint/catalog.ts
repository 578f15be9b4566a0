// The broker's own list of config names and types, extracted from the Kafka jars at build time
// (scripts/gen-config-catalog.sh) and compiled into the launcher.
import data from "../resources/config-catalog.json" with { type: "json" };
import type { Catalog } from "./inputs.ts";

type Raw = { prefixes: string[]; configs: Record<string, { type: string; default: string | null }> };

export function loadCatalog(): Catalog {
  const raw = data as unknown as Raw;
  const types = new Map(Object.entries(raw.configs).map(([name, c]) => [name, c.type]));
  return { names: new Set(types.keys()), prefixes: raw.prefixes, types };
}
