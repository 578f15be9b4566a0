// entrypoint/core/kafka/clusterid.ts: ids as Kafka stores them (any text), their canonical spelling, byte comparison.
import { describe, expect, test } from "bun:test";
import { parseClusterId, sameClusterId } from "../../entrypoint/core/kafka/clusterid.ts";
import { errorSubjects, plan, values } from "./fixtures.ts";

describe("parsing and comparing ids", () => {
  test.each([
    ["5L6g3nShT-eMCtK--X86sw", "5L6g3nShT-eMCtK--X86sw"],
    ["MkU3OEVBNTcwNTJENDM2Qk", "MkU3OEVBNTcwNTJENDM2Qg"], // unused low bits set
    ["MkU3OEVBNTcwNTJENDM2Qg==", "MkU3OEVBNTcwNTJENDM2Qg"], // padded
    ["5L6g3nShT+eMCtK//X86sw", "5L6g3nShT-eMCtK__X86sw"], // standard base64
    ["5L6g3nShT+eMCtK_-X86sw", undefined], // both alphabets
    ["abc", undefined],
    ["MkU3OEVBNTcwNTJENDM2QkAA", undefined], // 18 bytes
  ])("%s → canonical %p", (text, canonical) => {
    expect(parseClusterId(text)?.canonical).toBe(canonical);
  });
  test("one id in two spellings is the same id; text that is no id compares as text", () => {
    expect([sameClusterId("MkU3OEVBNTcwNTJENDM2Qk", "MkU3OEVBNTcwNTJENDM2Qg"), sameClusterId("abc", "abc"), sameClusterId("abc", "abd")]).toEqual([true, true, false]);
  });
});

describe("cluster id (contract §6)", () => {
  test("default", () => expect(plan().clusterId.value).toBe("5L6g3nShT-eMCtK--X86sw"));
  test("the non-canonical spelling is accepted with a warning naming the canonical one", () => {
    const p = plan({ env: { CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qk" } });
    expect(errorSubjects(p)).toEqual([]);
    expect(p.problems[0]!.fix).toContain("MkU3OEVBNTcwNTJENDM2Qg");
  });
  // Kafka 4.4 formats and starts with any text as the id (test/oracle runs the real storage tool on these)
  test.each([
    ["short", undefined],
    ["MkU3OEVBNTcwNTJENDM2Qg==", "MkU3OEVBNTcwNTJENDM2Qg"],
    ["5L6g3nShT+eMCtK//X86sw", "5L6g3nShT-eMCtK__X86sw"],
    ["MkU3OEVBNTcwNTJENDM2QkAA", undefined],
  ])("%s is accepted with a warning (canonical spelling: %s)", (id, canonical) => {
    const p = plan({ env: { CLUSTER_ID: id } });
    expect(errorSubjects(p)).toEqual([]);
    expect(p.problems.map((x) => [x.severity, x.subject])).toEqual([["warning", "CLUSTER_ID"]]);
    if (canonical) expect(p.problems[0]!.fix).toContain(`CLUSTER_ID=${canonical}`);
  });
  test("an empty CLUSTER_ID is the default id, as upstream's configureDefaults makes it", () => {
    const p = plan({ env: { CLUSTER_ID: "" } });
    expect([p.clusterId.value, p.problems]).toEqual(["5L6g3nShT-eMCtK--X86sw", []]);
  });
  test("KAFKA_CLUSTER_ID alone is an error that says CLUSTER_ID; never a cluster.id key", () => {
    const p = plan({ env: { KAFKA_CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qg" } });
    expect(errorSubjects(p)).toEqual(["KAFKA_CLUSTER_ID"]);
    expect(p.problems[0]!.fix).toContain("CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qg");
    expect(values(p)["cluster.id"]).toBeUndefined();
  });
  test("CLUSTER_ID_FILE reads the id from a file", () => {
    const p = plan({ env: { CLUSTER_ID_FILE: "/run/secrets/id" }, secrets: { "/run/secrets/id": "MkU3OEVBNTcwNTJENDM2Qg\n" } });
    expect(p.clusterId.value).toBe("MkU3OEVBNTcwNTJENDM2Qg");
  });
});

