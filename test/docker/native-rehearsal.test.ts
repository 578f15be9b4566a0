// docker/native/Dockerfile cannot be built here for real (no registry, no GraalVM). docker/native/
// rehearse.sh builds it unchanged with BuildKit, with local stand-ins for the two pulled images (a
// debootstrap'd Debian, Temurin with a fake agent and a fake native-image), and checks that the result
// has the JVM-backed image's layout, metadata and entrypoint behaviour, and that native-image was given
// no jvmstat (issue 12: its perf-data thread crashes ~2 % of upstream's starts). About 4 minutes.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { IMAGE, dockerSuite, ensureImage, sh } from "./harness.ts";

const { skip } = dockerSuite("test/docker/native-rehearsal.test.ts");
const debootstrap = Bun.which("debootstrap") ?? (Bun.spawnSync(["test", "-x", "/usr/sbin/debootstrap"]).exitCode === 0 ? "/usr/sbin/debootstrap" : null);
if (!skip && !debootstrap) console.warn("test/docker/native-rehearsal.test.ts: SKIPPED: no debootstrap (apt-get install debootstrap)");

test.skipIf(skip || !debootstrap)(
  "docker/native/Dockerfile builds with stand-ins for its pulled images; its layout equals the JVM-backed image's",
  async () => {
    await ensureImage();
    const { stdout, stderr, exitCode } = await sh(["bash", join(import.meta.dir, "../../docker/native/rehearse.sh"), IMAGE], {
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
    });
    expect({ exitCode, tail: exitCode === 0 ? "" : `${stdout}\n${stderr}`.slice(-4000) }).toEqual({ exitCode: 0, tail: "" });
    expect(stderr).toContain("exercise: ssl ok");
    expect(stderr).toContain("rehearse: native-image --enable-monitoring=jmxserver,jmxclient,heapdump: no jvmstat, no perf-data thread; GraalVM 25");
  },
  900_000,
);
