import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gatherStorage } from "../../entrypoint/gather.ts";
import { decideStorage, formatArgs, needsStandalone, storageDirs } from "../../entrypoint/storage.ts";
import { plan, values } from "./fixtures.ts";

const ID = "5L6g3nShT-eMCtK--X86sw";
const OTHER = "MkU3OEVBNTcwNTJENDM2Qg";
const CFG = "/opt/kafka/config/server.properties";
const root = mkdtempSync(join(tmpdir(), "storage-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** meta.properties as Kafka 4.x's StorageTool writes it. */
function meta(clusterId: string, nodeId = 1): string {
  return `#\n#Tue Nov 24 22:00:00 UTC 2026\ncluster.id=${clusterId}\ndirectory.id=J8ZrRzq0QSmPnfk-wdoZsA\nnode.id=${nodeId}\nversion=1\n`;
}

/** Lays out dirs on disk: null = no folder, "" = empty folder, else meta.properties text. */
function layout(name: string, dirs: (string | null)[]): string[] {
  return dirs.map((content, i) => {
    const dir = join(root, name, `d${i}`);
    if (content === null) return dir;
    mkdirSync(dir, { recursive: true });
    if (content) writeFileSync(join(dir, "meta.properties"), content);
    return dir;
  });
}

const TABLE: [string, (string | null)[], string, boolean | undefined][] = [
  ["fresh: no folders yet", [null, null], "format", false],
  ["fresh: empty folders", ["", ""], "format", false],
  ["all formatted, same id", [meta(ID), meta(ID)], "skip", undefined],
  ["one of two formatted", [meta(ID), ""], "format", true],
  ["metadata dir formatted, log dir missing", [null, meta(ID)], "format", true],
  ["foreign cluster id", [meta(OTHER), ""], "refuse", undefined],
  ["foreign id in the second dir", [meta(ID), meta(OTHER)], "refuse", undefined],
  ["other node id", [meta(ID, 2)], "refuse", undefined],
];

describe("storage decision from meta.properties on disk (contract §6)", () => {
  test.each(TABLE)("%s → %s (ignore-formatted: %p)", (name, dirs, action, ignoreFormatted) => {
    const states = gatherStorage(layout(name.replaceAll(" ", "_"), dirs));
    const before = snapshot(name);
    const decision = decideStorage(states, ID, "1", CFG, false);
    expect(decision.action).toBe(action as any);
    if (decision.action === "format") expect(decision.ignoreFormatted).toBe(ignoreFormatted!);
    if (decision.action === "refuse") expect(decision.problems[0]!.fix).toContain("nothing was changed");
    expect(snapshot(name)).toEqual(before);
  });

  test("ids compare as bytes: a dir stored with the canonical spelling accepts the other spelling", () => {
    const dirs = layout("bytes", [meta(OTHER)]);
    expect(decideStorage(gatherStorage(dirs), "MkU3OEVBNTcwNTJENDM2Qk", "1", CFG, false).action).toBe("skip");
    const stored = layout("bytes2", [meta("MkU3OEVBNTcwNTJENDM2Qk")]);
    expect(decideStorage(gatherStorage(stored), OTHER, "1", CFG, false).action).toBe("skip");
  });

  test("a partial format keeps the stored spelling: Kafka compares ids as strings", () => {
    const d = decideStorage(gatherStorage(layout("spelling", [meta("MkU3OEVBNTcwNTJENDM2Qk"), ""])), OTHER, "1", CFG, false);
    if (d.action !== "format") throw new Error("expected format");
    expect(d.args).toEqual(["format", "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk", "-c", CFG, "--ignore-formatted"]);
  });

  test("the refusal names the stored id and the fix", () => {
    const d = decideStorage(gatherStorage(layout("msg", [meta(OTHER)])), ID, "1", CFG, false);
    if (d.action !== "refuse") throw new Error("expected refuse");
    expect(d.problems[0]).toMatchObject({ kind: "data", subject: "CLUSTER_ID" });
    expect(d.problems[0]!.fix).toContain(`CLUSTER_ID=${OTHER}`);
  });
});

function snapshot(name: string): string[] {
  try {
    return readdirSync(join(root, name.replaceAll(" ", "_")), { recursive: true }).map(String).sort();
  } catch {
    return [];
  }
}

describe("storage-tool argv", () => {
  test.each([
    [false, false, ["format", "--cluster-id", ID, "-c", CFG]],
    [true, false, ["format", "--cluster-id", ID, "-c", CFG, "--standalone"]],
    [false, true, ["format", "--cluster-id", ID, "-c", CFG, "--ignore-formatted"]],
  ])("standalone=%p ignoreFormatted=%p", (standalone, ignore, argv) => {
    expect(formatArgs(ID, CFG, standalone, ignore)).toEqual(argv);
  });

  test.each([
    ["defaults: static voters → no --standalone", {}, false],
    ["controller with bootstrap servers only → --standalone", { KAFKA_PROCESS_ROLES: "controller", KAFKA_NODE_ID: "1", KAFKA_LISTENERS: "CONTROLLER://:9093", KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER", KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: "localhost:9093" }, true],
    ["broker only → never", { KAFKA_PROCESS_ROLES: "broker", KAFKA_NODE_ID: "4", KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: "c:9093" }, false],
  ])("%s", (_name, env, standalone) => {
    expect(needsStandalone(plan({ env }).config)).toBe(standalone);
  });

  test("dirs: every log.dirs entry plus metadata.log.dir, once each", () => {
    const p = plan({ env: { KAFKA_LOG_DIRS: "/a, /b,/a", KAFKA_METADATA_LOG_DIR: "/m" } });
    expect(values(p)["log.dirs"]).toBe("/a, /b,/a");
    expect(storageDirs(p.config)).toEqual(["/a", "/b", "/m"]);
  });
});
