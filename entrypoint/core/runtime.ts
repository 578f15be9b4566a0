// The two broker runtimes behind one binary contract (contract §7): the native executable
// (`kafka.Kafka <op> …`, `-D` properties on its command line) and a JVM running the same dispatcher
// class (`java <KAFKA_*_OPTS> -cp <libs> kafka.KafkaNativeWrapper <op> …`), with the JVM options
// composed the way Kafka's own kafka-run-class.sh composes them.
import { join } from "node:path";
import { DISPATCHER_CLASS, IMAGE_PATHS, JVM_CLASSPATH, LAUNCHER_ENV } from "./policy.ts";
import { CONFIG_FILES } from "./policy.ts";
import type { Problem } from "./problems.ts";

export type Runtime =
  | { kind: "native"; binary: string }
  | { kind: "jvm"; java: string; classpath: string; mainClass: string };

/** What to run: argv[0] is the program path; env is passed on whole. */
export type Command = { path: string; argv: string[]; env: Record<string, string> };

type Env = Readonly<Record<string, string>>;

/** Where the broker binary should be (LAUNCHER_BROKER_BINARY, else the image's path). */
export function brokerBinaryPath(env: Env): string {
  return env[LAUNCHER_ENV.brokerBinary] || IMAGE_PATHS.brokerBinary;
}

/**
 * LAUNCHER_RUNTIME picks the runtime; without it, native when the broker binary is present
 * (the native image), else the JVM (a host or the JVM-backed image).
 */
export function chooseRuntime(env: Env, binary: { path: string; present: boolean }): Runtime {
  const wanted = env[LAUNCHER_ENV.runtime] || (binary.present ? "native" : "jvm");
  if (wanted === "native") return { kind: "native", binary: binary.path };
  const javaHome = env.JAVA_HOME;
  return {
    kind: "jvm",
    java: env[LAUNCHER_ENV.java] || (javaHome ? join(javaHome, "bin", "java") : "java"),
    classpath: withUserClasspath(env[LAUNCHER_ENV.classpath] || JVM_CLASSPATH, env.CLASSPATH),
    mainClass: env[LAUNCHER_ENV.mainClass] || DISPATCHER_CLASS,
  };
}

/**
 * CLASSPATH (a plugin's jars: an authorizer, a metrics reporter), as kafka-run-class.sh honours it. That script puts
 * it before the broker's jars; here it comes after them, so that the AOT cache trained on the broker's class path
 * stays valid (the JVM takes a class path that extends the one it was trained on). A plugin cannot replace one of
 * Kafka's own classes this way, which no documented plugin needs.
 */
function withUserClasspath(classpath: string, user: string | undefined): string {
  const extra = (user ?? "").split(":").filter(Boolean);
  return [classpath, ...extra].join(":");
}

/** A native broker is a closed world: it cannot load a class that was not compiled into it. */
export function checkClasspath(runtime: Runtime, env: Env): Problem[] {
  if (runtime.kind !== "native" || !env.CLASSPATH) return [];
  return [
    {
      kind: "config",
      severity: "warning",
      subject: "CLASSPATH",
      message: "CLASSPATH has no effect on the native broker: a GraalVM native image cannot load classes at run time, so a plugin's jars (an authorizer, a metrics reporter) are not seen",
      fix: "run the JVM-backed image (or LAUNCHER_RUNTIME=jvm with a Java) for plugins, or unset CLASSPATH",
      source: { kind: "env", name: "CLASSPATH" },
    },
  ];
}

/** Shell word splitting of an *_OPTS variable, as kafka-run-class.sh does (unquoted expansion). */
export function words(value: string | undefined): string[] {
  return (value ?? "").split(/\s+/).filter(Boolean);
}

/** JVM options used when the KAFKA_*_OPTS variable is unset: Kafka's scripts' own, or a profile's. */
export type JvmDefaults = { heap: string; performance: string };

/** kafka-server-start.sh's heap and kafka-run-class.sh's performance options. */
export const UPSTREAM_JVM: JvmDefaults = {
  heap: "-Xmx1G -Xms1G",
  performance: "-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true",
};
const STORAGE_TOOL_HEAP = "-Xmx256M"; // kafka-run-class.sh's default for tools

/** KAFKA_JMX_PORT turns on remote JMX; rmi port the same so one published port is enough. */
export function jmxOptions(env: Env, hostAddress: string | undefined): string[] {
  if (env.KAFKA_JMX_OPTS) return words(env.KAFKA_JMX_OPTS);
  const port = env.KAFKA_JMX_PORT;
  if (!port) return [];
  const host = env.KAFKA_JMX_HOSTNAME || hostAddress || "127.0.0.1";
  return [
    "-Dcom.sun.management.jmxremote",
    "-Dcom.sun.management.jmxremote.authenticate=false",
    "-Dcom.sun.management.jmxremote.ssl=false",
    `-Dcom.sun.management.jmxremote.port=${port}`,
    `-Dcom.sun.management.jmxremote.rmi.port=${port}`,
    `-Djava.rmi.server.hostname=${host}`,
  ];
}

type Op = { op: "kafka" | "storage-tool"; args: string[]; log4jFile: string; jvm: JvmDefaults };

