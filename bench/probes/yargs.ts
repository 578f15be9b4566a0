// Probe: module evaluation of yargs (the launcher evaluates it only when it is given arguments).
const { default: yargs } = await import("yargs");
if (typeof yargs !== "function") process.exit(1);

export {};
