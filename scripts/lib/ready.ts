// When a broker is ready: when it answers the Kafka protocol, never when a log line appears. Kafka's
// "Transitioning from RECOVERY to RUNNING" can come before its client listener accepts: a client
// started on that line was seen turned away here ("Disconnected while requesting ApiVersion").
// Ready is a metadata request through the listener whose answer lists the broker that answered: the
// listener accepts, the request is served, and that broker is unfenced (a metadata answer lists the
// unfenced brokers only; in a cluster it may list the others first). kcat makes the request, so SSL
// and SASL listeners work with the client's own -X options.
import { capture } from "./run.ts";

export type ReadyOptions = {
  /** kcat options for the listener, e.g. ["-X", "security.protocol=ssl", …]. */
  client?: readonly string[];
  /** The node id to look for; by default the answering broker's, when kcat can tell (see askMetadata). */
  node?: number;
  timeoutMs: number;
  /** Why waiting is pointless (the process or container is gone), else undefined; asked before each attempt. */
  gone?: () => Promise<string | undefined> | string | undefined;
  /** Settles when the broker's process ends, so an attempt in flight does not outlive it. */
  exited?: Promise<unknown>;
};

/** Seconds kcat waits for one metadata answer: librdkafka reconnects by itself meanwhile. */
const ATTEMPT_S = 3;
/** Pause after an answer that does not list its broker yet (still fenced), so the poll does not spin. */
const POLL_MS = 250;

type Attempt = { listed: boolean; detail: string };

async function askMetadata(bootstrap: string, client: readonly string[], node: number | undefined): Promise<Attempt> {
  const argv = ["kcat", "-L", "-J", "-b", bootstrap, "-m", String(ATTEMPT_S), ...client];
  const r = await capture(argv, { timeoutMs: (ATTEMPT_S + 30) * 1000 });
  if (r.exitCode !== 0) return { listed: false, detail: r.stderr.trim().split("\n").at(-1) ?? `kcat exit ${r.exitCode}` };
  // kcat -J: {"originating_broker":{"id":1,…},"brokers":[{"id":1,"name":"localhost:9092"}],…}. The
  // answering broker's id is -1 when the bootstrap address is not one it advertises (a published
  // port, 127.0.0.1 for localhost): then, with no `node` given, any broker listed will do.
  const answer = JSON.parse(r.stdout) as { originating_broker?: { id?: number }; brokers?: Array<{ id?: number }> };
  const brokers = answer.brokers ?? [];
  const self = node ?? answer.originating_broker?.id ?? -1;
  const listed = self < 0 ? brokers.length > 0 : brokers.some((b) => b.id === self);
  return { listed, detail: listed ? "" : `the answer does not list ${self < 0 ? "any broker" : `broker ${self}`} yet (fenced)` };
}

/** Resolves once a metadata request through `bootstrap` lists the broker that answered (or `node`); rejects when `gone` says so or time is up. */
export async function waitForMetadata(bootstrap: string, opts: ReadyOptions): Promise<void> {
  const deadline = performance.now() + opts.timeoutMs;
  let ended = false;
  const exited = opts.exited?.then(() => {
    ended = true;
  });
  let last = "no attempt yet";
  for (;;) {
    const why = (await opts.gone?.()) ?? (ended ? "its process exited" : undefined);
    if (why) throw new Error(`${bootstrap} will not answer: ${why} (last metadata attempt: ${last})`);
    if (performance.now() > deadline) throw new Error(`${bootstrap}: no metadata answer listing a broker within ${opts.timeoutMs} ms (last: ${last})`);
    const asked = askMetadata(bootstrap, opts.client ?? [], opts.node);
    const attempt = await (exited ? Promise.race([asked, exited]) : asked);
    if (!attempt) continue; // the process ended: the next round says why
    if (attempt.listed) return;
    last = attempt.detail;
    if (last.includes("fenced")) await Bun.sleep(POLL_MS); // a poll interval between answers, not a wait for time
  }
}
