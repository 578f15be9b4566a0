// The whole start, as a table of contents: gather → plan → report → write → storage → exec. `start` is
// what every container start runs (and the bench's stage probe times); upstream's `setup` is the same
// pipeline stopping after the storage step. Also here: upstream's `start --config FILE` (the broker's
// command for a given file), the env of upstream's sourced scripts (`shell-env`), and `runProgram`, which
// hands the process to a program other than the broker. main.ts loads this module for every command but
// `health`.
import type { Cli } from "./cli.ts";
import { loadCatalog } from "./catalog.ts";
import { runChild } from "./child.ts";
import { execProblem, execve, ExecError } from "./exec.ts";
import { gatherFacts, gatherInputs, gatherStorage } from "./gather.ts";
import { planConfig, planStorage } from "./plan.ts";
import { chooseProfile } from "./profile.ts";
import { aotOptions, withJvmOptions } from "./aot.ts";
import { formatShellEnv, planShellEnv } from "./shellenv.ts";
import { errors, exitCodeFor, type Problem } from "./problems.ts";
import { writeConfigs } from "./render.ts";
import { formatExplain, hideSecrets, printProblems, step, summarize, write } from "./report.ts";
import { startCommand, UPSTREAM_JVM, type Command } from "./runtime.ts";
import { describeUsers } from "./scram.ts";
import { maskArgv } from "./secrecy.ts";
import { stoppedBeforeBroker, watchStops } from "./signals.ts";
import { shouldSupervise, supervise } from "./supervise.ts";
import { LAUNCHER_VERSION } from "./version.ts";

export type Start = Extract<Cli, { action: "run" | "render" | "explain" | "setup" }>;

function fail(problems: readonly Problem[]): number {
  printProblems(problems);
  return exitCodeFor(problems);
}

export async function start(cli: Start, processEnv: Readonly<Record<string, string>>): Promise<number> {
  let t = performance.now();
  const env = { ...processEnv, ...cli.env };
  // from here until the exec (or setup's end), a stop (docker stop) is obeyed and passed on to a running child
  const stops = cli.action === "run" || cli.action === "setup" ? watchStops() : undefined;
  // 1. gather: env, mounted and default files, secret files; the broker binary, the Java, its AOT cache
  const gathered = gatherInputs(env, cli.paths, loadCatalog());
  if (errors(gathered.problems).length) return fail(gathered.problems);
  // 2. plan: merge, secrets, logging, validation, commands — pure
  const plan = planConfig(gathered.inputs, { ...gatherFacts(env), version: LAUNCHER_VERSION });
  hideSecrets(plan.secrets);
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
  // 5. storage: every dir usable; format only the dirs that need it; refuse on a foreign cluster id
  // setup (upstream's operation) stops after the storage step: no broker follows, so a format is a process of its own
  const storage = planStorage(plan, gatherStorage(plan.storageDirs), cli.action === "run");
  if (storage.action === "refuse") return fail(storage.problems);
  if (storage.notices.length) printProblems(storage.notices);
  if (storage.action === "skip") step("storage", t, `skip format: ${storage.reason}`);
  const users = plan.scram && storage.notices.length === 0 ? `, SCRAM users ${describeUsers(plan.scram.users)}` : "";
  const how = storage.action === "format" ? `${storage.reason}${storage.ignoreFormatted ? ", --ignore-formatted" : ""}${users}` : "";
  if (storage.action === "format" && !storage.inBroker) {
    if (stops?.first) return stoppedBeforeBroker(stops.first, plan.storageDirs);
    const ran = await runChild(storage.command, "storage-tool format", stops);
    if ("stoppedBy" in ran) return stoppedBeforeBroker(ran.stoppedBy, plan.storageDirs, ran.ended);
    if (!ran.ok) return fail([ran.problem]);
    step("storage", t, `formatted (${how})`);
  }
  if (cli.action === "setup") return 0;
  if (storage.action === "format" && storage.inBroker) step("storage", t, `format in the broker's JVM before it starts (${how})`);
  // 6. exec: the broker replaces this process (same PID); returns only on failure
  const stopped = await stops?.settle();
  if (stopped) return stoppedBeforeBroker(stopped, plan.storageDirs);
  stops?.release();
  const broker = storage.action === "format" && storage.inBroker ? storage.command : plan.broker;
  step("exec", t, `${plan.runtime.kind} broker, ${performance.now().toFixed(1)} ms after process start: ${maskArgv(broker.argv, plan.secrets).join(" ")}`);
  return handOver(broker, "broker", execve);
}

/**
 * execve (the program takes this PID), or supervise (this PID stays as init for it); a failure is a problem
 * whose fix fits what was run: the broker, or the user's own program.
 */
async function handOver(cmd: Command, what: "broker" | "program", run: typeof supervise): Promise<number> {
  try {
    return await run(cmd.path, cmd.argv, cmd.env);
  } catch (e: unknown) {
    if (!(e instanceof ExecError)) throw e;
    return fail([execProblem(e, what)]);
  }
}

/**
 * Any other first word: that program takes this process (execve), or, as PID 1 with no terminal, runs
 * as this init's child, as tini would (supervise.ts).
 */
export function runProgram(cli: Extract<Cli, { action: "exec" }>, processEnv: Readonly<Record<string, string>>, pid: number, stdinIsTerminal: boolean): Promise<number> {
  const program = { path: cli.argv[0]!, argv: cli.argv, env: { ...processEnv, ...cli.env } };
  return handOver(program, "program", shouldSupervise(pid, stdinIsTerminal) ? supervise : execve);
}

/** Upstream's `kafka.Kafka start --config FILE [options]`: the broker on that file, with this runtime's options. */
export async function startBroker(cli: Extract<Cli, { action: "start" }>, processEnv: Readonly<Record<string, string>>): Promise<number> {
  const env = { ...processEnv, ...cli.env };
  const facts = gatherFacts(env);
  const jvm = chooseProfile(env)?.jvm ?? UPSTREAM_JVM;
  const broker = withJvmOptions(startCommand(facts.runtime, env, cli.config, cli.options, jvm), facts.runtime.kind === "jvm" ? aotOptions(facts.aot, env) : []);
  const t = performance.now();
  step("exec", t, `${facts.runtime.kind} broker on ${cli.config}, ${t.toFixed(1)} ms after process start: ${maskArgv(broker.argv).join(" ")}`);
  return handOver(broker, "broker", execve);
}

/** The `export` lines of upstream's configureDefaults / configure, from the plan (shellenv.ts). */
export function printShellEnv(cli: Extract<Cli, { action: "shell-env" }>, processEnv: Readonly<Record<string, string>>): number {
  const env = { ...processEnv, ...cli.env };
  const gathered = cli.part === "configure" ? gatherInputs(env, cli.paths, loadCatalog()) : undefined;
  const readable = gathered && errors(gathered.problems).length === 0;
  const plan = readable ? planConfig(gathered.inputs, { ...gatherFacts(env), version: LAUNCHER_VERSION }) : undefined;
  write(1, formatShellEnv(planShellEnv(cli.part, env, plan)));
  return 0;
}
