// The layout of entrypoint/ is the architecture (docs/ARCHITECTURE.md), held by its imports:
// - core/ is pure: it imports only core/ and a few pure packages, and touches no process, file, socket,
//   clock or output (no process, Bun but Bun.YAML's parser, console, performance, Date, timers);
// - cli/ turns argv into a command as data: core/, cli/ and yargs only, pure too;
// - edges/ do the I/O: they may use core/ and each other, never a command or cli/;
// - the commands at the top use everything, but not each other (main.ts and commands.ts dispatch to them);
// - no file imports itself back through any chain of imports, type-only imports included.
// Imports are read with a small lexer that skips comments and string, template and regex literals, so that a
// word in a message ("process.roles") is not taken for code.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");
const ENTRYPOINT = join(ROOT, "entrypoint");

type Source = { file: string; code: string; imports: string[] };

/** Every .ts file under `dir`, relative to entrypoint/. */
function files(dir = ENTRYPOINT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith(".ts") ? [relative(ENTRYPOINT, path)] : [];
  });
}

const REGEX_MAY_FOLLOW = new Set([..."(,=:[!&|?{};+-*%<>~^"]);
const REGEX_AFTER_WORD = /\b(return|typeof|case|in|of|delete|void|throw|new|else|do|yield|await)$/;

/**
 * The code with comments removed and every string, template and regex literal's text replaced by `"<n>"`,
 * the literals themselves by n (template expressions stay code).
 */
export function lex(text: string): { code: string; literals: string[] } {
  const literals: string[] = [];
  let code = "";
  let i = 0;
  const templates: number[] = []; // brace depth at which each open template's ${ … } began
  let depth = 0;
  const keep = (literal: string) => {
    code += `"<${literals.length}>"`;
    literals.push(literal);
  };
  const template = () => {
    // from just after ` (or a closing }) to the next ${ or the closing `
    let literal = "";
    for (; i < text.length; i++) {
      if (text[i] === "\\") literal += text[i++]! + (text[i] ?? "");
      else if (text[i] === "`") return (i++, keep(literal));
      else if (text[i] === "$" && text[i + 1] === "{") {
        keep(literal);
        templates.push(depth++);
        code += "${";
        i += 2;
        return;
      } else literal += text[i];
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      i = text.indexOf("*/", i + 2) + 2;
      if (i === 1) i = text.length;
    } else if (c === '"' || c === "'") {
      let literal = "";
      for (i++; i < text.length && text[i] !== c; i++) literal += text[i] === "\\" ? text[i++]! + text[i] : text[i];
      i++;
      keep(literal);
    } else if (c === "`") {
      i++;
      template();
    } else if (c === "}" && templates.length && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      code += "}";
      i++;
      template();
    } else if (c === "/" && regexMayStart(code)) {
      let literal = "";
      let inClass = false;
      for (i++; i < text.length && (inClass || text[i] !== "/"); i++) {
        if (text[i] === "\\") literal += text[i++];
        else if (text[i] === "[") inClass = true;
        else if (text[i] === "]") inClass = false;
        literal += text[i];
      }
      i++;
      while (/[a-z]/.test(text[i] ?? "")) i++; // flags
      keep(literal);
    } else {
      if (c === "{") depth++;
      if (c === "}") depth--;
      code += c;
      i++;
    }
  }
  return { code, literals };
}

function regexMayStart(code: string): boolean {
  const before = code.trimEnd();
  return before === "" || REGEX_MAY_FOLLOW.has(before[before.length - 1]!) || REGEX_AFTER_WORD.test(before);
}

const IMPORT = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*"<(\d+)>"/g;

function read(file: string): Source {
  const { code, literals } = lex(readFileSync(join(ENTRYPOINT, file), "utf8"));
  const imports = [...code.matchAll(IMPORT)].map((m) => literals[Number(m[1])]!);
  return { file, code, imports };
}

/** A relative import as a file under entrypoint/ (or outside it, as ../…); a package as itself. */
function target(from: string, spec: string): string {
  return spec.startsWith(".") ? relative(ENTRYPOINT, resolve(ENTRYPOINT, dirname(from), spec)) : spec;
}

type Layer = "core" | "cli" | "edges" | "command";

function layerOf(file: string): Layer {
  const top = file.split("/")[0]!;
  return top === "core" || top === "cli" || top === "edges" ? top : "command";
}

