// Every byte of output arrives: what the launcher writes into a pipe whose reader is slow is exactly what
// it writes into a file (Bun's stdio is non-blocking; a short write or EAGAIN must not lose the rest),
// also right before it execs the broker. A flood of warnings of one kind is shown ten at a time and counted.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "../../entrypoint/core/kafka/catalog.ts";
import { DEFAULTS, LAUNCHER } from "./launcher.ts";

const dir = mkdtempSync(join(tmpdir(), "output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UNKNOWN = 50_000;
const mounted = join(dir, "mounted");
mkdirSync(mounted);
const node = "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@localhost:9093\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n";
const flood = Array.from({ length: UNKNOWN }, (_, i) => `custom.key.number.${i}=value-${i}`).join("\n");
writeFileSync(join(mounted, "server.properties"), `${node}log.dirs=${join(dir, "data")}\n${flood}\n`);

const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "/bin/true" };
const FLAGS = ["-D", DEFAULTS, "-M", mounted, "-F", join(dir, "final"), "-S", join(dir, "secrets")];

/**
 * Docker hands a container non-blocking FIFOs for stdout and stderr; this sets O_NONBLOCK on the pipe the way
 * they come (the flag belongs to the pipe, so it survives exec) and then runs the launcher.
 */
const NONBLOCKING = ["python3", "-c", "import fcntl, os, sys\nfor fd in (1, 2): fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)\nos.execv(sys.argv[1], sys.argv[1:])"];

/** The command with one stream into a file, and the same into a slow, non-blocking pipe. */
function bothWays(args: string[], stream: 1 | 2): { file: string; pipe: string; exit: number[] } {
  const quoted = [...NONBLOCKING, LAUNCHER, ...args].map((a) => `'${a.replaceAll("'", `'"'"'`)}'`).join(" ");
  const into = stream === 1 ? "" : "2";
  const file = Bun.spawnSync(["sh", "-c", `${quoted} ${into}> '${dir}/file.txt' ${stream === 1 ? "2>/dev/null" : ">/dev/null"}`], { env: ENV });
  const redirect = stream === 1 ? `${quoted} 2>/dev/null` : `${quoted} 2>&1 >/dev/null`;
  // the reader is slow to start, so the pipe (64 KiB) fills and the launcher's writes come back short
  const pipe = Bun.spawnSync(["bash", "-c", `set -o pipefail; ${redirect} | (sleep 0.5; cat > '${dir}/pipe.txt')`], { env: ENV });
  return { file: readFileSync(join(dir, "file.txt"), "utf8"), pipe: readFileSync(join(dir, "pipe.txt"), "utf8"), exit: [file.exitCode ?? -1, pipe.exitCode ?? -1] };
}

/** Step lines carry times, which differ from run to run. */
const untimed = (text: string) => text.replace(/ +\d+\.\d ms/g, " N ms");

describe("every byte arrives", () => {
  test("run refusing with more than a pipe holds of problems on stderr: every byte arrives", () => {
    const long = "v".repeat(2000);
    const ints = [...loadCatalog().keys].filter(([k, spec]) => spec.type === "INT" && !k.startsWith("node.")).map(([k]) => `${k}=${long}`);
    const own = join(dir, "mounted-errors");
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, "server.properties"), `${node}log.dirs=${join(dir, "data")}\n${ints.join("\n")}\n`);
    const { file, pipe, exit } = bothWays(["run", "-D", DEFAULTS, "-M", own, "-F", join(dir, "final2")], 2);
    expect(exit).toEqual([78, 78]);
    expect(file.length).toBeGreaterThan(65_536);
    expect(pipe === file).toBe(true);
  }, 120_000);

  test(`explain of ${UNKNOWN} keys: the pipe gets every byte the file gets`, () => {
    const { file, pipe, exit } = bothWays(["explain", ...FLAGS], 1);
    expect(exit).toEqual([0, 0]);
    expect(file.length).toBeGreaterThan(2_000_000);
    expect(file.split("\n").filter((l) => l.startsWith("custom.key.number.")).length).toBe(UNKNOWN);
    expect(pipe.length).toBe(file.length);
    expect(pipe === file).toBe(true);
  }, 120_000);

  test(`run with ${UNKNOWN} unknown keys: the warnings, counted, then every step line, before the exec`, () => {
    const { file, pipe, exit } = bothWays(["run", ...FLAGS], 2);
    expect(exit).toEqual([0, 0]);
    expect(untimed(pipe)).toBe(untimed(file));
    const lines = file.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("  ! custom.key.number."))).toHaveLength(10);
    expect(lines).toContain(`  … and ${UNKNOWN - 10} more of the kind unknown-key (\`kafka-launcher explain --json\` lists every one)`);
    expect(lines.at(-1)).toMatch(/^kafka-launcher: exec .* \/bin\/true .*kafka /);
  }, 120_000);
});
