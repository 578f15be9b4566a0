// How the launcher is compiled: for this machine (`npm run build` → dist/kafka-launcher) and for each
// Linux architecture of the image. Pure: argv as data, so scripts/build-launcher.ts runs it and
// scripts/release.ts prints it; the flags are written here only.
//
// Cross-compiling needs the Bun runtime of the target. `bun build --compile --target=…` downloads it
// from the npm registry (package @oven/bun-linux-aarch64 for arm64, the same bytes as that package's
// bin/bun) into ~/.bun/install/cache. Where that download is not possible, the same package fetched
// with npm is passed as --compile-executable-path (scripts/build-launcher.ts does this by itself).

export const ARCHES = ["amd64", "arm64"] as const;
export type Arch = (typeof ARCHES)[number];

export const ENTRYPOINT = "entrypoint/main.ts";

/** Docker's architecture name → Bun's --target and the npm package holding that runtime. */
export const TARGETS: Readonly<Record<Arch, { bunTarget: string; npmPackage: string; platform: string }>> = {
  amd64: { bunTarget: "bun-linux-x64", npmPackage: "@oven/bun-linux-x64", platform: "linux/amd64" },
  arm64: { bunTarget: "bun-linux-arm64", npmPackage: "@oven/bun-linux-aarch64", platform: "linux/arm64" },
};

/** Where each architecture's launcher goes; the native Dockerfile picks one by $TARGETARCH. */
export function launcherPath(arch: Arch): string {
  return `dist/linux-${arch}/kafka-launcher`;
}

export function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value);
}

/** The flags of every launcher build (`npm run build`, the release, the benchmark variants). --splitting puts yargs (cli.ts, only with
 * arguments) and health.ts in chunks of their own, so the image's no-argument start never loads them
 * (in the image 14.9 → 12.8 ms, docs/benchmarks.md table 1). No autoloading: a `.env` or `bunfig.toml` in the container's
 * working directory must not change the broker's configuration. JIT policy 100: the launcher runs
 * each function a handful of times, so tiering up is pure cost (in the image 14.5 → 12.8 ms). */
export const BUILD_FLAGS = [
  "--compile", "--minify", "--bytecode", "--format=esm", "--splitting", "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig", "--compile-jit-policy=100",
];

/** Where `npm run build` puts this machine's launcher (tests, `npm start`, the local image). */
export const HOST_LAUNCHER = "dist/kafka-launcher";

/**
 * The `bun build` argv; `bun` is the command that runs Bun (node_modules/.bin/bun, or process.execPath).
 * Without `arch` it is a build for this machine, on the runtime that runs the build (no --target).
 */
export function launcherBuildArgv(opts: { bun: string; arch?: Arch; outfile: string; runtime?: string }): string[] {
  const argv = [opts.bun, "build", ...BUILD_FLAGS];
  if (opts.arch) argv.push(`--target=${TARGETS[opts.arch].bunTarget}`);
  if (opts.runtime) argv.push(`--compile-executable-path=${opts.runtime}`);
  argv.push(ENTRYPOINT, "--outfile", opts.outfile);
  return argv;
}
