// `npm start`: a single-node Kafka broker on localhost:9092, started through the launcher with the
// image's default configuration (resources/defaults), broker logs on stdout. The data lives in a
// temporary folder removed when the broker stops, or, with KAFKA_LOG_DIRS set, there: env wins, as in
// the image, and that folder is never removed, so a restart finds it (the launcher then skips the
// format, and refuses another CLUSTER_ID). Ctrl-C (or SIGTERM) stops the broker cleanly; a second
// Ctrl-C kills it.
//
// Steps: set-up → ports → folders → launcher (which execve's the broker, so the child *is* the broker)
// → wait. KAFKA_LOG_DIRS is not a structural key, so the image defaults still apply (contract §3).
// Anything else in your environment reaches the launcher as it would in the image
// (e.g. `KAFKA_NUM_PARTITIONS=3 npm start`).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = join(import.meta.dir, "..");
const LAUNCHER = join(ROOT, "dist/kafka-launcher");
const PORTS = [9092, 9093]; // the defaults' client and controller listeners
/** Between two health checks while the broker is not answering yet: a poll interval, not a wait for time. */
const POLL_MS = 200;

const say = (message: string) => process.stderr.write(`start: ${message}\n`);

/** 1. Set-up: Kafka's jars and the dispatcher, and dist/kafka-launcher when missing or older than its sources (idempotent, quick when done). */
function setUp(): number {
  const setup = Bun.spawnSync(["bash", join(ROOT, "scripts/setup.sh"), "broker", "launcher"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (setup.exitCode !== 0) say(`set-up failed (exit ${setup.exitCode}): bash scripts/setup.sh broker launcher`);
  return setup.exitCode ?? 70;
}

/** 2. The default config listens on 9092 and 9093: say so plainly if something already does. */
async function busyPorts(): Promise<number[]> {
  const busy: number[] = [];
  for (const port of PORTS) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, () => server.close(() => resolve(true)));
    });
    if (!free) busy.push(port);
  }
  return busy;
}

type Folders = { root: string; data: string; kept: boolean; config: string; mounted: string; secrets: string };

/**
 * 3. Folders: final configs and empty mounted/secrets folders (so nothing of /mnt or /etc is read) in a
 * temporary folder; the data there too, unless KAFKA_LOG_DIRS names it (relative to where npm was
 * run: npm sets INIT_CWD).
 */
function makeFolders(env: NodeJS.ProcessEnv): Folders {
  const root = mkdtempSync(join(tmpdir(), "kafka-start-"));
  const base = env.INIT_CWD ?? process.cwd();
  const asked = env.KAFKA_LOG_DIRS?.split(",").map((d) => d.trim()).filter(Boolean) ?? [];
  const data = asked.length ? asked.map((d) => resolve(base, d)).join(",") : join(root, "data");
  const dirs = { root, data, kept: asked.length > 0, config: join(root, "config"), mounted: join(root, "mounted"), secrets: join(root, "secrets") };
  for (const d of [dirs.config, dirs.mounted, dirs.secrets]) mkdirSync(d);
  return dirs;
}

/** Says "running" once `kafka-launcher health` gets an ApiVersions answer on localhost:9092; nothing if the broker ends first. */
async function announceWhenAnswering(started: number, ended: Promise<boolean>): Promise<void> {
  let gone = false;
  void ended.then(() => (gone = true));
  while (!gone) {
    const check = Bun.spawn([LAUNCHER, "health", "--bootstrap", "localhost:9092", "--timeout", "2000"], { stdout: "ignore", stderr: "ignore", stdin: "ignore" });
    if ((await check.exited) === 0) {
      if (!gone) say(`broker running on localhost:9092 after ${((performance.now() - started) / 1000).toFixed(1)} s; try: kcat -b localhost:9092 -L   (Ctrl-C stops it)`);
      return;
    }
    await Promise.race([Bun.sleep(POLL_MS), ended]);
  }
}

async function main(): Promise<number> {
  const setupCode = setUp();
  if (setupCode !== 0) return setupCode;

  const busy = await busyPorts();
  if (busy.length) {
    say(`port ${busy.join(" and ")} already in use (another Kafka?): stop it first, e.g. find it with \`ss -ltnp 'sport = :${busy[0]}'\``);
    return 1;
  }

  const dirs = makeFolders(process.env);
  if (dirs.kept) say(`data in ${dirs.data} (KAFKA_LOG_DIRS: kept when the broker stops); configs in ${dirs.root} (removed)`);
  else say(`data and configs in ${dirs.root} (removed when the broker stops; set KAFKA_LOG_DIRS to keep the data)`);

  // 4. The launcher, in its own process group: Ctrl-C reaches this script only, which forwards it once.
  const broker = Bun.spawn(
    [LAUNCHER, "run", "-D", join(ROOT, "resources/defaults"), "-M", dirs.mounted, "-F", dirs.config, "-S", dirs.secrets],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LAUNCHER_RUNTIME: process.env.LAUNCHER_RUNTIME ?? "jvm",
        LAUNCHER_CLASSPATH: process.env.LAUNCHER_CLASSPATH ?? `${join(ROOT, "build/kafka/libs")}/*`,
        KAFKA_LOG_DIRS: dirs.data,
      },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "inherit",
      detached: true,
    },
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (broker.exitCode !== null || broker.signalCode !== null) return;
    if (stopping) {
      say("killing the broker (SIGKILL)");
      broker.kill("SIGKILL");
      return;
    }
    stopping = true;
    say(`${signal}: stopping the broker cleanly (Ctrl-C again to kill it)`);
    broker.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));

  // 5. Broker logs go to stdout as they come; running is announced once the broker answers the protocol
  // (its RUNNING log line comes a few milliseconds before the client listener accepts).
  const started = performance.now();
  const ended = broker.exited.then(() => true);
  void announceWhenAnswering(started, ended);
  for await (const chunk of broker.stdout) process.stdout.write(chunk);

  await broker.exited;
  rmSync(dirs.root, { recursive: true, force: true });
  const removed = dirs.kept ? `temporary configs removed, data kept in ${dirs.data}` : "temporary folder removed";
  const code = broker.exitCode ?? 128 + (broker.signalCode === "SIGKILL" ? 9 : 15);
  // The JVM exits 128+signal after its shutdown hooks: that is the clean stop we asked for.
  if (stopping && (code === 0 || code === 130 || code === 143)) {
    say(`broker stopped; ${removed}`);
    return 0;
  }
  say(`broker exited with ${broker.signalCode ?? `code ${code}`}; ${removed}`);
  return code;
}

process.exitCode = await main();
