// exec.ts, black-box: a throwaway program compiled with `bun build --compile` (as the launcher is)
// prints its PID, then calls execve as the launcher's last step does; on ExecError it prints the
// message and exits with its code, as main.ts does. No sleeps, no ports.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecError } from "../../entrypoint/edges/exec.ts";
import { resolveProgram } from "../../entrypoint/edges/which.ts";

const EXEC_MODULE = join(import.meta.dir, "../../entrypoint/edges/exec.ts");

/** The stand-in launcher. argv[2] is a JSON ExecRequest. */
const LAUNCHER_SOURCE = `
import { writeSync } from "node:fs";
import { execve, ExecError } from ${JSON.stringify(EXEC_MODULE)};
const request = JSON.parse(process.argv[2]);
// touchStdout: go through process.stdout like report.ts may (Bun then makes fd 1 non-blocking).
if (request.touchStdout) process.stdout.write("launcher pid " + process.pid + "\\n");
else writeSync(1, "launcher pid " + process.pid + "\\n");
try {
  execve(request.path, request.argv, request.env);
} catch (error) {
  if (!(error instanceof ExecError)) throw error;
  console.error(error.message);
  process.exit(error.exitCode);
}
`;

type ExecRequest = { path: string; argv: string[]; env: Record<string, string>; touchStdout?: boolean };
type Outcome = { stdout: string; stderr: string; exitCode: number | null };

