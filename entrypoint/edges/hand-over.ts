// Edge: the process is handed over: execve (the program takes this PID), or, as PID 1 for a program that is not
// the broker, supervise.ts (this PID stays as init for it). A failure is a problem, printed, whose fix fits what
// was run: the broker, or the user's own program.
import { execProblem, execve, ExecError } from "./exec.ts";
import { failWith } from "./report.ts";
import type { Command } from "../core/runtime.ts";
import type { supervise } from "./supervise.ts";

export async function handOver(cmd: Command, what: "broker" | "program", run: typeof supervise = execve): Promise<number> {
  try {
    return await run(cmd.path, cmd.argv, cmd.env);
  } catch (e: unknown) {
    if (!(e instanceof ExecError)) throw e;
    return failWith([execProblem(e, what)]);
  }
}
