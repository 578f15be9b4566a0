// scripts/lib/java.ts: which Java the image is built on, where each is found, how its cache is trained;
// scripts/lib/chroot.ts: the command that runs a program in a suite's root.
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chrootArgv } from "../../scripts/lib/chroot.ts";
import { aotTrainingOptions, DEFAULT_JAVA, JAVAS, javaChoice, jdkDir, REHEARSAL_JAVA, suiteRoot } from "../../scripts/lib/java.ts";

describe("javaChoice", () => {
  test.each<[string, string | undefined, Record<string, string>, string]>([
    ["nothing asked: the default", undefined, {}, DEFAULT_JAVA],
    ["$KAFKA_NATIVE_JAVA", undefined, { KAFKA_NATIVE_JAVA: "openjdk-25" }, "openjdk-25"],
    ["--java wins over the variable", "temurin-25", { KAFKA_NATIVE_JAVA: "openjdk-25" }, "temurin-25"],
    ["an empty variable is unset", undefined, { KAFKA_NATIVE_JAVA: "" }, DEFAULT_JAVA],
  ])("%s", (_name, id, env, expected) => {
    expect(javaChoice(id, env).id).toBe(expected);
  });

  test("an unknown Java names the known ones and the file", () => {
    expect(() => javaChoice("openjdk-99", {})).toThrow(`unknown Java "openjdk-99" (--java or $KAFKA_NATIVE_JAVA): one of ${JAVAS.map((j) => j.id).join(", ")} (scripts/lib/java.ts)`);
  });
});

test("every Java of Debian is pinned by package and exact version, its home under /usr/lib/jvm; ids are unique", () => {
  const ids = JAVAS.map((j) => j.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const j of JAVAS) {
    if (j.kind !== "debian") continue;
    expect({ id: j.id, pkg: /^openjdk-\d+-jdk-headless$/.test(j.package), version: /^\d[\w.~+-]*$/.test(j.version), home: j.home.startsWith("/usr/lib/jvm/") }).toEqual({ id: j.id, pkg: true, version: true, home: true });
  }
  expect(javaChoice(DEFAULT_JAVA).kind).toBe("debian");
  expect(javaChoice(REHEARSAL_JAVA).kind).toBe("debian");
});

test.each<[number, string[]]>([
  [25, ["-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching"]],
  [26, []],
  [27, []],
  [28, []],
])("training options of JDK %d", (feature, expected) => {
  expect(aotTrainingOptions(feature)).toEqual(expected);
});

describe("jdkDir", () => {
  const dir = mkdtempSync(join(tmpdir(), "kn-java-"));
  const jdk = (path: string) => {
    mkdirSync(join(path, "bin"), { recursive: true });
    writeFileSync(join(path, "bin", "jlink"), "");
  };
  jdk(join(dir, "jvm", "temurin-25-jdk-amd64"));
  mkdirSync(join(dir, "jvm", "temurin-25-jre-amd64"), { recursive: true }); // no jlink: not a JDK
  jdk(join(suiteRoot(dir, "sid"), "/usr/lib/jvm/java-27-openjdk-amd64"));

  test.each<[string, string | undefined]>([
    ["temurin-25", join(dir, "jvm", "temurin-25-jdk-amd64")],
    ["openjdk-27", join(dir, "build/java/sid/usr/lib/jvm/java-27-openjdk-amd64")],
    ["openjdk-25", undefined],
  ])("%s", (id, expected) => {
    expect(jdkDir(dir, javaChoice(id, {}), join(dir, "jvm"))).toBe(expected);
  });
  test("a machine without /usr/lib/jvm has no host JDK", () => {
    expect(jdkDir(dir, javaChoice("temurin-25", {}), join(dir, "nothing"))).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});

test("chrootArgv: its own mount namespace, /proc and the binds mounted, then the program in the root", () => {
  expect(chrootArgv("/r", ["java", "-version"], [{ host: "/repo", at: "/kn" }])).toEqual([
    "unshare", "--mount", "--fork", "sh", "-c", expect.stringContaining('exec chroot "$root" "$@"'), "/r", "/repo", "/kn", "--", "java", "-version",
  ]);
});
