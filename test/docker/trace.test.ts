// resources/native-image/trace.sh is what the native Dockerfile's `metadata` stage runs under GraalVM's
// native-image agent. No GraalVM here, so it is rehearsed on the Temurin JDK with the agent option
// replaced: the keystores, the format, the broker with PLAINTEXT/SASL/SSL listeners, the client workout
// on each listener and the SIGTERM stop must all work against the installed jars.
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reservePorts } from "../../scripts/lib/ports.ts";
import { capture } from "../../scripts/lib/run.ts";

const ROOT = join(import.meta.dir, "../..");
const LIBS = join(ROOT, "build/kafka/libs");
const JDK = existsSync("/usr/lib/jvm") ? readdirSync("/usr/lib/jvm").filter((d) => d.startsWith("temurin-25")).sort()[0] : undefined;
const missing = [!existsSync(join(LIBS, "kafka-native-wrapper.jar")) && "build/kafka/libs (scripts/install-broker.sh)", !JDK && "a Temurin 25 JDK"].filter(Boolean);
if (missing.length && process.env.CI) throw new Error(`test/docker/trace.test.ts: CI is set but ${missing.join(" and ")} is missing`);
if (missing.length) console.warn(`test/docker/trace.test.ts: SKIPPED: missing ${missing.join(" and ")}`);

test.skipIf(missing.length > 0)(
  "trace.sh rehearsal: format, broker with three listeners, client workout on each, clean SIGTERM",
  async () => {
    const out = mkdtempSync(join(tmpdir(), "kn-trace-"));
    // The broker's four listeners: ports held until trace.sh is started.
    const reserved = await reservePorts(4);
    await reserved.release();
    const { stdout, stderr, exitCode } = await capture(["bash", join(ROOT, "resources/native-image/trace.sh"), LIBS, out], {
      env: { ...process.env, PATH: `/usr/lib/jvm/${JDK}/bin:${process.env.PATH}`, TRACE_AGENT_OPTION: "-Dno.agent", TRACE_PORTS: reserved.ports.join(" ") },
    });
    rmSync(out, { recursive: true, force: true });
    expect({ exitCode, tail: exitCode === 0 ? "" : `${stdout}\n${stderr}`.slice(-3000) }).toEqual({ exitCode: 0, tail: "" });
    expect(stdout).toContain("exercise: plaintext ok");
    expect(stdout).toContain("exercise: sasl ok");
    expect(stdout).toContain("exercise: ssl ok");
  },
  240_000,
);
