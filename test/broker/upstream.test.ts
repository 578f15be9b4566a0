// Upstream's broker binary operations on the real dispatcher and a real broker, on the host's JVM: the class that
// is the native image's entry point (resources/java/kafka/KafkaNativeWrapper.java), run as
// `java … kafka.KafkaNativeWrapper -Dname=value setup -D … -M … -F …` and `… start --config FILE -Dname=value`, as
// scripts written for apache/kafka-native call /opt/kafka/kafka.Kafka. setup starts kafka-launcher (on PATH) as
// a child; start runs the broker, logging with the log4j2.yaml beside the config.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { baseEnv, Broker, cleanup, DEFAULTS_DIR, kcat, kcatReadAll, LAUNCHER, LIBS, nodeDirs, requirePrerequisites, reservePorts, run, SIGTERM_LINE, START_TIMEOUT_MS } from "./harness.ts";

requirePrerequisites();
afterAll(cleanup);

const JAVA = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin/java") : (Bun.which("java") ?? "java");
const DISPATCHER = [JAVA, "-Xmx256m", "-cp", `${LIBS}/*`, "kafka.KafkaNativeWrapper"];

describe("kafka.KafkaNativeWrapper setup and start (upstream's operations)", () => {
  test(
    "setup formats and exits 0, a second setup exits 0 (already formatted), start runs the broker: a record round trip, SIGTERM → 143",
    async () => {
      const dirs = nodeDirs("dispatcher");
      const reserved = await reservePorts(2);
      const [port, controller] = reserved.ports as [number, number];
      const env = {
        ...baseEnv(),
        PATH: `${dirname(LAUNCHER)}:${process.env.PATH}`,
        KAFKA_NODE_ID: "1",
        KAFKA_PROCESS_ROLES: "broker,controller",
        KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:${controller}`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
        KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${controller}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
        KAFKA_LOG_DIRS: `${dirs.data}/logs`,
      };
      const setup = [...DISPATCHER, "-Duser.name=appuser", "setup", "--default-configs-dir", DEFAULTS_DIR, "--mounted-configs-dir", dirs.mounted, "--final-configs-dir", dirs.final, "-Dlog4j.configuration=file:/nowhere"];
      const first = await run(setup, { env, timeoutMs: 120_000 });
      expect({ exitCode: first.exitCode, formatted: existsSync(join(dirs.data, "logs/meta.properties")), said: first.stderr.includes("formatted (new storage") }).toEqual({ exitCode: 0, formatted: true, said: true });
      const second = await run(setup, { env, timeoutMs: 120_000 });
      expect({ exitCode: second.exitCode, skipped: second.stderr.includes("skip format: all 1 storage dir(s) already formatted") }).toEqual({ exitCode: 0, skipped: true });

      await reserved.release();
      const broker = new Broker("dispatcher start", [...DISPATCHER, "-Duser.name=appuser", "start", "--config", join(dirs.final, "server.properties"), "-Dkafka.logs.dir=/nowhere/"], env);
      await broker.waitReady(`localhost:${port}`);
      const produced = await kcat(["-P", "-b", `localhost:${port}`, "-t", "dispatcher-start"], "through start\n");
      expect(produced.exitCode).toBe(0);
      expect(await kcatReadAll(`localhost:${port}`, "dispatcher-start")).toEqual(["=through start"]); // key=value, no key
      // the broker's INFO reaches stdout: start found the log4j2.yaml that setup wrote beside the config
      expect(broker.lines.some((l) => l.includes("Transitioning from RECOVERY to RUNNING"))).toBe(true);
      const stopped = await broker.stop("SIGTERM");
      expect({ exitCode: stopped.exitCode, sigterm: broker.lines.some((l) => l.includes(SIGTERM_LINE)) }).toEqual({ exitCode: 143, sigterm: true });
    },
    START_TIMEOUT_MS,
  );

  test("setup with a configuration Kafka refuses: the launcher's exit code (78) and message through the dispatcher", async () => {
    const dirs = nodeDirs("dispatcher-refused");
    const env = { ...baseEnv(), PATH: `${dirname(LAUNCHER)}:${process.env.PATH}`, KAFKA_LOG_SEGMENT_BYTES: "7", KAFKA_LOG_DIRS: `${dirs.data}/logs` };
    const refused = await run([...DISPATCHER, "setup", "-D", DEFAULTS_DIR, "-M", dirs.mounted, "-F", dirs.final], { env, timeoutMs: 120_000 });
    expect({ exitCode: refused.exitCode, named: refused.stderr.includes("log.segment.bytes"), formatted: existsSync(dirs.data) }).toEqual({ exitCode: 78, named: true, formatted: false });
  }, 120_000);

  test("start without --config, or with an argument it does not know: the dispatcher's usage error (64)", async () => {
    const missing = await run([...DISPATCHER, "start"], { timeoutMs: 60_000 });
    const unknown = await run([...DISPATCHER, "start", "--config", "/x", "--override", "a=b"], { timeoutMs: 60_000 });
    expect([missing.exitCode, missing.stderr.includes("start: missing --config"), unknown.exitCode, unknown.stderr.includes("start: unknown argument '--override'")]).toEqual([64, true, 64, true]);
  }, 120_000);
});