/** Outside entrypoint/: the files compiled in (the catalog, the version pins) and the packages each layer may use. */
const RESOURCES = /^\.\.\/(resources\/.*\.(json|xml)|package\.json)$/;
const PURE_PACKAGES = ["node:path", "dot-properties", "zod/mini"];
/** The files that dispatch to the commands: the entry, and the table of every command but the HEALTHCHECK's. */
const DISPATCHERS = ["main.ts", "commands.ts"];
const ALLOWED: Record<Layer, (to: string, from: string) => boolean> = {
  core: (to) => layerOf(to) === "core" || PURE_PACKAGES.includes(to) || RESOURCES.test(to),
  cli: (to) => ["core", "cli"].includes(layerOf(to)) || to === "yargs" || RESOURCES.test(to),
  edges: (to) => ["core", "edges"].includes(layerOf(to)) || !to.includes("/") || to.startsWith("node:") || to.startsWith("bun"),
  command: (to, from) => DISPATCHERS.includes(from) || layerOf(to) !== "command" || to.startsWith("node:") || to.startsWith("bun") || !to.endsWith(".ts"),
};

/** What a pure module must not touch: the process, Bun's runtime (its YAML parser aside), output, time. */
const IMPURE: [RegExp, string][] = [
  [/\bprocess\s*\./, "process"],
  [/\bBun\s*\.\s*(?!YAML\b)\w+/, "Bun's runtime"],
  [/\bconsole\s*\./, "console"],
  [/\bperformance\s*\./, "the clock (performance)"],
  [/\bDate\s*\.\s*now\b|\bnew\s+Date\b/, "the clock (Date)"],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, "timers"],
  [/\bfetch\s*\(/, "the network"],
];

/** Every cycle of the graph, each once, as a path that ends where it starts (Tarjan's components, then a walk). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = ""; w !== v; ) {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(pathWithin(graph, new Set(component), component.sort()[0]!));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One way around a strongly connected component, from `start` back to it. */
function pathWithin(graph: Map<string, string[]>, members: Set<string>, start: string): string[] {
  const seen = new Map<string, string>([[start, ""]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of (graph.get(v) ?? []).filter((x) => members.has(x))) {
      if (w === start) {
        const path = [v];
        for (let u = v; u !== start; ) path.unshift((u = seen.get(u)!));
        return [...path, start];
      }
      if (!seen.has(w)) seen.set(w, v), queue.push(w);
    }
  }
  return [start, start];
}

describe("entrypoint/'s layout is its architecture", () => {
  const sources = files().map(read);
  const graph = new Map(sources.map((s) => [s.file, s.imports.map((i) => target(s.file, i)).filter((t) => t.endsWith(".ts") && !t.startsWith(".."))]));

  test("the lexer sees imports and code, not comments or literals", () => {
    const { code, literals } = lex('// import "a"\nconst s = "process.exit()"; /* console.log */ const r = /["\']/g; const t = `x ${f("y")} z`;\nimport type { T } from "./t.ts";');
    expect(code).toBe('\nconst s = "<0>";  const r = "<1>"; const t = "<2>"${f("<3>")}"<4>";\nimport type { T } from "<5>";');
    expect(literals).toEqual(["process.exit()", '["\']', "x ", "y", " z", "./t.ts"]);
  });

  test("it has the layers: core, cli, edges and the commands", () => {
    const count = (layer: Layer) => sources.filter((s) => layerOf(s.file) === layer).length;
    expect([count("core") > 20, count("cli") > 0, count("edges") > 5, sources.some((s) => s.file === "main.ts")]).toEqual([true, true, true, true]);
  });

  test("no import cycle anywhere, type-only imports included", () => {
    expect(cycles(graph).map((c) => c.join(" → "))).toEqual([]);
  });

  test("each layer imports only what it may: core and cli nothing of the edges or the commands, edges no command", () => {
    const wrong = sources.flatMap((s) => s.imports.map((i) => target(s.file, i)).filter((t) => !ALLOWED[layerOf(s.file)](t, s.file)).map((t) => `${s.file} imports ${t}`));
    expect(wrong).toEqual([]);
  });

  test("core and cli touch no process, output, clock or network", () => {
    const wrong = sources.filter((s) => ["core", "cli"].includes(layerOf(s.file))).flatMap((s) => IMPURE.filter(([pattern]) => pattern.test(s.code)).map(([, what]) => `${s.file} uses ${what}`));
    expect(wrong).toEqual([]);
  });

  test("main.ts is the only file that reads process.argv or process.env, or exits", () => {
    const readers = sources.filter((s) => /\bprocess\s*\.\s*(argv|env|exit)\b/.test(s.code)).map((s) => s.file);
    expect(readers).toEqual(["main.ts"]);
  });
});
