// Probe: the launcher's own start, timed from inside. Its modules are imported group by group with a
// time mark after each (lines `mark <name> <ms since Bun's time origin> <ms since the previous mark>`
// on stderr); then it runs the real pipeline, entrypoint/start.ts's start(), whose own step
// lines (`kafka-launcher: plan 1.8 ms …`) time gather + plan, render and the storage decision, and
// which ends in the execve of the broker binary (LAUNCHER_BROKER_BINARY=/bin/true in the benchmark).
// Compiled with the launcher's flags. Usage: stages <defaults dir> <mounted dir> <final dir>
const marks: [string, number][] = [["first line", performance.now()]];
const mark = (name: string) => marks.push([name, performance.now()]);
await import("../../entrypoint/core/policy.ts");
await import("../../entrypoint/core/problems.ts");
mark("import policy, problems");
await import("../../entrypoint/core/kafka/catalog.ts");
mark("import catalog (json)");
await import("../../entrypoint/core/kafka/properties.ts");
mark("import properties (dot-properties)");
await import("../../entrypoint/core/kafka/validate.ts");
mark("import validate (configdef, listeners, node)");
await import("../../entrypoint/core/plan.ts");
mark("import plan and the rest of the core (knobs: zod/mini)");
await import("../../entrypoint/edges/gather.ts");
await import("../../entrypoint/edges/render.ts");
await import("../../entrypoint/edges/report.ts");
await import("../../entrypoint/core/version.ts");
mark("import gather, render, report, version");
await import("../../entrypoint/edges/exec.ts");
mark("import exec (bun:ffi)");
const { start } = await import("../../entrypoint/start.ts");
mark("import start (child, signals, supervise)");
const [defaultConfigsDir, mountedConfigsDir, finalConfigsDir] = process.argv.slice(2) as [string, string, string];
let prev = 0;
process.stderr.write(marks.map(([n, t]) => { const line = `mark\t${n}\t${t.toFixed(2)}\t${(t - prev).toFixed(2)}`; prev = t; return line; }).join("\n") + "\n");
const paths = { defaultConfigsDir, mountedConfigsDir, finalConfigsDir, secretsDir: "/etc/kafka/secrets" };
// returns only when the start fails; on success the process is now the broker binary
process.exitCode = await start({ action: "run", paths, json: false, env: {} }, process.env as Record<string, string>);
export {}; // a module, for the top-level awaits
