// `kafka-launcher shell-env [defaults|configure]`: the `export` lines upstream's sourced scripts (configureDefaults,
// configure) leave behind, for `eval`; computed from the plan by shellenv.ts (pure), so the env rule and the
// derivations have one home.
import type { Cli } from "./cli/cli.ts";
import { loadCatalog } from "./core/kafka/catalog.ts";
import { gatherFacts, gatherInputs } from "./edges/gather.ts";
import { planConfig } from "./core/plan.ts";
import { errors } from "./core/problems.ts";
import { write } from "./edges/report.ts";
import { formatShellEnv, planShellEnv } from "./core/shell-env.ts";
import { LAUNCHER_VERSION } from "./core/version.ts";

/** The `export` lines of upstream's configureDefaults / configure, from the plan (shellenv.ts). */
export function printShellEnv(cli: Extract<Cli, { action: "shell-env" }>, processEnv: Readonly<Record<string, string>>): number {
  const env = { ...processEnv, ...cli.env };
  const gathered = cli.part === "configure" ? gatherInputs(env, cli.paths, loadCatalog()) : undefined;
  const readable = gathered && errors(gathered.problems).length === 0;
  const plan = readable ? planConfig(gathered.inputs, { ...gatherFacts(env), version: LAUNCHER_VERSION }) : undefined;
  write(1, formatShellEnv(planShellEnv(cli.part, env, plan)));
  return 0;
}
