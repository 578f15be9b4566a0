// Probe: the launcher's restart path with a time mark after each module group and each step, in
// the launcher's own order (entrypoint/main.ts), compiled with the launcher's flags. Prints one
// line `mark <name> <ms since Bun's time origin>` per mark on stderr, then execve's /bin/true.
// Usage: stages <defaults dir> <mounted dir> <final dir>   (env: KAFKA_LOG_DIRS, LAUNCHER_*)
const marks: [string, number][] = [["first line", performance.now()]];
const mark = (name: string) => marks.push([name, performance.now()]);
const policy = await import("../../entrypoint/policy.ts");
mark("import policy, problems");
const { loadCatalog } = await import("../../entrypoint/catalog.ts");
mark("import catalog (json)");
await import("../../entrypoint/properties.ts");
mark("import properties (dot-properties)");
await import("../../entrypoint/validate.ts");
mark("import validate (zod/mini schemas)");
const { planConfig, planStorage } = await import("../../entrypoint/plan.ts");
mark("import plan and the rest of the core");
const { gatherInputs, gatherStorage, isExecutable } = await import("../../entrypoint/gather.ts");
const { writeConfigs } = await import("../../entrypoint/render.ts");
const { step } = await import("../../entrypoint/report.ts");
const { LAUNCHER_VERSION } = await import("../../entrypoint/version.ts");
mark("import gather, render, report, version");
const { execve } = await import("../../entrypoint/exec.ts");
mark("import exec (bun:ffi)");
const [defaultConfigsDir, mountedConfigsDir, finalConfigsDir] = process.argv.slice(2) as [string, string, string];
const env = process.env as Record<string, string>;
const paths = { defaultConfigsDir, mountedConfigsDir, finalConfigsDir, secretsDir: "/etc/kafka/secrets" };
const catalog = loadCatalog();
mark("loadCatalog()");
const gathered = gatherInputs(env, paths, catalog);
mark("gather (read files)");
const binary = env[policy.LAUNCHER_ENV.brokerBinary] || policy.IMAGE_PATHS.brokerBinary;
const plan = planConfig(gathered.inputs, { binaryPresent: isExecutable(binary), version: LAUNCHER_VERSION });
mark("plan (merge, validate, logging YAML, argv)");
step("plan", 0, "probe");
mark("report one line");
writeConfigs(plan, finalConfigsDir);
mark("render (write 3 files)");
const storage = planStorage(plan, gatherStorage(plan.storageDirs), gathered.inputs);
mark(`storage decision (${storage.action})`);
let prev = 0;
process.stderr.write(marks.map(([n, t]) => { const line = `mark\t${n}\t${t.toFixed(2)}\t${(t - prev).toFixed(2)}`; prev = t; return line; }).join("\n") + "\n");
execve("/bin/true", ["/bin/true"], env);

export {};
