import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configFromFlags } from "../../src/cli/train.js";
import { modelFlagUses } from "../../src/cli/configFlags.js";
import { MODEL_KINDS } from "../../src/kinds/registry.js";

import { configField, configFields } from "../../src/runner/configDoc.js";
import { referenceMarkdown } from "../../src/runner/study/config.js";
import { resolveConfig } from "../../src/runner/config.js";
import { runCli } from "../cli.js";

/** The kinds of local rules (they share the readout section). */
const LOCAL_RULES = MODEL_KINDS.filter((k) => k.sharedSections?.readout);

describe("config settings describe themselves (issue 12)", () => {
  it("every setting has a doc, a type and a path", () => {
    const fields = configFields();
    expect(fields.length).toBeGreaterThan(60);
    const undocumented = fields.filter((f) => f.description.trim().length < 5).map((f) => f.path);
    expect(undocumented).toEqual([]);
    expect(configField("kh.k")).toMatchObject({ type: "integer ≥ 2", default: 7 });
    expect(configField("readout.head")).toMatchObject({ default: "linear", choices: ["linear", "krotov"] });
    // A tagged list: each regularizer's own settings, with their published defaults.
    expect(configField("mlp.regularizers[name=l2].strength")).toMatchObject({ default: 5e-4 });
  });

  it("docs/config.md is the generated reference, not a stale copy (npm run docs)", () => {
    const onDisk = readFileSync(resolve(__dirname, "../../docs/config.md"), "utf8");
    expect(onDisk).toBe(referenceMarkdown());
  });

  it("each local rule has a config section, a model kind and flags that name real settings", () => {
    for (const rule of LOCAL_RULES) {
      expect(MODEL_KINDS.map((k) => k.name)).toContain(rule.name);
      expect(resolveConfig({ model: rule.name })).toHaveProperty(rule.name);
    }
    const paths = new Set(configFields().map((f) => f.path));
    for (const [flag, uses] of modelFlagUses()) for (const u of uses) expect(paths.has(u.path), `--${flag} → ${u.path}`).toBe(true);
    expect(resolveConfig({}).model).toBe("kh");
  });

  it("a rule's readout settings apply where the config leaves them out, and the config wins", () => {
    for (const rule of LOCAL_RULES) {
      const own = rule.defaults?.readout ?? {};
      expect(resolveConfig({ model: rule.name }).readout, rule.name).toMatchObject(own);
      expect(resolveConfig({ model: rule.name, readout: { lr: 5e-4 } }).readout.lr).toBe(5e-4);
    }
    expect(resolveConfig({ model: "kh" }).readout).toMatchObject({ lr: 1e-4, epochs: 40 });
    expect(resolveConfig({ model: "softhebb" }).softhebb).toMatchObject({ readoutActivation: "softmax", readoutTInv: 5 });
  });

  it("--set reaches any setting by path (JSON values, bare words as strings); a wrong path is named", async () => {
    const raw = await configFromFlags({ model: "kh", set: [["kh.convergence.tol", 0.05], ["readout.head", "krotov"], ["data.train", 300]] });
    const cfg = resolveConfig(raw);
    expect(cfg.kh.convergence.tol).toBe(0.05);
    expect(cfg.readout.head).toBe("krotov");
    expect(cfg.data.train).toBe(300);
    const bad = await runCli(["train", "--set", "kh.hiden=10", "--out", join(tmpdir(), "hebblab-set-test.json")]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/kh.*hiden/);
    const malformed = await runCli(["train", "--set", "novalue"]);
    expect(malformed.err).toMatch(/PATH=VALUE/);
  });

  it("train --help lists each rule's flags with the paths and defaults they set; `hebblab config` prints the same docs", async () => {
    const help = await runCli(["train", "--help"]);
    expect(help.out).toMatch(/--k <value>\s+Rank of the anti-Hebbian unit \[kh\.k = 7\]/);
    for (const rule of LOCAL_RULES) expect(help.out).toMatch(new RegExp(`${rule.name}\\.epochs = \\d+`));
    expect(help.out).toMatch(/--reg <list>[\s\S]*l2 \|\s+jacobian/);
    const cfg = await runCli(["config", "kh"]);
    expect(cfg.out).toContain("kh.k = 7  (integer ≥ 2)\n    Rank of the anti-Hebbian unit.");
    expect(cfg.out).not.toContain("readout.");
    expect((await runCli(["config", "nope"])).err).toMatch(/no config setting starts with 'nope'/);
  });
});
