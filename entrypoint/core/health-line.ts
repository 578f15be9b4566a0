// The header line of the rendered server.properties that names the listener `health` asks: written by the plan
// (plan.ts, from the listener health-target.ts chooses), read by the health command, so that a check reads one
// line instead of parsing the file. The format's one home. Pure.

/** A listener to ask, and what to call it in a verdict. */
export type Target = { host: string; port: number; what: string };

const TARGET_LINE = "health asks";

/** `health asks HOST:PORT (WHAT)`: a comment line of the rendered file's header. */
export function targetLine(target: Target): string {
  return `${TARGET_LINE} ${hostPort(target)} (${target.what})`;
}

/** The listener the header names; undefined when no header line names one (a file from elsewhere). */
export function readTargetLine(text: string): Target | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) return undefined;
    const m = /^# health asks \[?(.*?)\]?:(\d+) \((.*)\)\s*$/.exec(line);
    if (m) return { host: m[1]!, port: Number(m[2]), what: m[3]! };
  }
  return undefined;
}

/** host:port, an IPv6 host in brackets. */
export function hostPort(target: { host: string; port: number }): string {
  return `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
}
