// What an engine's builder takes of the image's Dockerfiles. `HEALTHCHECK --start-interval` needs Docker
// 25 (Engine API 1.44): older engines' builders, legacy and BuildKit alike, refuse the flag ("Unknown
// flag: start-interval"), and their daemons would not use it. On such an engine the local build and the
// native rehearsal build from a copy of the Dockerfile without it; a release (buildx) keeps it.
//   bun scripts/lib/dockerfile.ts fit FILE…    rewrites each FILE in place for the running engine
import { readFileSync, writeFileSync } from "node:fs";
import { run } from "./run.ts";

/** The first Engine API version whose daemon and builders know HEALTHCHECK's start interval (Docker 25). */
export const START_INTERVAL_API = "1.44";

/** "1.41" < "1.44": API versions compare as numbers, part by part. */
export function apiAtLeast(version: string, wanted: string): boolean {
  const [a = 0, b = 0] = version.split(".").map(Number);
  const [c = 0, d = 0] = wanted.split(".").map(Number);
  return a !== c ? a > c : b >= d;
}

/** The Dockerfile as an engine of `apiVersion` builds it, and what was left out (undefined: nothing). */
export function fitDockerfile(text: string, apiVersion: string): { text: string; leftOut?: string } {
  if (apiAtLeast(apiVersion, START_INTERVAL_API)) return { text };
  const flag = / --start-interval=\S+/.exec(text);
  if (!flag) return { text };
  return { text: text.replace(flag[0], ""), leftOut: flag[0].trim() };
}

/** The running engine's API version ("1.41"); undefined when no engine answers. */
export function engineApiVersion(): string | undefined {
  const r = run(["docker", "version", "--format", "{{.Server.APIVersion}}"]);
  return r.ok ? r.stdout.trim() : undefined;
}

/** Rewrites a copy of a Dockerfile (never the repository's) for the running engine; says what it left out. */
export function fitDockerfileFile(path: string, apiVersion = engineApiVersion()): string | undefined {
  if (!apiVersion) return undefined;
  const fitted = fitDockerfile(readFileSync(path, "utf8"), apiVersion);
  if (!fitted.leftOut) return undefined;
  writeFileSync(path, fitted.text);
  return `Engine API ${apiVersion} (Docker before 25): built without HEALTHCHECK ${fitted.leftOut}, which this engine's builder refuses and its daemon ignores`;
}

if (import.meta.main) {
  const [verb, ...files] = Bun.argv.slice(2);
  if (verb !== "fit" || files.length === 0) {
    console.error("usage: bun scripts/lib/dockerfile.ts fit FILE…");
    process.exit(64);
  }
  for (const file of files) {
    const said = fitDockerfileFile(file);
    if (said) console.error(`${file}: ${said}`);
  }
}
