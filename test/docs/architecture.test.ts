import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

/** Every path-like code span of a markdown file: `src/…`, `test/…`, `assembly/…`, `scripts/…`, `studies/…`, `web/…`, `docs/…`. */
function namedPaths(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
  return [...new Set(spans.filter((s) => /^(src|test|assembly|scripts|studies|web|docs)\//.test(s) && !s.includes("<")))];
}

describe("docs/ARCHITECTURE.md", () => {
  const text = readFileSync(join(ROOT, "docs/ARCHITECTURE.md"), "utf8");

  it("names source paths", () => {
    expect(namedPaths(text).length).toBeGreaterThan(40);
  });

  it("names only paths that exist", () => {
    expect(namedPaths(text).filter((p) => !existsSync(join(ROOT, p.replace(/[.,;:)]+$/, ""))))).toEqual([]);
  });

  it("the check would catch a path that does not exist", () => {
    expect(namedPaths("see `src/runner/results.ts` and `src/kinds/<name>/`")).toEqual(["src/runner/results.ts"]);
  });
});
