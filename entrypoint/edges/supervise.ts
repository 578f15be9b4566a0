// supervise.ts — tini's job, done by the launcher when the image runs another program while the
// launcher is PID 1 (`kafka-launcher <program> …`, which the image's entrypoint uses for every program
// but the launcher itself). Testcontainers is the case that matters: it runs
// `sh -c '…; /tmp/testcontainers_start.sh'`, a bash script that calls /etc/kafka/docker/run without
// exec, so the broker is a grandchild of PID 1 and a PID-1 shell ignores `docker stop`.
//
// Modelled on krallin/tini (src/tini.c) with its -g: the program runs as a child in a process group
// of its own; SIGTERM, SIGINT and SIGHUP go to that whole group; children re-parented to PID 1 are
// reaped as they exit; the exit status is the program's (128 + n when signal n ended it); a program
// that cannot be started gives 127 (not found) or 126. One deliberate difference: after passing a
// stop on, PID 1 also waits for the rest of the group, so a broker that is a grandchild finishes its
// clean shutdown instead of being killed when PID 1 exits (the kernel kills everything then).
// The plain `docker run IMAGE` path never comes here: the broker is PID 1 itself (exec.ts).
import { readdirSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { ExecError, reapIfExited } from "./exec.ts";
import { resolveProgram } from "./which.ts";
import { sendSignal, signalExitCode, watchStops } from "./signals.ts";

/** How often to look for orphans when no SIGCHLD says so (tini wakes up once a second, too). */
const RECHECK_MS = 1000;

/** Only as PID 1, and not for an interactive terminal (`docker run -it IMAGE bash` keeps its job control). */
export function shouldSupervise(pid: number, stdinIsTerminal: boolean): boolean {
  return pid === 1 && !stdinIsTerminal;
}

/** Runs `argv` (its program found like execvp finds it) as PID 1's child; resolves with its exit status. */
export async function supervise(path: string, argv: readonly string[], env: Readonly<Record<string, string>>): Promise<number> {
  const program = resolveProgram(path, env.PATH);
  if (program === undefined) throw new ExecError(path, constants.errno.ENOENT);
  const stops = watchStops();
  let child: Bun.Subprocess;
  try {
    // detached: setsid(), so the child leads a new process group (and session) that a stop reaches whole
    child = Bun.spawn([program, ...argv.slice(1)], { argv0: argv[0], env: { ...env }, stdio: ["inherit", "inherit", "inherit"], detached: true });
  } catch (e) {
    stops.release();
    throw new ExecError(program, constants.errno[(e as NodeJS.ErrnoException).code as keyof typeof constants.errno] ?? constants.errno.ENOEXEC);
  }
  const group = child.pid;
  stops.forwardTo(-group);
  const reaper = watchOrphans(group);
  try {
    await child.exited;
    const status = child.signalCode ? signalExitCode(child.signalCode) : (child.exitCode ?? 1);
    if (await stops.settle()) await reaper.untilGroupGone();
    return status;
  } finally {
    reaper.stop();
    stops.release();
  }
}

type Reaper = { untilGroupGone(): Promise<void>; stop(): void };

/**
 * Reaps every exited child of this process except `group`'s leader (Bun.spawn collects that one),
 * on each SIGCHLD and once a second. untilGroupGone resolves when no process of the group is left.
 */
function watchOrphans(group: number): Reaper {
  let wake: () => void = () => {};
  const sweep = () => {
    for (const pid of exitedChildren(process.pid)) if (pid !== group) reapIfExited(pid);
    wake();
  };
  process.on("SIGCHLD", sweep);
  const timer = setInterval(sweep, RECHECK_MS);
  return {
    async untilGroupGone() {
      while (sendSignal(-group, 0)) await new Promise<void>((resolve) => (wake = resolve));
    },
    stop() {
      process.off("SIGCHLD", sweep);
      clearInterval(timer);
    },
  };
}

/** Zombies whose parent is `parent`, from /proc/<pid>/stat ("pid (comm) state ppid …"). */
function exitedChildren(parent: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "latin1");
    } catch {
      continue; // gone meanwhile
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z" && Number(ppid) === parent) found.push(Number(name));
  }
  return found;
}