/** Empty means unset, as in kafka-run-class.sh (`[ -z "$KAFKA_HEAP_OPTS" ]`): the default applies. */
function jvmArgv(runtime: Extract<Runtime, { kind: "jvm" }>, env: Env, op: Op, hostAddress?: string): string[] {
  const heap = words(env.KAFKA_HEAP_OPTS || op.jvm.heap);
  const perf = words(env.KAFKA_JVM_PERFORMANCE_OPTS || op.jvm.performance);
  const log4j = env.KAFKA_LOG4J_OPTS ? words(env.KAFKA_LOG4J_OPTS) : [`-Dlog4j2.configurationFile=${op.log4jFile}`];
  const jmx = op.op === "kafka" ? jmxOptions(env, hostAddress) : [];
  return [
    runtime.java,
    ...heap,
    ...perf,
    ...words(env.KAFKA_GC_LOG_OPTS),
    ...jmx,
    ...log4j,
    "-cp",
    runtime.classpath,
    ...words(env.KAFKA_OPTS),
    runtime.mainClass,
    op.op,
    ...op.args,
  ];
}

/** A native image understands -D and -X (heap) options; other JVM flags mean nothing to it. */
function nativeOptions(env: Env, op: Op, hostAddress?: string): string[] {
  const log4j = env.KAFKA_LOG4J_OPTS ? words(env.KAFKA_LOG4J_OPTS) : [`-Dlog4j2.configurationFile=${op.log4jFile}`];
  const heap = words(env.KAFKA_HEAP_OPTS).filter((w) => /^-X(mx|ms|mn)/.test(w));
  const jmx = op.op === "kafka" ? jmxOptions(env, hostAddress) : [];
  return [...heap, ...log4j, ...jmx, ...words(env.KAFKA_OPTS)].filter((w) => /^-D|^-Xm[xsn]/.test(w));
}

function command(runtime: Runtime, env: Env, op: Op, hostAddress?: string): Command {
  if (runtime.kind === "jvm") {
    const argv = jvmArgv(runtime, env, op, hostAddress);
    return { path: runtime.java, argv, env: { ...env } };
  }
  const argv = [runtime.binary, ...nativeOptions(env, op, hostAddress), op.op, ...op.args];
  return { path: runtime.binary, argv, env: { ...env } };
}

export function brokerCommand(runtime: Runtime, env: Env, finalDir: string, jvm: JvmDefaults, hostAddress?: string): Command {
  const config = join(finalDir, CONFIG_FILES.server);
  const op: Op = { op: "kafka", args: [config], log4jFile: join(finalDir, CONFIG_FILES.log4j2), jvm };
  return command(runtime, env, op, hostAddress);
}

/**
 * How a format is carried out: `command` formats; `inBroker` means it is the broker's own JVM, which
 * formats first and then runs the broker (exec it), else it is a process of its own before the broker.
 */
export type FormatRun = { command: Command; inBroker: boolean };

/**
 * The JVM runtime formats in the broker's own JVM (the dispatcher's `storage-tool format … --then kafka …`),
 * so a first start pays for one JVM, not two (docs/benchmarks.md); the native runtime keeps the binary
 * contract's two steps, `storage-tool` then `kafka`. With no broker to follow (`setup`), the format is a process of
 * its own on either runtime.
 */
export function formatRun(runtime: Runtime, broker: Command, storageTool: Command, formatArgs: readonly string[], brokerFollows = true): FormatRun {
  if (runtime.kind === "jvm" && brokerFollows) return { inBroker: true, command: formatThenBroker(broker, formatArgs) };
  return { inBroker: false, command: { ...storageTool, argv: [...storageTool.argv, ...formatArgs] } };
}

/** `… <main class> storage-tool format … --then kafka <config>`: the operations before `kafka` run first, in its JVM. */
function formatThenBroker(broker: Command, formatArgs: readonly string[]): Command {
  const op = broker.argv.lastIndexOf("kafka");
  return { ...broker, argv: [...broker.argv.slice(0, op), "storage-tool", ...formatArgs, "--then", ...broker.argv.slice(op)] };
}

export function storageCommand(runtime: Runtime, env: Env, finalDir: string, jvm: JvmDefaults, args: string[]): Command {
  const op: Op = { op: "storage-tool", args, log4jFile: join(finalDir, CONFIG_FILES.toolsLog4j2), jvm: { ...jvm, heap: STORAGE_TOOL_HEAP } };
  return command(runtime, env, op);
}

/** JVM options as a native image takes them from its command line, anywhere in it (GraalVM's RuntimeOptionParser). */
export const NATIVE_RUNTIME_OPTION = /^(-D[^=]+=|-XX:|-Xm[sxn]|-Xss)/;

/**
 * Upstream's `kafka.Kafka start --config FILE [options]` (kafka.docker.KafkaDockerWrapper) on this runtime. The
 * native binary takes the options itself. On the JVM, the broker gets what the native binary has built in, as the
 * launcher's own start gives it: KAFKA_HEAP_OPTS / KAFKA_JVM_PERFORMANCE_OPTS / KAFKA_GC_LOG_OPTS or the profile's
 * heap and collector (`jvm`); the options of the command line come after them, so they win. KAFKA_OPTS,
 * KAFKA_JMX_OPTS and KAFKA_LOG4J_OPTS are not read here: upstream's scripts put them on that command line.
 */
export function startCommand(runtime: Runtime, env: Env, config: string, options: readonly string[], jvm: JvmDefaults): Command {
  const operation = ["start", "--config", config];
  if (runtime.kind === "native") return { path: runtime.binary, argv: [runtime.binary, ...options, ...operation], env: { ...env } };
  const heap = words(env.KAFKA_HEAP_OPTS || jvm.heap);
  const perf = words(env.KAFKA_JVM_PERFORMANCE_OPTS || jvm.performance);
  const argv = [runtime.java, ...heap, ...perf, ...words(env.KAFKA_GC_LOG_OPTS), ...options, "-cp", runtime.classpath, runtime.mainClass, ...operation];
  return { path: runtime.java, argv, env: { ...env } };
}
