// Probe: module evaluation of zod/mini plus building one schema (what validate.ts does at import).
import * as z from "zod/mini";
const list = z.pipe(z.string(), z.transform((s: string) => s.split(",")));
if (list.safeParse("a,b").success !== true) process.exit(1);
