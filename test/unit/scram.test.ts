// SCRAM users at format time (entrypoint/core/scram.ts and its place in the plan): the entries as the storage tool gets
// them, what is kept secret, how a bad entry is reported, and how the format runs. test/oracle puts the same kind
// of entries to Kafka's own storage tool; test/broker/scram.test.ts logs in with them on a real broker.
import { describe, expect, test } from "bun:test";
import { planStorage } from "../../entrypoint/core/plan.ts";
import { formatExplain } from "../../entrypoint/edges/report.ts";
import { planScram } from "../../entrypoint/core/scram.ts";
import type { EnvValue } from "../../entrypoint/core/inputs.ts";
import { redact } from "../../entrypoint/core/secrecy.ts";
import { ENV_ONLY_NODE, plan } from "./fixtures.ts";

const vars = (value: string) => new Map<string, EnvValue>([["LAUNCHER_SCRAM_CREDENTIALS", { value, source: { kind: "env", name: "LAUNCHER_SCRAM_CREDENTIALS" }, secret: false }]]);
const NODE = { ...ENV_ONLY_NODE, KAFKA_LOG_DIRS: "/data" };

describe("LAUNCHER_SCRAM_CREDENTIALS: entries as --add-scram takes them", () => {
  test.each([
    ["one entry", "SCRAM-SHA-256=[name=alice,password=p]", ["SCRAM-SHA-256=[name=alice,password=p]"]],
    ["separated by new lines, spaces, commas and semicolons", "SCRAM-SHA-256=[name=a,password=p]\n SCRAM-SHA-512=[name=b,password=q],SCRAM-SHA-256=[name=c,password=r] ; SCRAM-SHA-512=[name=d,password=s]", ["SCRAM-SHA-256=[name=a,password=p]", "SCRAM-SHA-512=[name=b,password=q]", "SCRAM-SHA-256=[name=c,password=r]", "SCRAM-SHA-512=[name=d,password=s]"]],
    ["a space or a ] inside an entry stays in it", 'SCRAM-SHA-256=[name=a,password="x y]"]', ['SCRAM-SHA-256=[name=a,password="x y]"]']],
  ])("%s", (_, value, entries) => {
    const { scram, problems } = planScram(vars(value));
    expect(problems).toEqual([]);
    expect(scram!.entries).toEqual(entries);
  });

  test.each([["unset", undefined], ["empty", ""], ["blank", " \n "]])("%s: no users", (_, value) => {
    expect(planScram(value === undefined ? new Map() : vars(value))).toEqual({ problems: [] });
  });

  test.each([
    ["SCRAM-SHA-1=[name=a,password=secret-1]", "names the mechanism \"SCRAM-SHA-1\", which Kafka does not support (SCRAM-SHA-256 or SCRAM-SHA-512)"],
    ["SCRAM-SHA-256=name=a,password=secret-1", "does not put its settings in brackets after SCRAM-SHA-256="],
    ["SCRAM-SHA-256=[name=a,password=secret,1]", "has a part without '=' (parts are separated by commas, so a password cannot hold one)"],
    ["SCRAM-SHA-256=[password=secret-1]", "has no name="],
    ["SCRAM-SHA-256=[name=a]", "has neither password= nor saltedpassword="],
    ["SCRAM-SHA-256=[name=a,saltedpassword=c2VjcmV0]", "has saltedpassword= without salt="],
    ["SCRAM-SHA-256=[name=a,salt=secret!,password=x]", "has a salt that is not base64"],
    ["SCRAM-SHA-256=[name=a,iterations=2000,password=secret-1]", "has iterations=2000, outside 4096–16384 for SCRAM-SHA-256"],
    ["SCRAM-SHA-256=[name=a,pasword=secret-1]", 'has parts Kafka does not know ("pasword"; it knows name, password, salt, saltedpassword, iterations)'],
    ["secret-1", "has no '=' between the mechanism and [name=…,password=…]"],
  ])("%s is refused, saying why and never what the secret is", (value, why) => {
    const { problems } = planScram(vars(value));
    expect(problems.map((p) => [p.kind, p.severity, p.subject, p.message])).toEqual([["config", "error", "LAUNCHER_SCRAM_CREDENTIALS", `LAUNCHER_SCRAM_CREDENTIALS: its entry ${why}`]]);
    expect(problems[0]!.fix).toContain("SCRAM-SHA-256=[name=alice,password=alice-secret]");
    expect(JSON.stringify(problems)).not.toMatch(/secret-1|secret,1|c2VjcmV0/);
  });

  test("with several entries, the one at fault is named by its place", () => {
    const { problems } = planScram(vars("SCRAM-SHA-256=[name=a,password=x] SCRAM-SHA-512=[name=b]"));
    expect(problems.map((p) => p.message)).toEqual(["LAUNCHER_SCRAM_CREDENTIALS: entry 2 of 2 has neither password= nor saltedpassword="]);
  });

  test("every password, salted password and salt is a secret, in any text the launcher prints", () => {
    const { scram } = planScram(vars('SCRAM-SHA-256=[name=alice,password="pw one"] SCRAM-SHA-512=[name=bob,salt=c2FsdA==,saltedpassword=c2FsdGVk,iterations=8192]'));
    const text = "format --add-scram SCRAM-SHA-256=[name=alice,password=\"pw one\"]; pw one; salt c2FsdA==; c2FsdGVk";
    expect(redact(text, scram!.secrets)).not.toMatch(/pw one|c2FsdA|c2FsdGVk/);
    expect(scram!.users).toEqual([{ mechanism: "SCRAM-SHA-256", name: "alice" }, { mechanism: "SCRAM-SHA-512", name: "bob" }]);
  });
});

