// Issue 10: presets are data — shipped JSON, validated, expanded under --config and flags.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromFlags } from "../../src/cli/train.js";
import { resolveConfig } from "../../src/runner/config.js";
import { deepMerge, expandPreset, listPresets, parsePreset, type PresetSource } from "../../src/runner/presets.js";
import { kindPresets } from "../../src/runner/presets.js";
import { runCli } from "../cli.js";

const source = (files: Record<string, unknown>): PresetSource => ({
  names: async () => Object.keys(files),
  read: async (n) => files[n] ?? null,
});

describe("presets", () => {
  it("every shipped preset loads and validates; the reference setups are there", async () => {
    const all = await listPresets(kindPresets);
    const byName = Object.fromEntries(all.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(["local-learning-mnist", "krotov-notebook"]));
    const ll = resolveConfig(byName["local-learning-mnist"].config);
    expect(ll.kh).toMatchObject({ hidden: 2000, p: 3, k: 7, delta: 0.4, R: 1, lr: 0.04, epochs: 1000, batch: 100, inputNorm: "p" });
    expect(ll.kh.convergence).toMatchObject({ tol: 0.01, maxUnconverged: 0.1 });
    expect(ll.readout).toMatchObject({ n: 4.5, head: "linear", lr: 1e-3 });
    const kn = resolveConfig(byName["krotov-notebook"].config);
    expect(kn.kh).toMatchObject({ hidden: 100, p: 2, k: 2, lr: 0.02, epochs: 200 });
    expect(kn.readout).toMatchObject({ head: "krotov", m: 6 });
    for (const p of all) expect(p.source.length).toBeGreaterThan(20);
  });

  it("expands under the config's own fields (deep merge) and records name and version", async () => {
    const src = source({ a: { format: "hebblab-preset/1", name: "a", version: 3, title: "A", source: "somewhere", config: { kh: { hidden: 50, epochs: 9 }, readout: { head: "krotov" } } } });
    const raw = await expandPreset({ preset: "a", kh: { epochs: 2 }, seed: 5 }, src);
    expect(raw).toEqual({ kh: { hidden: 50, epochs: 2 }, readout: { head: "krotov" }, seed: 5, preset: { name: "a", version: 3 } });
    const cfg = resolveConfig(raw);
    expect(cfg.preset).toEqual({ name: "a", version: 3 });
    expect(cfg.kh.hidden).toBe(50);
    expect(await expandPreset({ seed: 1 }, src)).toEqual({ seed: 1 });
    expect(deepMerge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });

  it("rejects unknown presets and malformed ones, naming the field", async () => {
    const good = { format: "hebblab-preset/1", name: "g", version: 1, title: "G", source: "s", config: {} };
    const src = source({ g: good, bad: { ...good, name: "Bad Name" }, badcfg: { ...good, name: "badcfg", config: { kh: { k: 1 } } } });
    await expect(expandPreset({ preset: "nope" }, src)).rejects.toThrow(/unknown preset 'nope' \(known: bad, badcfg, g\)/);
    await expect(expandPreset({ preset: "bad" }, src)).rejects.toThrow(/invalid preset bad:\n.*name: must be lower-case/);
    await expect(expandPreset({ preset: "badcfg" }, src)).rejects.toThrow(/invalid preset badcfg: its config is not valid: .*kh\.k/s);
    expect(() => parsePreset({ ...good, version: 0 }, "g")).toThrow(/version/);
    await expect(expandPreset({ preset: 3 }, src)).rejects.toThrow(/config\.preset: expected a preset name/);
    expect(() => resolveConfig({ preset: "local-learning-mnist" })).toThrow(/preset: a preset name must be expanded first/);
  });

  it("flags and --config override a preset (preset < file < flags)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-preset-"));
    try {
      const file = join(dir, "c.json");
      await writeFile(file, JSON.stringify({ kh: { hidden: 300, k: 5 } }));
      const raw = await configFromFlags({ preset: "local-learning-mnist", config: file, epochs: 12, k: 4 });
      const cfg = resolveConfig(raw);
      expect(cfg.preset).toEqual({ name: "local-learning-mnist", version: 1 });
      expect(cfg.kh).toMatchObject({ hidden: 300, k: 4, epochs: 12, p: 3, lr: 0.04, inputNorm: "p" });
      expect(cfg.readout.lr).toBe(1e-3);
      const viaFile = join(dir, "d.json");
      await writeFile(viaFile, JSON.stringify({ preset: "krotov-notebook", kh: { epochs: 3 } }));
      const cfg2 = resolveConfig(await configFromFlags({ config: viaFile }));
      expect(cfg2.kh).toMatchObject({ hidden: 100, p: 2, epochs: 3 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("hebblab presets and the end-of-run warning", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hebblab-warn-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Runs the CLI, which must succeed. */
  async function cli(args: string[]): Promise<{ out: string; err: string }> {
    const r = await runCli(args);
    expect(r.code, r.err).toBe(0);
    return r;
  }

  it("lists the presets with their sources", async () => {
    const { out } = await cli(["presets"]);
    expect(out).toMatch(/local-learning-mnist \(v1\): .*\n\s+source: holzhauk\/LocalLearning/);
    expect(out).toMatch(/krotov-notebook \(v1\)/);
  });

  it("a run that did not converge ends with the warning, in the terminal and in the results", async () => {
    const out = join(dir, "r.json");
    const args = ["train", "--hidden", "20", "--epochs", "2", "--train-size", "200", "--test-size", "50", "--readout-epochs", "1", "--out", out];
    const { out: stdout, err } = await cli(args);
    expect(stdout).toMatch(/NOT converged/);
    expect(err).toMatch(/hebblab: warning: the local layer did not converge after 2 epochs by the LocalLearning criterion/);
    const r = JSON.parse(await readFile(out, "utf8"));
    expect(r.warnings).toHaveLength(1);
    expect(r.metrics.convergence.converged).toBe(false);
    expect(r.metrics.convergence.byEpoch.fractionConverged).toHaveLength(2);
    expect(r.metrics.inputNorm).toBe("unit L3");
    expect(await readFile(join(dir, "r.fields.svg"), "utf8")).toMatch(/^<svg[^>]*>[\s\S]*−max\|W\|[\s\S]*<\/svg>/);
  });
});
