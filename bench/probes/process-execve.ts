// Probe: a Bun-compiled binary that only execve's its first argument with Node's process.execve
// (Bun 1.4 has it), no bun:ffi.
const target = process.argv[2] ?? "/bin/true";
process.execve!(target, [target], { ...process.env } as Record<string, string>);
