import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCAL_RULES } from "../../src/learners/rules.js";

const ROOT = resolve(__dirname, "../..");
const SRC = join(ROOT, "src");

/** Every .ts file under `dir`, relative to the project root. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith(".ts") ? [relative(ROOT, p)] : [];
  });
}

/** The project files a module imports (static, dynamic and type-only), relative to the root. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)["'](\.[^"']+)["']/gm)].map((m) => m[1]);
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, ".ts"));
}

const files = tsFiles(SRC);
const graph = new Map(files.map((f) => [f, imports(f).filter((i) => i.startsWith("src/"))]));

describe("the layers of src/ (DESIGN: imports only point down the data flow)", () => {
  it("every import resolves to a file", () => {
    const missing = [...graph].flatMap(([f, list]) => list.filter((i) => !graph.has(i)).map((i) => `${f} → ${i}`));
    expect(missing).toEqual([]);
  });

  it("has no import cycle (no module pair, or longer loop, importing each other)", () => {
    // Tarjan's strongly connected components: any component of two or more files is a cycle.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const on = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      on.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          on.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) cycles.push(comp.sort());
      }
    };
    for (const f of files) if (!idx.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("nothing below the runner imports src/runner/ or src/cli/", () => {
    const above = (f: string) => f.startsWith("src/runner/") || f.startsWith("src/cli/") || f === "src/index.ts" || f === "src/node.ts";
    const bad = [...graph].flatMap(([f, list]) => (above(f) ? [] : list.filter((i) => above(i)).map((i) => `${f} → ${i}`)));
    expect(bad).toEqual([]);
  });

  it("a local rule is one folder: only the rule registry imports it (and the package's public exports may)", () => {
    const folders = files.filter((f) => /^src\/learners\/[^/]+\/rule\.ts$/.test(f)).map((f) => dirname(f) + "/");
    expect(folders.length).toBe(LOCAL_RULES.length);
    for (const folder of folders) {
      const users = [...graph].filter(([f, list]) => !f.startsWith(folder) && list.some((i) => i.startsWith(folder))).map(([f]) => f);
      expect(users.filter((f) => f !== "src/index.ts"), folder).toEqual(["src/learners/rules.ts"]);
    }
  });
});
