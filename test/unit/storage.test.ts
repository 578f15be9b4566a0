// entrypoint/core/storage.ts: the storage decision from what each dir holds, the storage-tool argv, and how a
// failed format is read. Pure: literal dir states in, decisions out (gather.test.ts reads real dirs).
import { describe, expect, test } from "bun:test";
import { decideStorage, formatArgs, kafkaRefusal, type DirState } from "../../entrypoint/core/storage.ts";
import { plan } from "./fixtures.ts";

const ID = "5L6g3nShT-eMCtK--X86sw";
const OTHER = "MkU3OEVBNTcwNTJENDM2Qg";
const CFG = "/opt/kafka/config/server.properties";

/** meta.properties as Kafka 4.x's StorageTool writes it. */
function meta(clusterId: string, nodeId = 1): string {
  return `#\n#Tue Nov 24 22:00:00 UTC 2026\ncluster.id=${clusterId}\ndirectory.id=J8ZrRzq0QSmPnfk-wdoZsA\nnode.id=${nodeId}\nversion=1\n`;
}
const absent = (dir: string): DirState => ({ dir, meta: { kind: "absent" }, access: { ok: true } });
const present = (dir: string, text: string): DirState => ({ dir, meta: { kind: "present", text }, access: { ok: true } });

describe("storage decision (contract §6)", () => {
  test.each([
    ["fresh", [absent("/a"), absent("/b")], "format", false],
    ["all formatted, same id", [present("/a", meta(ID)), present("/b", meta(ID))], "skip", undefined],
    ["one of two formatted", [present("/a", meta(ID)), absent("/b")], "format", true],
    ["foreign cluster id", [present("/a", meta(OTHER)), absent("/b")], "refuse", undefined],
    ["foreign id in the second dir", [present("/a", meta(ID)), present("/b", meta(OTHER))], "refuse", undefined],
    ["other node id", [present("/a", meta(ID, 2))], "refuse", undefined],
    ["unreadable meta.properties", [{ dir: "/a", meta: { kind: "unreadable", reason: "permission", detail: "EACCES" } } as DirState], "refuse", undefined],
  ] as const)("%s → %s (ignore-formatted: %p)", (_name, states, action, ignoreFormatted) => {
    const d = decideStorage(states, ID, "1", CFG, false);
    expect([d.action, d.action === "format" ? d.ignoreFormatted : undefined]).toEqual([action, ignoreFormatted]);
  });

  test("ids compare as bytes: one id in two spellings is one cluster", () => {
    expect(decideStorage([present("/a", meta(OTHER))], "MkU3OEVBNTcwNTJENDM2Qk", "1", CFG, false).action).toBe("skip");
    expect(decideStorage([present("/a", meta("MkU3OEVBNTcwNTJENDM2Qk"))], OTHER, "1", CFG, false).action).toBe("skip");
  });

  test("a partial format keeps the stored spelling: Kafka compares ids as text", () => {
    const d = decideStorage([present("/a", meta("MkU3OEVBNTcwNTJENDM2Qk")), absent("/b")], OTHER, "1", CFG, false);
    expect(d.action === "format" && d.args).toEqual(["format", "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk", "-c", CFG, "--ignore-formatted"]);
  });

  test("the refusal names the stored id, the fix, and says nothing was changed", () => {
    const d = decideStorage([present("/a", meta(OTHER))], ID, "1", CFG, false);
    if (d.action !== "refuse") throw new Error("expected refuse");
    expect(d.problems[0]).toMatchObject({ kind: "data", subject: "CLUSTER_ID" });
    expect(d.problems[0]!.fix).toContain(`CLUSTER_ID=${OTHER}`);
    expect(d.problems[0]!.fix).toContain("nothing was changed");
  });

  test.each([
    ["a read-only volume", { ok: false, path: "/data", kind: "permission", detail: "read-only file system", user: 1000 }, "no :ro", 77],
    ["a folder of another owner", { ok: false, path: "/data", kind: "permission", detail: "permission denied", owner: "owned by 0:0, mode 755", user: 12345 }, "chown 12345 /data", 77],
  ] as const)("a storage dir that cannot be written (%s) is refused before any format", (_name, access, fix, _code) => {
    const d = decideStorage([{ dir: "/data/logs", meta: { kind: "absent" }, access }], ID, "1", CFG, false);
    if (d.action !== "refuse") throw new Error("expected refuse");
    expect(d.problems[0]).toMatchObject({ kind: "permission", subject: "/data/logs" });
    expect(d.problems[0]!.message).toContain(access.detail);
    expect(d.problems[0]!.fix).toContain(fix);
  });
});

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
    expect(plan({ env }).standalone).toBe(standalone);
  });

  test("dirs: every log.dirs entry plus metadata.log.dir, once each", () => {
    expect(plan({ env: { KAFKA_LOG_DIRS: "/a, /b,/a", KAFKA_METADATA_LOG_DIR: "/m" } }).storageDirs).toEqual(["/a", "/b", "/m"]);
  });
});

describe("a failed format: Kafka refusing the configuration, or something else", () => {
  test.each([
    ['Exception in thread "main" org.apache.kafka.common.config.ConfigException: Class com.example.Missing could not be found.\n\tat org.apache.kafka...', "Class com.example.Missing could not be found."],
    ["Exception in thread \"main\" java.lang.IllegalArgumentException: requirement failed: log.roll.ms must be greater than or equal to 1\n\tat scala...", "requirement failed: log.roll.ms must be greater than or equal to 1"],
    ["Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.", "Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers."],
    ["java.io.IOException: No space left on device", undefined],
    ["Exception in thread \"main\" java.lang.RuntimeException: Invalid cluster.id in: /data/meta.properties", undefined],
  ])("%j → %p", (output, refusal) => {
    expect(kafkaRefusal(output)).toBe(refusal);
  });
});
