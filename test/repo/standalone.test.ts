// The repository stands alone: a clone is all anyone needs to read, build and test it. No file names a
// path outside it (the folder the project was once briefed from, or a path on some machine), and every
// relative link in its Markdown leads to a file inside it. Files are what git has or would add.
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { run } from "../../scripts/lib/run.ts";

const ROOT = resolve(import.meta.dir, "../..");

function repositoryFiles(): string[] {
  const listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT });
  if (!listed.ok) throw new Error(listed.message);
  return listed.stdout.split("\0").filter((f) => f && existsSync(join(ROOT, f)));
}

/** Text files only: a NUL byte marks the others. */
function texts(): Array<{ file: string; text: string }> {
  return repositoryFiles()
    .map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }))
    .filter(({ text }) => !text.includes("\0"));
}

/** Written so that this file does not match itself. */
const OUTSIDE = [
  { what: "the shared folder beside the repository", pattern: /\.\.\/shared\b/ },
  // a relative path that starts with the folder's name, as if it were here (docker/shared and /mnt/shared do not)
  { what: "the shared folder, named as if it were here", pattern: /(?<![\w./-])shared\// },
  { what: "a path on the machine the project was built on", pattern: /\/work\// },
];

function outsideReferences(line: string): string[] {
  return OUTSIDE.filter((o) => o.pattern.test(line)).map((o) => o.what);
}

describe("the repository stands alone", () => {
  const files = texts();

  test("it has files to check, docs/ and the generators of its tables among them", () => {
    expect(files.map((f) => f.file)).toEqual(expect.arrayContaining(["README.md", "docs/CONTRACT.md", "docs/benchmarks.md", "bench/image.ts", "entrypoint/main.ts"]));
  });

  // braces keep this file from matching itself; they are dropped before the line is checked
  test.each([
    ["its table is empty in the copy in {shared}/", ["the shared folder, named as if it were here"]],
    ["see ../{shared}/style.md", ["the shared folder beside the repository"]],
    ["`{shared}/kip-974.txt`", ["the shared folder, named as if it were here"]],
    ["read /{work}/main/README.md", ["a path on the machine the project was built on"]],
    ["mount it at /mnt/shared/config/server.properties", []],
    ["COPY docker/shared/image/ /", []],
    ["2 shared vCPUs; shared spaces", []],
  ])("%j names %j", (line, found) => {
    expect(outsideReferences(line.replace(/[{}]/g, ""))).toEqual(found);
  });

  test("no file names a path outside the repository", () => {
    const found = files.flatMap(({ file, text }) => text.split("\n").flatMap((line, i) => outsideReferences(line).map((what) => `${file}:${i + 1}: ${what}: ${line.trim()}`)));
    expect(found).toEqual([]);
  });

  test("every relative Markdown link leads to a file inside the repository", () => {
    const broken: string[] = [];
    for (const { file, text } of files.filter((f) => f.file.endsWith(".md"))) {
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target!)) continue; // https:, mailto:, an anchor in the same page
        const path = resolve(ROOT, dirname(file), decodeURI(target!.replace(/#.*$/, "")));
        const inside = !relative(ROOT, path).startsWith("..");
        if (!inside || !existsSync(path)) broken.push(`${file}: ${target} (${inside ? "missing" : "outside the repository"})`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("the contract the code cites is in the repository, and says where it is cited", () => {
    const contract = files.find((f) => f.file === "docs/CONTRACT.md")!.text;
    const sections = [...contract.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(sections).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const cited = new Set(files.flatMap(({ text }) => [...text.matchAll(/contract (?:§|section )(\d+)/g)].map((m) => Number(m[1]))));
    expect([...cited].filter((n) => !sections.includes(n))).toEqual([]);
  });
});
