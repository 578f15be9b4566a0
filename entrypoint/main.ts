// kafka-launcher: gather → plan → report → write → storage → exec. The only file that reads
// process.argv / process.env or exits.
import { isatty } from "node:tty";
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
import { stoppedBeforeBroker, watchStops } from "./signals.ts";
import { shouldSupervise, supervise } from "./supervise.ts";
import { LAUNCHER_VERSION } from "./version.ts";

type Start = Extract<Cli, { action: "run" | "render" | "explain" }>;

function fail(problems: readonly Problem[]): number {
  printProblems(problems);
  return exitCodeFor(problems);
}

async function start(cli: Start, processEnv: Record<string, string>): Promise<number> {
  let t = performance.now();
  const env = { ...processEnv, ...cli.env };
  // from here until the exec, a stop (docker stop) is obeyed and passed on to a running child
  const stops = cli.action === "run" ? watchStops() : undefined;
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
  if (storage.action === "format" && storage.command) {
    if (stops?.first) return stoppedBeforeBroker(stops.first, plan.storageDirs);
    const ran = await runChild(storage.command, "storage-tool format", stops);
    if ("stoppedBy" in ran) return stoppedBeforeBroker(ran.stoppedBy, plan.storageDirs, ran.ended);
    if (!ran.ok) return fail([ran.problem]);
    step("storage", t, `formatted (${storage.reason}${storage.ignoreFormatted ? ", --ignore-formatted" : ""})`);
  }
  // 6. exec: the broker replaces this process (same PID); returns only on failure
  const stopped = await stops?.settle();
  if (stopped) return stoppedBeforeBroker(stopped, plan.storageDirs);
  stops?.release();
  step("exec", t, `${plan.runtime.kind} broker, ${performance.now().toFixed(1)} ms after process start: ${maskArgv(plan.broker.argv).join(" ")}`);
  return handOver(plan.broker.path, plan.broker.argv, plan.broker.env);
}

const EXEC_FIXES: Record<string, string> = {
  ENOENT: `install the broker, or point ${LAUNCHER_ENV.brokerBinary} / ${LAUNCHER_ENV.java} at it`,
  EACCES: "make it executable (chmod +x) and readable by the container user",
  ENOEXEC: "it is not a program for this machine: check its architecture (amd64/arm64) or add a #! line",
  ENOTDIR: "a part of the path is a file, not a folder: correct the path",
};

/** execve (the program takes this PID), or supervise (this PID stays as init for it). */
async function handOver(path: string, argv: string[], env: Record<string, string>, runProgram: typeof supervise = execve): Promise<number> {
  try {
    return await runProgram(path, argv, env);
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
      // as PID 1 the launcher stays, as tini would, for any program but the broker (supervise.ts)
      return handOver(cli.argv[0]!, cli.argv, { ...processEnv, ...cli.env }, shouldSupervise(process.pid, isatty(0)) ? supervise : execve);
    case "health": {
      const { bootstrapGiven, checkHealth } = await import("./health.ts");
      return checkHealth(bootstrapGiven(argv) ? cli.bootstrap : undefined, cli.timeoutMs, IMAGE_PATHS.finalConfigsDir);
    }
    default:
      return start(cli, processEnv);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2), process.env as Record<string, string>);
} catch (e) {
  // every expected failure is a Problem; anything thrown is a bug
  say(`bug in the launcher, please report it: ${(e as Error).stack ?? e}`);
  process.exitCode = 70;
}
