// Black-box harness: runs the compiled launcher in a fresh temp folder with a literal env,
// mounted files and secrets, and snapshots the mounted folder so tests can prove it untouched.
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENV_ONLY_NODE } from "../unit/fixtures.ts";

export const ROOT = join(import.meta.dir, "../..");
export const LAUNCHER = join(ROOT, "dist/kafka-launcher");
export const DEFAULTS = join(ROOT, "resources/defaults");

if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` first (npm test does)`);

export type Setup = {
  env?: Record<string, string>;
  mounted?: Record<string, string>;
  secrets?: Record<string, string | Uint8Array>;
  /** storage dir name → meta.properties text */
  storage?: Record<string, string>;
  /** programs written into the sandbox folder, mode 755 */
  executables?: Record<string, string>;
  /** other files in the sandbox folder, the launcher's working directory */
  files?: Record<string, string>;
  /** folders made in the sandbox with these modes (e.g. a final folder another uid may write) */
  dirs?: Record<string, number>;
  /** the sandbox itself readable by every uid (for a launcher run as another user) */
  open?: boolean;
  /** args[0] is a program that runs the launcher, named {launcher} among the args (setpriv, unshare) */
  wrap?: boolean;
};

export type Run = { stdout: string; stderr: string; exitCode: number; pid: number; dir: string; mountedBefore: string; mountedAfter: string; dataBefore: string; dataAfter: string };

export function sandbox(setup: Setup): { dir: string; mounted: string; final: string; secrets: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), "launcher-"));
  const paths = { dir, mounted: join(dir, "mounted"), final: join(dir, "final"), secrets: join(dir, "secrets"), data: join(dir, "data") };
  for (const d of [paths.mounted, paths.secrets]) mkdirSync(d);
  for (const [name, text] of Object.entries(setup.mounted ?? {})) writeFileSync(join(paths.mounted, name), text);
  for (const [name, content] of Object.entries(setup.secrets ?? {})) writeFileSync(join(paths.secrets, name), content);
  for (const [name, meta] of Object.entries(setup.storage ?? {})) {
    mkdirSync(join(paths.data, name), { recursive: true });
    writeFileSync(join(paths.data, name, "meta.properties"), meta);
  }
  for (const [name, text] of Object.entries(setup.executables ?? {})) writeFileSync(join(dir, name), text, { mode: 0o755 });
  for (const [name, text] of Object.entries(setup.files ?? {})) writeFileSync(join(dir, name), text);
  for (const [name, mode] of Object.entries(setup.dirs ?? {})) {
    mkdirSync(join(dir, name), { recursive: true });
    chmodSync(join(dir, name), mode);
  }
  if (setup.open) chmodSync(dir, 0o755);
  chmodSync(paths.mounted, 0o555);
  return paths;
}

/** A hash of every file name and byte below a folder. */
export function treeHash(dir: string): string {
  const hash = createHash("sha256");
  if (!existsSync(dir)) return "absent";
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    hash.update(name);
    try {
      hash.update(readFileSync(join(dir, name)));
    } catch {
      hash.update("<dir>");
    }
  }
  return hash.digest("hex");
}

/** `args` may use {mounted} {final} {secrets} {data} {dir} {launcher} placeholders; env values too. */
export function launch(args: string[], setup: Setup = {}): Run {
  const paths = { ...sandbox(setup), launcher: LAUNCHER };
  const fill = (s: string) => s.replace(/\{(mounted|final|secrets|data|dir|launcher)\}/g, (_, k: keyof typeof paths) => paths[k]);
  const env = Object.fromEntries(Object.entries({ PATH: process.env.PATH ?? "/usr/bin:/bin", ...setup.env }).map(([k, v]) => [k, fill(v)]));
  const argv = setup.wrap ? args.map(fill) : [LAUNCHER, ...args.map(fill)];
  const mountedBefore = treeHash(paths.mounted);
  const dataBefore = treeHash(paths.data);
  const proc = Bun.spawnSync(argv, { env, cwd: paths.dir, stdout: "pipe", stderr: "pipe" });
  const run = {
    stdout: proc.stdout.toString(),
    stderr: proc.stderr.toString(),
    exitCode: proc.exitCode ?? -1,
    pid: proc.pid,
    dir: paths.dir,
    mountedBefore,
    mountedAfter: treeHash(paths.mounted),
    dataBefore,
    dataAfter: treeHash(paths.data),
  };
  chmodSync(paths.mounted, 0o755);
  return run;
}

export function cleanup(run: Run): void {
  rmSync(run.dir, { recursive: true, force: true });
}

/** A complete combined node in env (as compose files write it), its data in the sandbox. */
export const NODE_ENV = { ...ENV_ONLY_NODE, KAFKA_LOG_DIRS: "{data}/logs" };

/** An SSL listener next to the node's PLAINTEXT one, its keystore and passwords named as upstream names them. */
export const SSL_ENV = {
  KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,SSL://:9094",
  KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092,SSL://localhost:9094",
  KAFKA_SSL_KEYSTORE_FILENAME: "broker.jks",
  KAFKA_SSL_KEYSTORE_CREDENTIALS: "store_creds",
  KAFKA_SSL_KEY_CREDENTIALS: "key_creds",
};

/** A broker binary that cannot exist: if validation ever passed by mistake, nothing would start. */
export const NO_BROKER = { LAUNCHER_RUNTIME: "native", LAUNCHER_BROKER_BINARY: "/nonexistent/kafka.Kafka" };

/** The flags that point the launcher at the sandbox instead of the image paths. */
export const SANDBOX_FLAGS = ["-D", DEFAULTS, "-M", "{mounted}", "-F", "{final}", "-S", "{secrets}"];
