// Probe: the launcher's file system work on a restart: read the three defaults, write three
// final files (write + rename), read one meta.properties.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const defaults = process.argv[2]!;
const out = process.argv[3]!;
mkdirSync(out, { recursive: true });
for (const name of ["server.properties", "log4j2.yaml", "tools-log4j2.yaml"]) {
  const text = readFileSync(join(defaults, name), "latin1");
  writeFileSync(join(out, `.${name}.tmp`), text);
  renameSync(join(out, `.${name}.tmp`), join(out, name));
}
try { readFileSync(join(out, "meta.properties"), "latin1"); } catch {}
