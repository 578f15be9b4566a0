// kafka-launcher: gather → plan → report → write → storage → exec. The only file that reads
// process.argv / process.env or exits.
import { probeAot } from "./aot.ts";
import { parseCli, type Cli } from "./cli.ts";
import { loadCatalog } from "./catalog.ts";
import { runChild } from "./child.ts";
import { execve, ExecError } from "./exec.ts";
import { gatherInputs, gatherStorage, isExecutable } from "./gather.ts";
import { planConfig, planStorage } from "./plan.ts";
import { chooseRuntime } from "./runtime.ts";
import { LAUNCHER_ENV, IMAGE_PATHS } from "./policy.ts";
import { errors, exitCodeFor, type Problem } from "./problems.ts";
import { writeConfigs } from "./render.ts";
import { formatExplain, maskArgv, printProblems, say, step, summarize, write } from "./report.ts";
import { LAUNCHER_VERSION } from "./version.ts";

export type Start = Extract<Cli, { action: "run" | "render" | "explain" }>;

function fail(problems: readonly Problem[]): number {
  printProblems(problems);
  return exitCodeFor(problems);
}

export function start(cli: Start, processEnv: Record<string, string>): number {
  let t = performance.now();
  const env = { ...processEnv, ...cli.env };
  // 1. gather: env, mounted and default files, secret files
  const gathered = gatherInputs(env, cli.paths, loadCatalog());
  if (errors(gathered.problems).length) return fail(gathered.problems);
  const binary = env[LAUNCHER_ENV.brokerBinary] || IMAGE_PATHS.brokerBinary;
  // 2. plan: merge, secrets, logging, validation, runtime — pure
  const binaryPresent = isExecutable(binary);
  const aot = probeAot(env, chooseRuntime(env, binaryPresent)); // the image's JDK AOT cache: there? which JDK?
  const plan = planConfig(gathered.inputs, { binaryPresent, version: LAUNCHER_VERSION, aot });
  if (cli.action === "explain") {
    write(1, formatExplain(plan, cli.json));
    if (errors(plan.problems).length) printProblems(errors(plan.problems));
    return exitCodeFor(plan.problems);
  }
  // 3. report: every problem at once; errors stop here, before anything is written
  if (errors(plan.problems).length) return fail(plan.problems);
  if (plan.problems.length) printProblems(plan.problems);
  step("plan", t, summarize(plan));
  t = performance.now();
  // 4. write the final configs (never into the mounted folder)
  const written = writeConfigs(plan, cli.paths.finalConfigsDir);
  if (written.length) return fail(written);
  step("render", t, `${cli.paths.finalConfigsDir}/{server.properties,log4j2.yaml,tools-log4j2.yaml}`);
  if (cli.action === "render") return 0;
  t = performance.now();
  // 5. storage: format only the dirs that need it, refuse on a foreign cluster id
  const storage = planStorage(plan, gatherStorage(plan.storageDirs), gathered.inputs);
  if (storage.action === "refuse") return fail(storage.problems);
  if (storage.action === "skip") step("storage", t, `skip format: ${storage.reason}`);
  const how = storage.action === "format" ? `${storage.reason}${storage.ignoreFormatted ? ", --ignore-formatted" : ""}` : "";
  if (storage.action === "format" && !storage.inBroker) {
    const ran = runChild(storage.command, "storage-tool format");
    if (!ran.ok) return fail([ran.problem]);
    step("storage", t, `formatted (${how})`);
  }
  if (storage.action === "format" && storage.inBroker) step("storage", t, `format in the broker's JVM before it starts (${how})`);
  // 6. exec: the broker replaces this process (same PID); returns only on failure
  const broker = storage.action === "format" && storage.inBroker ? storage.command : plan.broker;
  step("exec", t, `${plan.runtime.kind} broker, ${performance.now().toFixed(1)} ms after process start: ${maskArgv(broker.argv).join(" ")}`);
  return handOver(broker.path, broker.argv, broker.env);
}

const EXEC_FIXES: Record<string, string> = {
  ENOENT: `install the broker, or point ${LAUNCHER_ENV.brokerBinary} / ${LAUNCHER_ENV.java} at it`,
  EACCES: "make it executable (chmod +x) and readable by the container user",
  ENOEXEC: "it is not a program for this machine: check its architecture (amd64/arm64) or add a #! line",
  ENOTDIR: "a part of the path is a file, not a folder: correct the path",
};

function handOver(path: string, argv: string[], env: Record<string, string>): number {
  try {
    return execve(path, argv, env);
  } catch (e: unknown) {
    if (!(e instanceof ExecError)) throw e;
    say(`cannot run ${argv[0]}: ${e.reason} (${e.code})`);
    say(`  fix: ${EXEC_FIXES[e.code] ?? "check the path and its permissions"}`);
    return e.exitCode;
  }
}

async function main(argv: string[], processEnv: Record<string, string>): Promise<number> {
  const cli = await parseCli(argv, processEnv);
  switch (cli.action) {
    case "print":
      write(cli.exitCode === 0 ? 1 : 2, cli.text);
      return cli.exitCode;
    case "exec":
      return handOver(cli.argv[0]!, cli.argv, { ...processEnv, ...cli.env });
    case "health": {
      const { checkHealth } = await import("./health.ts");
      return checkHealth(cli.bootstrap, cli.timeoutMs);
    }
    default:
      return start(cli, processEnv);
  }
}

// the bench's stage probe imports this module to time the real start: only the program itself runs main
if (import.meta.main) {
  try {
    process.exitCode = await main(process.argv.slice(2), process.env as Record<string, string>);
  } catch (e) {
    // every expected failure is a Problem; anything thrown is a bug
    say(`bug in the launcher, please report it: ${(e as Error).stack ?? e}`);
    process.exitCode = 70;
  }
}