describe("SCRAM users in the plan", () => {
  const ENTRY = "SCRAM-SHA-512=[name=alice,password=pw-4711]";

  test("from LAUNCHER_SCRAM_CREDENTIALS_FILE, relative to the secrets folder", () => {
    const p = plan({ env: { ...NODE, LAUNCHER_SCRAM_CREDENTIALS_FILE: "users.scram" }, secrets: { "users.scram": `${ENTRY}\n` } });
    expect(p.problems).toEqual([]);
    expect(p.scram?.entries).toEqual([ENTRY]);
    expect(p.scram?.source).toEqual({ kind: "secret", name: "LAUNCHER_SCRAM_CREDENTIALS_FILE", path: "/etc/kafka/secrets/users.scram" });
  });

  test("a first start formats in a process of its own with one --add-scram per entry, on either runtime; the broker gets neither the variable nor the passwords", () => {
    const p = plan({ env: { ...NODE, LAUNCHER_SCRAM_CREDENTIALS: ENTRY } });
    const storage = planStorage(p, [{ dir: "/data", meta: { kind: "absent" } }]);
    if (storage.action !== "format") throw new Error(storage.action);
    expect(storage.inBroker).toBe(false);
    expect(storage.command.argv.slice(-2)).toEqual(["--add-scram", ENTRY]);
    expect(p.broker.argv.join(" ")).not.toContain("pw-4711");
    expect(p.broker.env.LAUNCHER_SCRAM_CREDENTIALS).toBeUndefined();
    expect(storage.command.env.LAUNCHER_SCRAM_CREDENTIALS).toBeUndefined();
    expect(storage.notices).toEqual([]);
  });

  test("stored metadata keeps its users: no format, and one notice", () => {
    const p = plan({ env: { ...NODE, LAUNCHER_SCRAM_CREDENTIALS: ENTRY } });
    const storage = planStorage(p, [{ dir: "/data", meta: { kind: "present", text: "cluster.id=5L6g3nShT-eMCtK--X86sw\nnode.id=1\nversion=1\n" } }]);
    expect(storage.action).toBe("skip");
    expect(storage.notices.map((n) => [n.severity, n.message])).toEqual([["warning", "LAUNCHER_SCRAM_CREDENTIALS is not applied: the metadata in /data is formatted already and keeps the SCRAM users it has"]]);
  });

  test("explain names the users and mechanisms, never a password", () => {
    const text = formatExplain(plan({ env: { ...NODE, LAUNCHER_SCRAM_CREDENTIALS: ENTRY } }), false);
    expect(text).toContain("alice (SCRAM-SHA-512), passwords ******; added when the storage is formatted    # env LAUNCHER_SCRAM_CREDENTIALS");
    expect(text).not.toContain("pw-4711");
  });

  test("without SCRAM users the JVM runtime still formats inside the broker's own JVM", () => {
    const storage = planStorage(plan({ env: NODE }), [{ dir: "/data", meta: { kind: "absent" } }]);
    expect(storage.action === "format" && storage.inBroker).toBe(true);
  });
});
