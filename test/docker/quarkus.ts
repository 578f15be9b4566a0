// Quarkus Dev Services' Kafka container, read from Quarkus's own released sources at test time (never a hand
// copy): the sources jar of io.quarkus:quarkus-kafka-client-deployment from Maven Central, its class
// io.quarkus.kafka.client.deployment.KafkaContainer. The members that make the container's env, command and start
// script (constants, envVars(), nativeLaunchScript(), and the lines of containerIsStarting() that put the start
// script together) are lifted verbatim into a small Java class and run by the host's java, so Java itself
// evaluates Quarkus's code. What is not Java's to evaluate (Testcontainers' port mapping, the container's host
// name) the test supplies, as Testcontainers would.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { must } from "./harness.ts";

/** A release whose Dev Services default to apache/kafka-native (Quarkus 3.36 and later). */
export const QUARKUS_VERSION = "3.38.1";
const ARTIFACT = `io.quarkus:quarkus-kafka-client-deployment:${QUARKUS_VERSION}:jar:sources`;
const SOURCE = "io/quarkus/kafka/client/deployment/KafkaContainer.java";

export type QuarkusContainer = {
  /** the container's command (the image's entrypoint is kept) */
  command: string[];
  env: Record<string, string>;
  /** where the start script is copied, and its mode */
  starterScript: string;
  /** the regular expression of the log line Quarkus waits for */
  waitFor: string;
  /** the start script as containerIsStarting() writes it, for the advertised listeners it computes */
  script(advertisedListeners: string): Promise<string>;
};

/** The sources jar through Maven (its ordinary client, into ~/.m2), then KafkaContainer.java's text. */
async function kafkaContainerSource(work: string): Promise<string> {
  await must(["mvn", "-B", "-ntp", "-q", "dependency:get", `-Dartifact=${ARTIFACT}`, "-Dtransitive=false"], { timeoutMs: 600_000 });
  const jar = join(homedir(), ".m2/repository/io/quarkus/quarkus-kafka-client-deployment", QUARKUS_VERSION, `quarkus-kafka-client-deployment-${QUARKUS_VERSION}-sources.jar`);
  await must(["jar", "xf", jar, SOURCE], { cwd: work });
  return readFileSync(join(work, SOURCE), "utf8");
}

/**
 * Where Java code from `start` ends, skipping string and char literals: the brace matching the first one
 * (`block`), or the first `;` outside braces (a field).
 */
function javaEnd(text: string, start: number, block: boolean): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      for (i++; text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0 && block) return i + 1;
    else if (c === ";" && depth === 0 && !block) return i + 1;
  }
  throw new Error("KafkaContainer.java: a member does not end");
}

/** A member declaration, whole: a method up to its closing brace, a field up to its `;`. */
function member(source: string, signature: RegExp, what: string): string {
  const m = signature.exec(source);
  if (!m) throw new Error(`KafkaContainer.java of Quarkus ${QUARKUS_VERSION} has no ${what} (${signature}): the replay needs updating`);
  const isMethod = m[0].endsWith("{");
  return source.slice(m.index, javaEnd(source, isMethod ? m.index + m[0].length - 1 : m.index, isMethod));
}

/** A Java string literal's value (the escapes Java source uses). */
function javaString(literal: string): string {
  return JSON.parse(literal.replace(/\\'/g, "'"));
}

/**
 * The container Quarkus starts. The start script depends on the container's host name and mapped port, which
 * exist once it runs (Testcontainers' containerIsStarting): `script` runs Quarkus's code again with them.
 */
export async function quarkusKafkaContainer(work: string): Promise<QuarkusContainer> {
  mkdirSync(work, { recursive: true });
  const source = await kafkaContainerSource(work);
  const fields = ["DEFAULT_INTERNAL_TOPIC_RF", "DEFAULT_CLUSTER_ID", "KAFKA_PORT", "STARTER_SCRIPT", "COMMAND"].map((name) =>
    member(source, new RegExp(`^\\s*(?:private |public )?static final [\\w\\[\\]<>]+ ${name} = `, "m"), `field ${name}`),
  );
  const envVars = member(source, /^\s*static Map<String, String> envVars\(\) \{/m, "envVars()");
  const launch = member(source, /^\s*static String nativeLaunchScript\(\) \{/m, "nativeLaunchScript()");
  const starting = member(source, /^\s*protected void containerIsStarting\(InspectContainerResponse containerInfo\) \{/m, "containerIsStarting()");
  const composing = starting.split("\n").filter((line) => /^\s*(String command = |command \+= )/.test(line));
  if (composing.length < 2) throw new Error(`containerIsStarting() of Quarkus ${QUARKUS_VERSION} no longer builds \`command\` line by line: the replay needs updating`);
  const waitFor = /Wait\.forLogMessage\(("(?:[^"\\]|\\.)*")/.exec(source)?.[1];
  if (!waitFor) throw new Error(`KafkaContainer.java of Quarkus ${QUARKUS_VERSION} waits for no log message`);
  const harness = `import java.util.*;

/** Quarkus ${QUARKUS_VERSION}'s KafkaContainer members, verbatim; main prints them as JSON. */
class QuarkusKafkaContainer {
${fields.join("\n")}
${envVars}
${launch}
    static String startScript(String kafkaAdvertisedListeners) {
${composing.join("\n")}
        return command;
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\\\') b.append('\\\\').append(c);
            else if (c < 0x20) b.append(String.format("\\\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    public static void main(String[] args) {
        StringJoiner env = new StringJoiner(",", "{", "}");
        new TreeMap<>(envVars()).forEach((k, v) -> env.add(json(k) + ":" + json(v)));
        StringJoiner command = new StringJoiner(",", "[", "]");
        for (String word : COMMAND) command.add(json(word));
        String script = args.length > 0 ? json(startScript(args[0])) : "null";
        System.out.println("{\\"command\\":" + command + ",\\"env\\":" + env + ",\\"starterScript\\":" + json(STARTER_SCRIPT) + ",\\"script\\":" + script + "}");
    }
}
`;
  const file = join(work, "QuarkusKafkaContainer.java");
  writeFileSync(file, harness);
  const run = async (...args: string[]) => JSON.parse(await must(["java", file, ...args], { timeoutMs: 120_000 }));
  const printed = await run();
  return {
    command: printed.command,
    env: printed.env,
    starterScript: printed.starterScript,
    waitFor: javaString(waitFor),
    script: async (advertisedListeners) => (await run(advertisedListeners)).script,
  };
}
