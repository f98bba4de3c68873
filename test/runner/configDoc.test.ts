import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configFromFlags } from "../../src/cli/train.js";
import { modelFlagUses } from "../../src/cli/configFlags.js";
import { LOCAL_RULES } from "../../src/learners/rules.js";
import { configField, configFields, configMarkdown } from "../../src/runner/configDoc.js";
import { resolveConfig } from "../../src/runner/config.js";
import { MODEL_KINDS } from "../../src/runner/pipelines/index.js";
import { runCli } from "../cli.js";

describe("config settings describe themselves (issue 12)", () => {
  it("every setting has a doc, a type and a path", () => {
    const fields = configFields();
    expect(fields.length).toBeGreaterThan(60);
    const undocumented = fields.filter((f) => f.description.trim().length < 5).map((f) => f.path);
    expect(undocumented).toEqual([]);
    expect(configField("kh.k")).toMatchObject({ type: "integer ≥ 2", default: 7 });
    expect(configField("softhebb.schedule")).toMatchObject({ default: "constant", choices: ["constant", "linear"] });
    // A tagged list: each regulariser's own settings, with their published defaults.
    expect(configField("mlp.regularizers[name=l2].strength")).toMatchObject({ default: 5e-4 });
  });

  it("docs/config.md is the generated reference, not a stale copy (npm run docs)", () => {
    const onDisk = readFileSync(resolve(__dirname, "../../docs/config.md"), "utf8");
    expect(onDisk).toBe(configMarkdown());
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
    const sh = resolveConfig({ model: "softhebb" });
    expect(sh.readout).toMatchObject({ activation: "softmax", tInv: 5, lr: 1e-3, epochs: 20 });
    expect(resolveConfig({ model: "softhebb", readout: { lr: 5e-4 } }).readout).toMatchObject({ activation: "softmax", lr: 5e-4 });
    expect(resolveConfig({ model: "kh" }).readout).toMatchObject({ activation: "relu-pow", lr: 1e-4, epochs: 40 });
  });

  it("--set reaches any setting by path (JSON values, bare words as strings); a wrong path is named", async () => {
    const raw = await configFromFlags({ model: "softhebb", set: [["softhebb.tInv", 10], ["readout.activation", "relu-pow"], ["data.train", 300]] });
    const cfg = resolveConfig(raw);
    expect(cfg.softhebb.tInv).toBe(10);
    expect(cfg.readout.activation).toBe("relu-pow");
    expect(cfg.data.train).toBe(300);
    const bad = await runCli(["train", "--set", "softhebb.tinv=10", "--out", join(tmpdir(), "hebblab-set-test.json")]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/softhebb.*tinv|tinv/i);
    const malformed = await runCli(["train", "--set", "novalue"]);
    expect(malformed.err).toMatch(/PATH=VALUE/);
  });

  it("train --help lists each rule's flags with the paths and defaults they set; `hebblab config` prints the same docs", async () => {
    const help = await runCli(["train", "--help"]);
    expect(help.out).toMatch(/--k <value>\s+Rank of the anti-Hebbian unit \[kh\.k = 7\]/);
    expect(help.out).toMatch(/softhebb\.epochs = \d+/);
    expect(help.out).toMatch(/--reg <list>[\s\S]*l2 \|\s+jacobian/);
    const cfg = await runCli(["config", "softhebb"]);
    expect(cfg.out).toContain("softhebb.tInv = 12");
    expect(cfg.out).not.toContain("kh.k");
    expect((await runCli(["config", "nope"])).err).toMatch(/no config setting starts with 'nope'/);
  });
});
