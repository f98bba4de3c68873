import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_KINDS } from "../../src/kinds/registry.js";

const ROOT = resolve(__dirname, "../..");
const SRC = join(ROOT, "src");

/** Every TypeScript file under `dir` (AssemblyScript kernels under an `assembly/` folder are not TypeScript), relative to the root. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "assembly" ? [] : tsFiles(p);
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

/**
 * The floors of src/, bottom up, following the data flow (ARCHITECTURE.md): a file may import its
 * own floor and the floors below, never one above. Each floor is a list of folders (ending in `/`)
 * and files.
 */
const FLOORS: [string, string[]][] = [
  ["plumbing", ["src/host.ts", "src/files.ts", "src/progress.ts", "src/rng.ts", "src/configPath.ts"]],
  ["wasm", ["src/wasm/"]],
  ["tfjs", ["src/tf.ts"]],
  ["kernels", ["src/kernels/"]],
  ["data", ["src/data/"]],
  ["pictures", ["src/report/"]],
  ["models", ["src/models/"]],
  ["analysis", ["src/analysis/"]],
  ["regularizers", ["src/regularizers/"]],
  ["training", ["src/training/"]],
  ["kinds", ["src/kinds/"]],
  ["attacks", ["src/attacks/"]],
  ["runner", ["src/runner/"]],
  ["front ends", ["src/cli/", "src/index.ts", "src/node.ts"]],
];

function floorOf(f: string): number {
  const i = FLOORS.findIndex(([, parts]) => parts.some((p) => (p.endsWith("/") ? f.startsWith(p) : f === p)));
  if (i < 0) throw new Error(`${f} is on no floor of FLOORS: add it where its imports put it`);
  return i;
}

describe("the layers of src/ (DESIGN: imports only point down the data flow)", () => {
  it("every import resolves to a file", () => {
    const missing = [...graph].flatMap(([f, list]) => list.filter((i) => !graph.has(i)).map((i) => `${f} → ${i}`));
    expect(missing).toEqual([]);
  });

  it("every file is on a floor, and imports only its own floor and those below", () => {
    const up = [...graph].flatMap(([f, list]) =>
      list.filter((i) => floorOf(i) > floorOf(f)).map((i) => `${f} (${FLOORS[floorOf(f)][0]}) → ${i} (${FLOORS[floorOf(i)][0]})`),
    );
    expect(up).toEqual([]);
  });

  it("the floor test catches an import that runs up (a file of kinds importing the runner)", () => {
    expect(floorOf("src/runner/train.ts")).toBeGreaterThan(floorOf("src/kinds/registry.ts"));
    expect(floorOf("src/models/types.ts")).toBeLessThan(floorOf("src/attacks/evaluate.ts"));
    expect(() => floorOf("src/nowhere.ts")).toThrow(/no floor/);
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

  it("a model kind is one folder: only the kinds' registry imports it (and the package's public exports may)", () => {
    const kindFolders = [...new Set(files.filter((f) => /^src\/kinds\/[^/]+\/kind\.ts$/.test(f)).map((f) => dirname(f) + "/"))];
    expect(kindFolders.length).toBe(MODEL_KINDS.length);
    for (const folder of kindFolders) {
      const users = [...graph].filter(([f, list]) => !f.startsWith(folder) && list.some((i) => i.startsWith(folder))).map(([f]) => f);
      expect(users.filter((f) => f !== "src/index.ts"), folder).toEqual(["src/kinds/registry.ts"]);
    }
  });

  it("what every local rule shares (src/kinds/local/) imports no kind's folder", () => {
    const bad = (graph.get("src/kinds/local/kind.ts") ?? []).concat(...files.filter((f) => f.startsWith("src/kinds/local/")).map((f) => graph.get(f) ?? []));
    expect(bad.filter((i) => i.startsWith("src/kinds/") && !i.startsWith("src/kinds/local/") && i !== "src/kinds/types.ts")).toEqual([]);
  });

  it('"mlp" is written only in the MLP kind\'s folder', () => {
    const bad = files.filter((f) => !f.startsWith("src/kinds/mlp/") && /"mlp"/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(bad).toEqual([]);
  });
});
