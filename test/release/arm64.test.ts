// The arm64 launcher: cross-compiled by scripts/build-launcher.ts (Bun runtime from the npm registry),
// run under qemu-user-static with Debian's arm64 glibc (libc6-arm64-cross), and compared with the amd64
// launcher built the same way: --version, render's files, explain and a refused config must match byte
// for byte (stderr's step timings aside). Needs: apt-get install qemu-user-static libc6-arm64-cross.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KAFKA_VERSION, LAUNCHER_VERSION } from "../../entrypoint/core/version.ts";

const ROOT = join(import.meta.dir, "../..");
const DEFAULTS = join(ROOT, "resources/defaults");
const QEMU = Bun.which("qemu-aarch64-static");
const SYSROOT = "/usr/aarch64-linux-gnu"; // Debian's libc6-arm64-cross: ld-linux-aarch64.so.1, libc.so.6
const missing = [!QEMU && "qemu-aarch64-static (apt-get install qemu-user-static)", !existsSync(join(SYSROOT, "lib/ld-linux-aarch64.so.1")) && `${SYSROOT} (apt-get install libc6-arm64-cross)`].filter(Boolean);
// On a developer's machine without qemu the suite says why it skips; in CI a missing tool is a failure.
const skip = missing.length > 0 && !process.env.CI;
if (skip) console.warn(`test/release/arm64.test.ts: SKIPPED, missing ${missing.join(" and ")}`);

// An emulated start of the launcher takes 2-5 s on a 2-core machine.
const QEMU_TIMEOUT = 60_000;
let work = "";
const bin = { amd64: "", arm64: "" };

function buildLauncher(arch: "amd64" | "arm64"): string {
  const outfile = join(work, arch, "kafka-launcher");
  const proc = Bun.spawnSync([process.execPath, join(ROOT, "scripts/build-launcher.ts"), "--arch", arch, "--outfile", outfile], { cwd: ROOT });
  if (proc.exitCode !== 0) throw new Error(`scripts/build-launcher.ts --arch ${arch} failed (${proc.exitCode}):\n${proc.stdout}${proc.stderr}`);
  return outfile;
}

beforeAll(() => {
  if (skip) return;
  if (missing.length) throw new Error(`CI is set but the arm64 launcher cannot be run: missing ${missing.join(" and ")}`);
  work = mkdtempSync(join(tmpdir(), "launcher-arm64-"));
  bin.amd64 = buildLauncher("amd64");
  bin.arm64 = buildLauncher("arm64");
}, 120_000); // two compiles; the first arm64 one downloads the runtime (~50 MB)
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

type Case = { env?: Record<string, string>; mounted?: Record<string, string> };
type Outcome = { exitCode: number; stdout: string; stderr: string; files: Record<string, string> };

/** Run one launcher in its own folder, with the same relative paths and a literal env. */
function launch(arch: "amd64" | "arm64", args: string[], c: Case = {}): Outcome {
  const dir = join(work, `${arch}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(dir, "mounted"), { recursive: true });
  for (const [name, text] of Object.entries(c.mounted ?? {})) writeFileSync(join(dir, "mounted", name), text);
  const argv = arch === "arm64" ? [QEMU!, "-L", SYSROOT, bin.arm64, ...args] : [bin.amd64, ...args];
  const proc = Bun.spawnSync(argv, { cwd: dir, env: { PATH: "/usr/bin:/bin", ...c.env } });
  const final = join(dir, "final");
  const files = existsSync(final) ? Object.fromEntries(readdirSync(final).sort().map((f) => [f, readFileSync(join(final, f), "latin1")])) : {};
  return {
    exitCode: proc.exitCode ?? -1,
    stdout: proc.stdout.toString(),
    // Step lines carry timings ("plan       6.1 ms"): the only part allowed to differ.
    stderr: proc.stderr.toString().replace(/ +\d+(\.\d+)? ms /g, " N ms "),
    files,
  };
}

const RENDER = ["render", "-D", DEFAULTS, "-M", "mounted", "-F", "final"];
const ENV_ONLY_NODE = {
  KAFKA_NODE_ID: "1",
  KAFKA_PROCESS_ROLES: "broker,controller",
  KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
  KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092",
  KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
  KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
  KAFKA_LOG4J_LOGGERS: "kafka.controller=WARN,state.change.logger=DEBUG",
  KAFKA_LOG4J_ROOT_LOGLEVEL: "WARN",
};

describe.skipIf(skip)("arm64 launcher under qemu-aarch64-static", () => {
  test("is an aarch64 ELF executable", () => {
    const header = readFileSync(bin.arm64).subarray(0, 20);
    expect({ magic: header.subarray(0, 4).toString("latin1"), machine: header.readUInt16LE(18) }).toEqual({ magic: "\x7fELF", machine: 183 /* EM_AARCH64 */ });
  });

  test("--version: same line as amd64, from the pom's Kafka pin", () => {
    const arm = launch("arm64", ["--version"]);
    expect(arm).toEqual(launch("amd64", ["--version"]));
    expect(arm).toEqual({ exitCode: 0, stdout: `kafka-launcher ${LAUNCHER_VERSION} (Apache Kafka ${KAFKA_VERSION})\n`, stderr: "", files: {} });
  }, QEMU_TIMEOUT);

  test.each<[string, string[], Case]>([
    ["render: image defaults", RENDER, {}],
    ["render: env-only node with log4j levels", RENDER, { env: ENV_ONLY_NODE }],
    ["render: mounted server.properties, env wins", RENDER, { mounted: { "server.properties": "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@localhost:9093\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\nnum.partitions=3\n" }, env: { KAFKA_NUM_PARTITIONS: "5" } }],
    ["render: refused config (exit 78, every problem)", RENDER, { env: { KAFKA_NODE_ID: "1" } }],
    ["explain --json", ["explain", "--json", "-D", DEFAULTS, "-M", "mounted", "-F", "final"], { env: ENV_ONLY_NODE }],
  ])("%s: identical to amd64", (_name, args, c) => {
    const amd = launch("amd64", args, c);
    expect(launch("arm64", args, c)).toEqual(amd);
    // Guard against comparing two empty results.
    expect(amd.stdout.length + Object.keys(amd.files).length + amd.stderr.length).toBeGreaterThan(0);
    if (args[0] === "render" && amd.exitCode === 0) expect(Object.keys(amd.files)).toEqual(["log4j2.yaml", "server.properties", "tools-log4j2.yaml"]);
  }, QEMU_TIMEOUT);
});
