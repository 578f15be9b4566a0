// resources/native-image/trace.sh is what the native Dockerfile's `metadata` stage runs under GraalVM's
// native-image agent. No GraalVM here, so it is rehearsed on a JDK 25 with the agent option replaced:
// Debian's OpenJDK 25 (scripts/lib/java.ts REHEARSAL_JAVA, installed by scripts/setup.sh java), run inside
// its suite's root (scripts/lib/chroot.ts) with the repository bound into it. The keystores, the format,
// the broker with PLAINTEXT/SASL/SSL listeners, the client workout on each listener and the SIGTERM stop
// must all work against the installed jars.
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chrootArgv } from "../../scripts/lib/chroot.ts";
import { jdkDir, javaChoice, REHEARSAL_JAVA, suiteRoot, type DebianJava } from "../../scripts/lib/java.ts";
import { reservePorts } from "../../scripts/lib/ports.ts";
import { capture } from "../../scripts/lib/run.ts";

const ROOT = join(import.meta.dir, "../..");
const LIBS = join(ROOT, "build/kafka/libs");
const JAVA = javaChoice(REHEARSAL_JAVA) as DebianJava;
const ROOTFS = suiteRoot(ROOT, JAVA.suite);
/** Where the repository is seen inside the suite's root. */
const IN_ROOT = "/kafka-native-repo";
const missing = [
  !existsSync(join(LIBS, "kafka-native-wrapper.jar")) && "build/kafka/libs (scripts/install-broker.sh)",
  !jdkDir(ROOT, JAVA) && `${JAVA.label} in build/java/${JAVA.suite} (bash scripts/setup.sh java)`,
].filter(Boolean);
if (missing.length && process.env.CI) throw new Error(`test/docker/trace.test.ts: CI is set but ${missing.join(" and ")} is missing`);
if (missing.length) console.warn(`test/docker/trace.test.ts: SKIPPED: missing ${missing.join(" and ")}`);

test.skipIf(missing.length > 0)(
  "trace.sh rehearsal: format, broker with three listeners, client workout on each, clean SIGTERM",
  async () => {
    const out = mkdtempSync(join(ROOT, "build", "trace-rehearsal-"));
    const inside = (path: string) => IN_ROOT + path.slice(ROOT.length);
    mkdirSync(join(ROOTFS, IN_ROOT), { recursive: true });
    // The broker's four listeners: ports held until trace.sh is started.
    const reserved = await reservePorts(4);
    await reserved.release();
    const trace = ["env", `PATH=${JAVA.home}/bin:/usr/bin:/bin`, "TRACE_AGENT_OPTION=-Dno.agent", `TRACE_PORTS=${reserved.ports.join(" ")}`, "bash", inside(join(ROOT, "resources/native-image/trace.sh")), inside(LIBS), inside(out)];
    const { stdout, stderr, exitCode } = await capture(chrootArgv(ROOTFS, trace, [{ host: ROOT, at: IN_ROOT }]));
    rmSync(out, { recursive: true, force: true });
    expect({ exitCode, tail: exitCode === 0 ? "" : `${stdout}\n${stderr}`.slice(-3000) }).toEqual({ exitCode: 0, tail: "" });
    expect(stdout).toContain("exercise: plaintext ok");
    expect(stdout).toContain("exercise: sasl ok");
    expect(stdout).toContain("exercise: ssl ok");
  },
  240_000,
);
