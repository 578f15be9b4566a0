#!/usr/bin/env bun
/**
 * Compiles the launcher with the flags of scripts/lib/launcher-build.ts:
 *   `npm run build` (no --arch): for this machine, into dist/kafka-launcher;
 *   `npm run build:arm64` (--arch arm64): for one Linux architecture of the image, into
 *   dist/linux-<arch>/kafka-launcher. --outfile puts either elsewhere.
 *
 * The target's Bun runtime comes from the npm registry. Bun downloads it itself (package
 * @oven/bun-linux-aarch64 for arm64, cached in ~/.bun/install/cache); when that download fails, this
 * script fetches the same package with `npm pack` into build/bun-runtime/ and passes its bin/bun as
 * --compile-executable-path. `--runtime npm` takes that path straight away; --runtime FILE uses a runtime
 * you already have.
 *
 * Exit codes: 0 built, 64 bad command line, 1 the build failed.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "../entrypoint/cli/yargs.ts";
import { ARCHES, HOST_LAUNCHER, isArch, launcherBuildArgv, launcherPath, TARGETS, type Arch } from "./lib/launcher-build.ts";
import { run } from "./lib/run.ts";

const repo = resolve(import.meta.dir, "..");

type Options = { arch?: string; outfile?: string; runtime?: string };

function parseOptions(argv: readonly string[]) {
  return parseArgs<Options>("build-launcher", argv, (y) =>
    y
      .usage("bun scripts/build-launcher.ts [--arch amd64|arm64] [--outfile FILE] [--runtime BUN]")
      .option("arch", { type: "string", choices: ARCHES, describe: "Linux architecture, in Docker's names (default: this machine, on the Bun that runs the build)" })
      .option("outfile", { type: "string", describe: `where to write the launcher (default ${HOST_LAUNCHER}, or dist/linux-<arch>/kafka-launcher with --arch)` })
      .option("runtime", { type: "string", implies: "arch", describe: "Bun executable of the target to embed (--compile-executable-path), or `npm` to fetch it with npm pack" }) as never,
  );
}

/** The target runtime from the npm registry, unpacked under build/bun-runtime/<package>-<version>/. */
function fetchRuntime(arch: Arch): { ok: true; path: string } | { ok: false; message: string } {
  const pkg = `${TARGETS[arch].npmPackage}@${Bun.version}`;
  const dir = join(repo, "build", "bun-runtime", `${TARGETS[arch].npmPackage.replace("@", "").replace("/", "-")}-${Bun.version}`);
  const bun = join(dir, "package", "bin", "bun");
  if (existsSync(bun)) return { ok: true, path: bun };
  console.log(`==> fetching the ${TARGETS[arch].platform} Bun runtime with npm: ${pkg}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packed = run(["npm", "pack", pkg, "--pack-destination", dir, "--silent"]);
  if (!packed.ok) return packed;
  const tarball = join(dir, packed.stdout.trim().split("\n").pop()!);
  const unpacked = run(["tar", "-xzf", tarball, "-C", dir]);
  if (!unpacked.ok) return unpacked;
  return existsSync(bun) ? { ok: true, path: bun } : { ok: false, message: `${pkg} has no package/bin/bun` };
}

/** This machine's launcher, on the Bun that runs this script: nothing to fetch. */
function buildHost(outfile: string): number {
  mkdirSync(dirname(outfile), { recursive: true });
  const built = run(launcherBuildArgv({ bun: process.execPath, outfile }), { cwd: repo, inherit: true });
  if (!built.ok) {
    console.error(`build-launcher: cannot build the launcher\n${built.message}`);
    return 1;
  }
  return 0;
}

function main(argv: readonly string[]): number {
  const parsed = parseOptions(argv);
  if (!parsed.ok) {
    (parsed.exitCode === 0 ? process.stdout : process.stderr).write(parsed.text);
    return parsed.exitCode;
  }
  const { arch, runtime } = parsed.args;
  if (arch === undefined) return buildHost(resolve(parsed.args.outfile ?? join(repo, HOST_LAUNCHER)));
  if (!isArch(arch)) return 64; // yargs' `choices` already refused it
  const outfile = resolve(parsed.args.outfile ?? join(repo, launcherPath(arch)));
  mkdirSync(dirname(outfile), { recursive: true });
  const build = (rt?: string) => run(launcherBuildArgv({ bun: process.execPath, arch, outfile, runtime: rt }), { cwd: repo });

  const fromNpm = () => {
    const fetched = fetchRuntime(arch);
    return fetched.ok ? build(fetched.path) : fetched;
  };
  let built = runtime === "npm" ? fromNpm() : build(runtime && resolve(runtime));
  if (!built.ok && !runtime) {
    console.error(`${built.message}\n==> Bun's own download of the runtime failed; trying npm`);
    built = fromNpm();
  }
  if (!built.ok) {
    console.error(`build-launcher: cannot build the ${TARGETS[arch].platform} launcher\n${built.message}`);
    return 1;
  }
  console.log(`build-launcher: ${TARGETS[arch].platform} launcher in ${outfile}`);
  return 0;
}

process.exitCode = main(Bun.argv.slice(2));
