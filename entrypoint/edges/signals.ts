// signals.ts — edge: the stop signals the launcher obeys while it is still the launcher. As PID 1 in
// a container the kernel delivers only the signals a process has a handler for (pid_namespaces(7)):
// without these handlers `docker stop` during the storage format is ignored, the broker starts anyway,
// and docker kills the container at the end of its timeout (exit 137). With them, a stop goes on to
// the child that runs (the format, or the program of supervise.ts) and the launcher ends with the
// shell's status for it, 128 + the signal's number.
import { constants } from "node:os";
import { gatherStorage } from "./gather.ts";
import { say } from "./report.ts";

export const STOP_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** How a shell (and tini) reports a process ended by `signal`: 143 for SIGTERM, 130 for SIGINT. */
export function signalExitCode(signal: NodeJS.Signals | number): number {
  return 128 + (typeof signal === "number" ? signal : constants.signals[signal]);
}

export type StopWatch = {
  /** The first stop signal whose handler has run. */
  readonly first: StopSignal | undefined;
  /** Where the stop signals go from now on: a pid, -pgid for a whole process group, or nowhere. */
  forwardTo(target: number | undefined): void;
  /** Lets the handlers of signals that already arrived run, then says whether any did. */
  settle(): Promise<StopSignal | undefined>;
  /** Takes the handlers away again (execve would reset them anyway). */
  release(): void;
};

/** Installs the handlers; each stop is remembered and, when there is a target, passed on to it. */
export function watchStops(): StopWatch {
  let first: StopSignal | undefined;
  let target: number | undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      first ??= signal;
      if (target !== undefined) sendSignal(target, signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get first() {
      return first;
    },
    forwardTo(next) {
      target = next;
      if (first !== undefined && next !== undefined) sendSignal(next, first); // a stop that came before the child
    },
    async settle() {
      await new Promise((resolve) => setImmediate(resolve));
      return first;
    },
    release() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/** kill(2); a target that is already gone (ESRCH) is no error: it stopped on its own. */
export function sendSignal(target: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
}

/**
 * The launcher's last words when a stop came before the broker started: which signal, and what the
 * storage holds now. Kafka's format writes each dir's meta.properties last, by rename, so every dir is
 * formatted or not; a start after this one formats the rest (--ignore-formatted) or skips the format.
 */
export function stoppedBeforeBroker(signal: StopSignal, storageDirs: readonly string[], formatEnded?: string): number {
  const formatted = gatherStorage(storageDirs).filter((d) => d.meta.kind === "present").length;
  const format = formatEnded ? ` (the storage format it passed ${signal} on to ended ${formatEnded})` : "";
  say(`stopped by ${signal} before the broker started${format}; storage: ${formatted} of ${storageDirs.length} dir(s) formatted, the next start goes on from there`);
  return signalExitCode(signal);
}
