// The scripts' contract: `hebblab attack DIR --out a.json` on a saved model writes `results` (one entry per
// attack and ε with attack, eps, accuracy) and `sanity.passed` with the individual checks, plus the SVG.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, expect, it } from "vitest";
import { registerAttack } from "../../src/cli/attack.js";
import { runTraining } from "../../src/runner/train.js";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { saveModel } from "../../src/models/io.js";
import { initTf } from "../../src/tf.js";

let dir: string;
beforeAll(async () => {
  await initTf();
  dir = await mkdtemp(join(tmpdir(), "hebblab-attack-"));
  const model = new Mlp({ inputDim: 784, hidden: [16], classes: 10, activation: "relu", noise: null, seed: 1 });
  await saveModel(join(dir, "model"), model, { config: { data: { source: "mnist", train: 100, test: 40 } } });
  model.dispose();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it("hebblab attack DIR --out a.json writes results, sanity and the SVG", async () => {
  const program = new Command().exitOverride();
  registerAttack(program);
  const out = join(dir, "a.json");
  const args = ["attack", join(dir, "model"), "--out", out, "--images", "20", "--batch", "10", "--pgd-linf-steps", "2", "--no-pgd-l2-random-start", "--eps-linf", "0,0.1,0.3", "--critical-images", "3", "--threads", "2"];
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write; // keep the table out of the test log
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  const a = JSON.parse(await readFile(out, "utf8"));
  expect(a.results.map((r: { attack: string; eps: number }) => `${r.attack}@${r.eps}`)).toEqual(
    ["fgsm", "pgd-linf", "noise-linf"].flatMap((n) => [0, 0.1, 0.3].map((e) => `${n}@${e}`)),
  );
  for (const r of a.results) expect(r.accuracy).toBeGreaterThanOrEqual(0);
  expect(typeof a.sanity.passed).toBe("boolean");
  expect(a.sanity.checks.map((c: { name: string }) => c.name)).toEqual(["pgd-le-one-step", "monotone-in-eps", "linf-eps1-near-zero", "noise-weaker", "gradients-usable", "gradient-free-finds-more", "apgd-le-pgd"]);
  expect(a.config["pgd-linf"].steps).toBe(2);
  expect(a.config["pgd-l2"]).toMatchObject({ steps: 40, randomStart: false });
  expect(a.data.images).toBe(20);
  expect(a.modelMeta.config.data.test).toBe(40);
  expect(a.threads).toBe(2);
  expect((await stat(join(dir, "a.svg"))).size).toBeGreaterThan(1000);
  expect(a.critical.images).toBeGreaterThan(0);
  expect((await stat(join(dir, "a-critical.svg"))).size).toBeGreaterThan(1000);
});

it("hebblab attack --threads takes an integer ≥ 1 only", async () => {
  for (const bad of ["0", "-1", "1.5", "two"]) {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerAttack(program);
    await expect(program.parseAsync(["attack", join(dir, "model"), "--threads", bad], { from: "user" })).rejects.toThrow(/--threads/);
  }
});

it("train's attack step runs on the run's threads and records them", async () => {
  const attack = { images: 20, batch: 10, eps: { linf: [0, 0.1] }, "pgd-linf": { steps: 2 }, critical: { enabled: false }, sanity: { eps1Images: 10 } };
  const tiny = { seed: 3, data: { train: 200, test: 20 }, kh: { hidden: 20, epochs: 1, batch: 50 }, readout: { epochs: 1 }, attack };
  const two = await runTraining({ ...tiny, threads: 2 });
  const one = await runTraining({ ...tiny, threads: 1 });
  two.model.dispose();
  one.model.dispose();
  expect(two.results.attack!.threads).toBe(2);
  expect(one.results.attack!.threads).toBe(1);
  expect(two.results.attack!.results).toEqual(one.results.attack!.results.map((r, i) => ({ ...r, seconds: two.results.attack!.results[i].seconds })));
});
