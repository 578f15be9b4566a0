// The whole start, as a table of contents: gather → plan → report → write → storage → exec. The commands `run`
// (every container start; the bench's stage probe times it), `render` and `explain` (the same pipeline, stopping
// after the write or the plan), and upstream's `setup` (stopping after the storage step) are this one function.
// main.ts loads this module for these commands only.
import type { Cli } from "./cli/cli.ts";
import { loadCatalog } from "./core/kafka/catalog.ts";
import { runChild } from "./edges/child.ts";
import { gatherFacts, gatherInputs, gatherStorage } from "./edges/gather.ts";
import { handOver } from "./edges/hand-over.ts";
import { planConfig, planStorage } from "./core/plan.ts";
import { errors, exitCodeFor } from "./core/problems.ts";
import { writeConfigs } from "./edges/render.ts";
import { failWith, formatExplain, hideSecrets, printProblems, step, summarize, write } from "./edges/report.ts";
import { describeUsers } from "./core/scram.ts";
import { maskArgv } from "./core/secrecy.ts";
import { stoppedBeforeBroker, watchStops } from "./edges/signals.ts";
import { LAUNCHER_VERSION } from "./core/version.ts";

export type Start = Extract<Cli, { action: "run" | "render" | "explain" | "setup" }>;

export async function start(cli: Start, processEnv: Readonly<Record<string, string>>): Promise<number> {
  let t = performance.now();
  const env = { ...processEnv, ...cli.env };
  // from here until the exec (or setup's end), a stop (docker stop) is obeyed and passed on to a running child
  const stops = cli.action === "run" || cli.action === "setup" ? watchStops() : undefined;
  // 1. gather: env, mounted and default files, secret files; the broker binary, the Java, its AOT cache
  const gathered = gatherInputs(env, cli.paths, loadCatalog());
  if (errors(gathered.problems).length) return failWith(gathered.problems);
  // 2. plan: merge, secrets, logging, validation, commands — pure
  const plan = planConfig(gathered.inputs, { ...gatherFacts(env), version: LAUNCHER_VERSION });
  hideSecrets(plan.secrets);
  if (cli.action === "explain") {
    write(1, formatExplain(plan, cli.json));
    if (errors(plan.problems).length) printProblems(errors(plan.problems));
    return exitCodeFor(plan.problems);
  }
  // 3. report: every problem at once; errors stop here, before anything is written
  if (errors(plan.problems).length) return failWith(plan.problems);
  if (plan.problems.length) printProblems(plan.problems);
  step("plan", t, summarize(plan));
  t = performance.now();
  // 4. write the final configs (never into the mounted folder)
  const written = writeConfigs(plan, cli.paths.finalConfigsDir);
  if (written.length) return failWith(written);
  step("render", t, `${cli.paths.finalConfigsDir}/{server.properties,log4j2.yaml,tools-log4j2.yaml}`);
  if (cli.action === "render") return 0;
  t = performance.now();
  // 5. storage: every dir usable; format only the dirs that need it; refuse on a foreign cluster id
  // setup (upstream's operation) stops after the storage step: no broker follows, so a format is a process of its own
  const storage = planStorage(plan, gatherStorage(plan.storageDirs), cli.action === "run");
  if (storage.action === "refuse") return failWith(storage.problems);
  if (storage.notices.length) printProblems(storage.notices);
  if (storage.action === "skip") step("storage", t, `skip format: ${storage.reason}`);
  const users = plan.scram && storage.notices.length === 0 ? `, SCRAM users ${describeUsers(plan.scram.users)}` : "";
  const how = storage.action === "format" ? `${storage.reason}${storage.ignoreFormatted ? ", --ignore-formatted" : ""}${users}` : "";
  if (storage.action === "format" && !storage.inBroker) {
    if (stops?.first) return stoppedBeforeBroker(stops.first, plan.storageDirs);
    const ran = await runChild(storage.command, "storage-tool format", stops);
    if ("stoppedBy" in ran) return stoppedBeforeBroker(ran.stoppedBy, plan.storageDirs, ran.ended);
    if (!ran.ok) return failWith([ran.problem]);
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
  return handOver(broker, "broker");
}
