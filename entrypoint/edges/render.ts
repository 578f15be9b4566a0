// Edge: writes the final configs. Each file goes to a temp name first and is renamed over the old
// one, so a reader never sees half a file. Writes only into the final folder.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../core/plan.ts";
import { CONFIG_FILES } from "../core/policy.ts";
import { errnoKind, type Problem } from "../core/problems.ts";

export function writeConfigs(plan: Plan, finalDir: string): Problem[] {
  const files: [string, string][] = [
    [CONFIG_FILES.server, plan.files.server],
    [CONFIG_FILES.log4j2, plan.files.log4j2],
    [CONFIG_FILES.toolsLog4j2, plan.files.toolsLog4j2],
  ];
  try {
    mkdirSync(finalDir, { recursive: true });
    for (const [name, text] of files) {
      const path = join(finalDir, name);
      writeFileSync(`${path}.tmp`, text, { encoding: "latin1", mode: 0o664 });
      renameSync(`${path}.tmp`, path);
    }
    return [];
  } catch (e) {
    const kind = errnoKind((e as NodeJS.ErrnoException).code);
    const permission = kind === "permission";
    return [
      {
        kind: kind === "missing-input" ? "io" : kind,
        severity: "error",
        subject: finalDir,
        message: `cannot write the final configs to ${finalDir}: ${(e as Error).message}`,
        fix: permission
          ? `make ${finalDir} writable by the container user (uid 1000 or group 0); with --read-only, mount a tmpfs there (--tmpfs ${finalDir})`
          : `check the disk and ${finalDir}`,
      },
    ];
  }
}
