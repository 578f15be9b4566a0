// entrypoint/core/config/knobs.ts: every LAUNCHER_* knob documented, checked, and shown by --help.
import { describe, expect, test } from "bun:test";
import { checkKnobs, knobsHelp } from "../../entrypoint/core/config/knobs.ts";
import { LAUNCHER_ENV } from "../../entrypoint/core/policy.ts";

describe("knobs", () => {
  test.each([
    [{ LAUNCHER_RUNTIME: "jvm", LAUNCHER_PROFILE: "OFF", LAUNCHER_STRICT: "yes", LAUNCHER_AOT_CACHE: "off" }, []],
    [{ LAUNCHER_RUNTIME: "nativ" }, ["LAUNCHER_RUNTIME"]],
    [{ LAUNCHER_PROFILE: "fast" }, ["LAUNCHER_PROFILE"]],
    [{ LAUNCHER_STRICT: "maybe" }, ["LAUNCHER_STRICT"]],
    [{ LAUNCHER_RUNTIME: "" }, []], // empty: the default
  ])("%j → problems about %p", (env, subjects) => {
    expect(checkKnobs(env).map((p) => [p.subject, p.kind])).toEqual(subjects.map((s) => [s, "usage"]));
  });
  test("--help lists every knob, each at the same column", () => {
    const lines = knobsHelp().split("\n").filter((l) => /^ {2}LAUNCHER_/.test(l));
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(Object.values(LAUNCHER_ENV));
    expect(new Set(lines.map((l) => l.search(/(?<=LAUNCHER_\S+\s+)\S/))).size).toBe(1);
  });
});
