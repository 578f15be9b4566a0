// `kafka-launcher start --config FILE [options]`: upstream's `kafka.Kafka start` (kafka.docker.KafkaDockerWrapper),
// the broker on a file written elsewhere, with this runtime's options (runtime.ts startCommand) and the AOT cache.
import { aotOptions, withJvmOptions } from "./core/aot.ts";
import type { Cli } from "./cli/cli.ts";
import { gatherFacts } from "./edges/gather.ts";
import { handOver } from "./edges/hand-over.ts";
import { chooseProfile } from "./core/config/profile.ts";
import { step } from "./edges/report.ts";
import { startCommand, UPSTREAM_JVM } from "./core/runtime.ts";
import { maskArgv } from "./core/secrecy.ts";

/** Upstream's `kafka.Kafka start --config FILE [options]`: the broker on that file, with this runtime's options. */
export async function startBroker(cli: Extract<Cli, { action: "start" }>, processEnv: Readonly<Record<string, string>>): Promise<number> {
  const env = { ...processEnv, ...cli.env };
  const facts = gatherFacts(env);
  const jvm = chooseProfile(env)?.jvm ?? UPSTREAM_JVM;
  const broker = withJvmOptions(startCommand(facts.runtime, env, cli.config, cli.options, jvm), facts.runtime.kind === "jvm" ? aotOptions(facts.aot, env) : []);
  const t = performance.now();
  step("exec", t, `${facts.runtime.kind} broker on ${cli.config}, ${t.toFixed(1)} ms after process start: ${maskArgv(broker.argv).join(" ")}`);
  return handOver(broker, "broker");
}

