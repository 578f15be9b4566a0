// scripts/lib/dockerfile.ts: what an engine's builder takes of the image's Dockerfiles. The release keeps
// HEALTHCHECK --start-interval (Docker 25, Engine API 1.44); a copy for an older engine leaves out that
// flag and nothing else. Both Dockerfiles carry the same check.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiAtLeast, fitDockerfile } from "../../scripts/lib/dockerfile.ts";

const ROOT = join(import.meta.dir, "../..");
const healthcheck = (file: string) => readFileSync(join(ROOT, file), "utf8").split("\n").filter((l) => l.startsWith("HEALTHCHECK"));

describe("API versions compare as numbers", () => {
  test.each<[string, string, boolean]>([
    ["1.41", "1.44", false],
    ["1.43", "1.44", false],
    ["1.44", "1.44", true],
    ["1.50", "1.44", true],
    ["1.100", "1.44", true],
    ["2.0", "1.44", true],
    ["0.99", "1.44", false],
  ])("%s ≥ %s: %p", (version, wanted, expected) => {
    expect(apiAtLeast(version, wanted)).toBe(expected);
  });
});

describe("the image's HEALTHCHECK for each engine", () => {
  const [line] = healthcheck("docker/jvm/Dockerfile");
  const dockerfile = `FROM scratch\n${line}\nUSER appuser\n`;

  test("both Dockerfiles carry the same one, with a start interval", () => {
    expect({ jvm: healthcheck("docker/jvm/Dockerfile"), native: healthcheck("docker/native/Dockerfile") }).toEqual({ jvm: [line!], native: [line!] });
    expect(line).toMatch(/ --start-interval=\S+ /);
  });

  test("Docker 25 and later (API 1.44+): unchanged", () => {
    expect([fitDockerfile(dockerfile, "1.44"), fitDockerfile(dockerfile, "1.51")]).toEqual([{ text: dockerfile }, { text: dockerfile }]);
  });

  test("an older engine (API 1.41, Docker 20.10): the flag alone is left out", () => {
    const fitted = fitDockerfile(dockerfile, "1.41");
    expect({ leftOut: fitted.leftOut, sameOtherwise: fitted.text.replace(/\s+/g, " ") === dockerfile.replace(/ --start-interval=\S+/, "").replace(/\s+/g, " "), flagGone: fitted.text.includes("start-interval") }).toEqual({
      leftOut: expect.stringMatching(/^--start-interval=\S+$/),
      sameOtherwise: true,
      flagGone: false,
    });
  });

  test("a Dockerfile without the flag is left as it is", () => {
    expect(fitDockerfile("FROM scratch\nHEALTHCHECK --interval=5s CMD true\n", "1.41")).toEqual({ text: "FROM scratch\nHEALTHCHECK --interval=5s CMD true\n" });
  });
});
