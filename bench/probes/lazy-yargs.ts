// Probe: yargs in the bundle behind a dynamic import that never runs (as in the launcher's cli.ts
// when there are no arguments): what its mere presence in the compiled binary costs.
if (process.argv.length > 99) await import("yargs");

export {};
