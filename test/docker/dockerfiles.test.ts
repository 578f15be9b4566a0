// The native image (docker/native/Dockerfile, which needs registry access and cannot be built here) and
// the JVM-backed image that CI builds and tests (docker/jvm/Dockerfile) must have the same runtime
// layout. Both share the same scripts; this keeps their runtime instructions in step, line for line.
// No Docker engine needed.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Instructions only: comments and blank lines dropped, continuation lines joined. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => l && !l.startsWith("#"));
}

/** The block after the "shared with … from here on" marker, up to ENV, and the lines from USER on. */
function sharedParts(path: string): { block: string[]; tail: string[] } {
  const text = read(path);
  const marker = text.indexOf("# --- shared with");
  if (marker < 0) throw new Error(`${path}: no "# --- shared with" marker`);
  const after = instructions(text.slice(marker));
  const env = after.findIndex((l) => l.startsWith("ENV "));
  const user = after.findIndex((l) => l.startsWith("USER "));
  return { block: after.slice(0, env), tail: after.slice(user) };
}

describe("Dockerfiles", () => {
  const jvm = sharedParts("docker/jvm/Dockerfile");
  const native = sharedParts("docker/native/Dockerfile");

  test("the runtime layout block is the same in both images", () => {
    expect(native.block).toEqual(jvm.block);
    expect(jvm.block).toContain('RUN ["/bin/sh", "/usr/local/share/kafka-native/layout.sh"]');
  });

  test("user, port and start command are the same: CMD replaceable, no swallowing entrypoint", () => {
    expect(native.tail).toEqual(jvm.tail);
    expect(jvm.tail).toEqual([
      "USER appuser",
      "WORKDIR /home/appuser",
      "EXPOSE 9092",
      'ENTRYPOINT ["/etc/kafka/docker/entrypoint"]',
      'CMD ["/etc/kafka/docker/run"]',
    ]);
  });

  test("both base layers come from docker/shared/rootfs.sh", () => {
    expect(read("docker/native/Dockerfile")).toContain("rootfs.sh /rootfs");
    expect(read("scripts/build-image.ts")).toContain('"docker", "shared", "rootfs.sh"');
  });

  test("the native stage: dispatcher entry point, serial GC, exit handlers, kept + traced metadata, per-arch -march", () => {
    const text = read("docker/native/Dockerfile");
    for (const flag of [
      "--gc=serial",
      "--install-exit-handlers",
      "--no-fallback",
      "kafka.KafkaNativeWrapper",
      "-H:ConfigurationFileDirectories=/build/metadata/kept,/build/metadata/traced",
      "ARG TARGETARCH",
      "ghcr.io/graalvm/graalvm-community:",
    ]) {
      expect(text).toContain(flag);
    }
  });

  test("the Dockerfile.dockerignore lets in every path the native Dockerfile copies from the context", () => {
    const ignore = read("docker/native/Dockerfile.dockerignore");
    const sources = instructions(read("docker/native/Dockerfile"))
      .filter((l) => l.startsWith("COPY ") && !l.includes("--from="))
      .map((l) => l.split(" ")[1]!.replace("${TARGETARCH}", "amd64"));
    for (const source of sources) {
      const allowed = ignore.split("\n").some((line) => line.startsWith("!") && source.startsWith(line.slice(1).replace(/\/$/, "")));
      expect({ source, allowed }).toEqual({ source, allowed: true });
    }
  });
});
