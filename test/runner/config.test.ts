import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configFromFlags } from "../../src/cli/train.js";
import { sourceSyntaxes } from "../../src/data/sources.js";
import { resolveConfig } from "../../src/runner/config.js";

describe("experiment config", () => {
  it("fills the paper's defaults (Krotov & Hopfield 2019, LocalLearning's unit-L^p inputs and criterion; readout n = 4.5)", () => {
    const c = resolveConfig({});
    expect(c.kh).toEqual({
      hidden: 2000, p: 3, k: 7, delta: 0.4, R: 1, lr: 0.04, epochs: 300, batch: 100,
      inputNorm: "p", convergence: { tol: 0.01, maxUnconverged: 0.1, stopWhenMet: false },
    });
    expect(c.readout.n).toBe(4.5);
    expect(c.data.source).toBe("mnist");
    expect(c.seed).toBe(1);
  });

  it("keeps defaults for fields a partial section leaves out", () => {
    const c = resolveConfig({ kh: { hidden: 50 } });
    expect(c.kh.hidden).toBe(50);
    expect(c.kh.p).toBe(3);
  });

  it("lists every problem with its field path", () => {
    expect(() => resolveConfig({ kh: { hidden: 0, k: 2.5, extra: 1 }, data: { source: "ftp:x" } })).toThrow(
      /kh\.hidden:.*\n.*kh\.k:.*|kh\.k:.*\n.*kh\.hidden:/s,
    );
    try {
      resolveConfig({ kh: { hidden: 3, k: 7 }, data: { source: "ftp:x" }, readout: { n: "a" } });
      expect.unreachable();
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toContain(`data.source: must be ${sourceSyntaxes()}`);
      expect(m).toMatch(/kh\.k: k must not exceed hidden/);
      expect(m).toMatch(/readout\.n:/);
    }
  });

  it("rejects NaN and Infinity", () => {
    expect(() => resolveConfig({ kh: { lr: NaN } })).toThrow(/kh\.lr/);
    expect(() => resolveConfig({ kh: { delta: Infinity } })).toThrow(/kh\.delta/);
  });
});

describe("CLI flags → config", () => {
  it("maps KH flags into their sections; flags override the config file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-cfg-"));
    try {
      const file = join(dir, "c.json");
      await writeFile(file, JSON.stringify({ seed: 5, kh: { hidden: 100, p: 2 }, readout: { epochs: 3 } }));
      const raw = await configFromFlags({ config: file, hidden: 64, power: 3, data: "idx:/x" });
      expect(raw).toEqual({ seed: 5, kh: { hidden: 64, p: 2 }, readout: { epochs: 3, n: 3 }, data: { source: "idx:/x" } });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("names the file when the config is not JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-cfg-"));
    try {
      const file = join(dir, "bad.json");
      await writeFile(file, "{ nope");
      await expect(configFromFlags({ config: file })).rejects.toThrow(/--config .*bad\.json: invalid JSON/);
      await expect(configFromFlags({ config: join(dir, "missing.json") })).rejects.toThrow(/missing\.json: cannot read/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe("model kinds (issue 12: named once)", () => {
  it("the config's enum and the CLI's flags come from MODEL_KINDS, and every kind's trained model can be loaded back", async () => {
    const { MODEL_KINDS } = await import("../../src/kinds/registry.js");
    const { MODEL_FLAGS } = await import("../../src/cli/train.js");
    expect(MODEL_KINDS.map((k) => k.name)).toEqual(expect.arrayContaining(["kh", "softhebb", "mlp"]));
    for (const k of MODEL_KINDS) {
      expect(resolveConfig({ model: k.name }).model).toBe(k.name);
      expect(MODEL_FLAGS[k.name]).toBe(k.flags);
      expect(k.load, `no loader for saved ${k.name} models`).toBeTypeOf("function");
    }
    expect(() => resolveConfig({ model: "nope" })).toThrow(/model: .*kh.*mlp/);
  });
});
