// Free TCP ports for brokers and containers started by the tests, the scripts and the benchmarks.
// The OS picks each port (listen on port 0), and the listening socket stays open until the caller
// hands the port over: release() right before starting the program that binds it. While a port is
// held, no other reservation on this machine (another test file, a colleague's run) can be given
// it, and a reservation of n ports never overlaps itself.
import { createServer, type Server } from "node:net";

export type Reservation = {
  readonly ports: readonly number[];
  /** Closes the held sockets; call it right before the port's new owner binds it. Idempotent. */
  release(): Promise<void>;
};

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    // No host: the wildcard address, as brokers bind (`PLAINTEXT://:port`); it also blocks 127.0.0.1.
    server.listen(0, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** `count` distinct free ports, each held by a listening socket until release(). */
export async function reservePorts(count: number): Promise<Reservation> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnAnyPort());
  } catch (e) {
    await Promise.all(servers.map(close));
    throw e;
  }
  // A held port must not keep the process alive when a test gives up before handing it over.
  for (const server of servers) server.unref();
  let released: Promise<void> | undefined;
  return {
    ports: servers.map((s) => (s.address() as { port: number }).port),
    release: () => (released ??= Promise.all(servers.map(close)).then(() => undefined)),
  };
}
