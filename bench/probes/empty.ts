// Probe: a Bun-compiled binary that does nothing (the runtime's own start and exit).
export {};
