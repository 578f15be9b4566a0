// The launcher's own knobs (LAUNCHER_*): what each accepts, its default and what it does, in one table that
// --help prints and the plan checks (zod/mini: the schemas, mapped to Problems here; never a raw zod error).
// The defaults shown are read from where they live (policy.ts, profile.ts, runtime.ts, aot.ts).
import * as z from "zod/mini"; // the mini build: a fraction of full zod's start-up cost, on every container start
import { DEFAULT_AOT_CACHE } from "../aot.ts";
import { DISPATCHER_CLASS, IMAGE_PATHS, JVM_CLASSPATH, LAUNCHER_ENV } from "../policy.ts";
import type { Problem } from "../problems.ts";
import { DEV_PROFILE, describeProfile } from "./profile.ts";

type Knob = { schema: z.ZodMiniType; values: string; default: string; what: string };

const path = z.string().check(z.minLength(1), z.regex(/^[^\0]*$/));
const yesNo = z.string().check(z.regex(/^(1|0|true|false|yes|no|on|off)$/i, "is not 1, 0, true, false, yes, no, on or off"));

export const KNOBS: Readonly<Record<keyof typeof LAUNCHER_ENV, Knob>> = {
  runtime: { schema: z.enum(["native", "jvm"]), values: "native | jvm", default: "native when the broker binary exists, else jvm", what: "the broker runtime" },
  brokerBinary: { schema: path, values: "path", default: IMAGE_PATHS.brokerBinary, what: "the native broker binary" },
  java: { schema: path, values: "path", default: "$JAVA_HOME/bin/java, else java on PATH", what: "java for the JVM runtime" },
  classpath: { schema: path, values: "class path", default: JVM_CLASSPATH, what: "the JVM runtime's class path" },
  mainClass: { schema: path, values: "class", default: DISPATCHER_CLASS, what: "the JVM runtime's main class, the dispatcher of the binary contract" },
  secretsDir: { schema: path, values: "path", default: IMAGE_PATHS.secretsDir, what: "the secrets folder" },
  strict: { schema: yesNo, values: "1 | 0", default: "0", what: "1: unknown broker keys are errors, not warnings" },
  profile: {
    schema: z.enum(["dev", "off", "none", "DEV", "OFF", "NONE"]),
    values: "dev | off",
    default: "dev",
    what: `dev: ${describeProfile(DEV_PROFILE)}; off: Kafka's own settings`,
  },
  aotCache: { schema: path, values: "path | off", default: DEFAULT_AOT_CACHE, what: "the JDK 25+ AOT cache for the JVM runtime, used when the file exists" },
  scramCredentials: {
    schema: z.string(),
    values: "entries as the storage tool's --add-scram takes them, separated by spaces or new lines",
    default: "none",
    what: "SCRAM users written into the metadata when the storage is formatted, e.g. SCRAM-SHA-256=[name=alice,password=alice-secret]; never printed; LAUNCHER_SCRAM_CREDENTIALS_FILE reads it from a file",
  },
};

/** Each knob that is set, against its schema: a wrong value is said once, with what it accepts. */
export function checkKnobs(env: Readonly<Record<string, string>>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, knob] of Object.entries(KNOBS) as [keyof typeof LAUNCHER_ENV, Knob][]) {
    const name = LAUNCHER_ENV[key];
    const value = env[name];
    if (value === undefined || value === "" || knob.schema.safeParse(value).success) continue;
    problems.push({ kind: "usage", severity: "error", subject: name, message: `${name}=${JSON.stringify(value)} is not one of: ${knob.values}`, fix: `set ${name} to ${knob.values}, or unset it for the default`, source: { kind: "env", name } });
  }
  return problems;
}

/** The knobs as --help shows them: name, then what it does, its values and default, wrapped under each other. */
export function knobsHelp(indent = "  ", columns = 110): string {
  const names = (Object.keys(KNOBS) as (keyof typeof LAUNCHER_ENV)[]).map((key) => [LAUNCHER_ENV[key], KNOBS[key]] as const);
  const width = Math.max(...names.map(([name]) => name.length)) + 2;
  return names.map(([name, k]) => wrap(`${k.what} (${k.values}; default ${k.default})`, columns - indent.length - width).map((line, i) => `${indent}${(i ? "" : name).padEnd(width)}${line}`).join("\n")).join("\n");
}

export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