let dir = "";
let launcher = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "exec-test-"));
  writeFileSync(join(dir, "launcher.ts"), LAUNCHER_SOURCE);
  launcher = join(dir, "launcher");
  const build = Bun.spawnSync(["bun", "build", "--compile", join(dir, "launcher.ts"), "--outfile", launcher], {
    env: { ...process.env, PATH: `${join(import.meta.dir, "../../node_modules/.bin")}:${process.env.PATH}` },
  });
  if (build.exitCode !== 0) throw new Error(`bun build --compile failed:\n${build.stderr}`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the compiled stand-in; returns its PID (from its first line) and the outcome. */
function launch(request: ExecRequest): { pid: number; outcome: Outcome } {
  const run = Bun.spawnSync([launcher, JSON.stringify(request)], { cwd: dir, env: {} });
  const outcome = { stdout: run.stdout.toString(), stderr: run.stderr.toString(), exitCode: run.exitCode };
  const pid = Number(/^launcher pid (\d+)\n/.exec(outcome.stdout)?.[1]);
  return { pid, outcome };
}

/** A file in the temp dir with the given mode. */
function makeFile(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe("execve replaces the launcher", () => {
  test("the shell runs as the same PID and sees the given env", () => {
    const { pid, outcome } = launch({ path: "/bin/sh", argv: ["sh", "-c", "echo $$ $FOO"], env: { FOO: "bar" } });
    expect(outcome).toEqual({ stdout: `launcher pid ${pid}\n${pid} bar\n`, stderr: "", exitCode: 0 });
  });

  test("a bare name is found through env.PATH, like execvp", () => {
    const { pid, outcome } = launch({ path: "sh", argv: ["sh", "-c", "echo $$ $FOO"], env: { FOO: "x", PATH: "/usr/bin:/bin" } });
    expect(outcome).toEqual({ stdout: `launcher pid ${pid}\n${pid} x\n`, stderr: "", exitCode: 0 });
  });

  test("exactly the given argv reaches the program, argv[0] included", () => {
    const script = 'printf "[%s]\\n" "$0" "$@"';
    const { pid, outcome } = launch({ path: "/bin/sh", argv: ["sh", "-c", script, "zero", "a b", "é €", ""], env: {} });
    expect(outcome).toEqual({ stdout: `launcher pid ${pid}\n[zero]\n[a b]\n[é €]\n[]\n`, stderr: "", exitCode: 0 });
  });

  test("exactly the given env reaches the program, nothing inherited", () => {
    const env = { PATH: "/usr/bin:/bin", A: "1", SPACED: "two words é", EMPTY: "", EQ: "x=y" };
    const { pid, outcome } = launch({ path: "env", argv: ["env"], env });
    const lines = Object.entries(env).map(([key, value]) => `${key}=${value}\n`).join("");
    expect(outcome).toEqual({ stdout: `launcher pid ${pid}\n${lines}`, stderr: "", exitCode: 0 });
  });

  test("stdout is blocking again after the launcher used process.stdout", () => {
    const script = "sed -n 's/^flags:[[:space:]]*//p' /proc/$$/fdinfo/1";
    const { pid, outcome } = launch({ path: "/bin/sh", argv: ["sh", "-c", script], env: {}, touchStdout: true });
    const flags = outcome.stdout.split("\n")[1] ?? ""; // octal, as the kernel prints it
    const O_NONBLOCK = 0o4000;
    expect({ ...outcome, nonBlocking: (Number.parseInt(flags, 8) & O_NONBLOCK) !== 0 }).toEqual({
      stdout: `launcher pid ${pid}\n${flags}\n`,
      stderr: "",
      exitCode: 0,
      nonBlocking: false,
    });
  });
});

describe("a failed exec exits 127 (not found) or 126 (cannot execute) with a clear message", () => {
  test.each<[string, () => string, string, number]>([
    ["a missing path", () => "/nonexistent/kafka.Kafka", "not found (ENOENT)", 127],
    ["a bare name not in PATH", () => "no-such-program", "not found (ENOENT)", 127],
    ["a non-executable file", () => makeFile("plain", "#!/bin/sh\n", 0o644), "permission denied / not executable (EACCES)", 126],
    ["a directory", () => dir, "permission denied / not executable (EACCES)", 126],
    ["a file in no executable format", () => makeFile("junk", "not a program\n", 0o755), "not an executable format (ENOEXEC)", 126],
    ["a script whose interpreter is missing", () => makeFile("orphan", "#!/nonexistent/interp\n", 0o755), "its interpreter (#! line or ELF loader) was not found (ENOENT)", 127],
  ])("%s", (_, makePath, why, exitCode) => {
    const path = makePath();
    const { pid, outcome } = launch({ path, argv: ["x"], env: { PATH: dir } });
    expect(outcome).toEqual({ stdout: `launcher pid ${pid}\n`, stderr: `cannot execute ${path}: ${why}\n`, exitCode });
  });
});

describe("resolveProgram", () => {
  test("takes the first executable file in PATH, else the first existing one, like execvp", () => {
    const first = join(dir, "path-first");
    const second = join(dir, "path-second");
    mkdirSync(first, { recursive: true });
    mkdirSync(second, { recursive: true });
    makeFile("path-first/tool", "", 0o644);
    makeFile("path-second/tool", "", 0o755);
    makeFile("path-first/plain", "", 0o644);
    mkdirSync(join(first, "adir"), { recursive: true });
    const PATH = `/nonexistent:${first}:${second}`;
    expect({
      tool: resolveProgram("tool", PATH),
      plain: resolveProgram("plain", PATH),
      adir: resolveProgram("adir", PATH),
      missing: resolveProgram("missing", PATH),
      withSlash: resolveProgram("./tool", PATH),
      absolute: resolveProgram("/bin/sh", PATH),
      empty: resolveProgram("", PATH),
    }).toEqual({
      tool: `${second}/tool`,
      plain: `${first}/plain`,
      adir: undefined,
      missing: undefined,
      withSlash: "./tool",
      absolute: "/bin/sh",
      empty: undefined,
    });
  });
});

describe("ExecError", () => {
  test.each<[number, string, string, 126 | 127]>([
    [2, "ENOENT", "not found", 127],
    [13, "EACCES", "permission denied / not executable", 126],
    [8, "ENOEXEC", "not an executable format", 126],
    [7, "E2BIG", "arguments and environment too large", 126],
  ])("errno %d → %s, %s, exit %d", (errno, code, reason, exitCode) => {
    const error = new ExecError("/nonexistent/prog", errno);
    expect({ code: error.code, reason: error.reason, exitCode: error.exitCode, message: error.message }).toEqual({
      code,
      reason,
      exitCode,
      message: `cannot execute /nonexistent/prog: ${reason} (${code})`,
    });
  });
});
