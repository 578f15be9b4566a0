// `kafka-launcher shell-env`: what upstream's /etc/kafka/docker/configureDefaults and configure leave in the
// environment of the script that sources them (apache/kafka docker/resources/common-scripts), computed from the
// launcher's own plan, so the env rule and the derivations keep their one home here and the two files stay thin.
// Scripts written for upstream's image source them and go on to expand these variables under `set -u`
// (Quarkus Dev Services' start script, upstream's own `launch`). Pure.
//
// What upstream exports, and what happens to each here:
//   CLUSTER_ID              its fixed default when unset or empty (configureDefaults): exported the same
//   KAFKA_LISTENERS         derived from the advertised listeners (configure): exported when the plan derives it,
//                           which never happens over a mounted file's listeners (README, differences on purpose)
//   KAFKA_ADVERTISED_LISTENERS  unset when empty on a controller-only node (configure): the same
//   KAFKA_SSL_*_LOCATION / *_PASSWORD  not exported: the launcher reads the credential files itself when it
//                           writes the configuration, and secrets stay out of the environment and of any output
// and, so that `$KAFKA_JMX_OPTS` / `$KAFKA_OPTS` expand under `set -u` as they do after upstream's `launch`:
//   KAFKA_JMX_OPTS, KAFKA_OPTS  set to empty when unset (empty means the defaults, as unset does)
import { DEFAULT_CLUSTER_ID } from "./policy.ts";
import type { Plan } from "./plan.ts";

export type ShellEnvPart = "defaults" | "configure";
export const SHELL_ENV_PARTS: readonly ShellEnvPart[] = ["defaults", "configure"];

export type ShellEnv = { exports: [name: string, value: string][]; unsets: string[] };

type Env = Readonly<Record<string, string>>;

/** Set neither directly nor through `<VAR>_FILE`: only then may a value be exported for it. */
const given = (env: Env, name: string) => env[name] !== undefined || env[`${name}_FILE`] !== undefined;

/** `plan` is undefined when the inputs could not be read: then only what the environment alone decides. */
export function planShellEnv(part: ShellEnvPart, env: Env, plan: Plan | undefined): ShellEnv {
  const out: ShellEnv = { exports: [], unsets: [] };
  if (!env.CLUSTER_ID && env.CLUSTER_ID_FILE === undefined) out.exports.push(["CLUSTER_ID", DEFAULT_CLUSTER_ID]);
  if (part === "defaults") return out;
  const listeners = plan?.config.get("listeners");
  // an empty KAFKA_LISTENERS counts as unset, as in upstream's configure (`-z`) and the launcher (EMPTY_MEANS_UNSET)
  if (listeners?.source.kind === "derived" && !listeners.secret && !env.KAFKA_LISTENERS && env.KAFKA_LISTENERS_FILE === undefined) out.exports.push(["KAFKA_LISTENERS", listeners.value]);
  if (env.KAFKA_ADVERTISED_LISTENERS === "" && plan && !plan.config.has("advertised.listeners")) out.unsets.push("KAFKA_ADVERTISED_LISTENERS");
  for (const name of ["KAFKA_JMX_OPTS", "KAFKA_OPTS"]) if (!given(env, name)) out.exports.push([name, ""]);
  return out;
}

/** POSIX shell text: `export NAME='value'` and `unset NAME` lines, for `eval` in bash or sh. */
export function formatShellEnv(env: ShellEnv): string {
  const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
  return [...env.exports.map(([name, value]) => `export ${name}=${quote(value)}\n`), ...env.unsets.map((name) => `unset ${name}\n`)].join("");
}
