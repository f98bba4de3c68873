// Issue 14: `.npy` pairs as a data source — images of any shape or plain feature vectors.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSplit } from "../../src/data/load.js";
import { encodeNpy, parseNpyArray } from "../../src/data/npy.js";
import { runTraining } from "../../src/runner/train.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function npyDir(files: Record<string, Uint8Array>): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "hebblab-npy-"));
  dirs.push(d);
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(d, name), bytes);
  return d;
}

describe("npy:DIR", () => {
  it("round-trips arrays of any rank and dtype", () => {
    const a = parseNpyArray(encodeNpy([1, 2, 3, 4, 5, 6], [1, 2, 3], "<f4"));
    expect(a.shape).toEqual([1, 2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(parseNpyArray(encodeNpy([7, 300], [2], "<i8")).data)).toEqual([7, 300]);
    expect(() => parseNpyArray(new Uint8Array(20), "x.npy")).toThrow(/x\.npy: not a \.npy file/);
  });

  it("loads uint8 color images [n, H, W, C] and float features [n, F], with classes from the labels", async () => {
    const img = (n: number) => encodeNpy(Array.from({ length: n * 4 * 5 * 3 }, (_, i) => i % 256), [n, 4, 5, 3], "|u1");
    const d = await npyDir({
      "train_images.npy": img(12),
      "train_labels.npy": encodeNpy(Array.from({ length: 12 }, (_, i) => i % 4), [12], "<i8"),
      "test_images.npy": img(6),
      "test_labels.npy": encodeNpy([0, 1, 2, 3, 0, 1], [6], "<i8"),
    });
    const s = await loadSplit({ source: `npy:${d}`, splitSeed: 0, train: 10 });
    expect([s.train.n, s.train.rows, s.train.cols, s.train.channels, s.train.dim, s.train.classes]).toEqual([10, 4, 5, 3, 60, 4]);
    expect(s.train.images[7]).toBeCloseTo(7 / 255, 6);
    const f = await npyDir({
      "train_images.npy": encodeNpy(Array.from({ length: 40 * 8 }, (_, i) => (i % 10) / 10), [40, 8], "<f4"),
      "train_labels.npy": encodeNpy(Array.from({ length: 40 }, (_, i) => i % 2), [40], "<i8"),
      "test_images.npy": encodeNpy(Array.from({ length: 20 * 8 }, (_, i) => (i % 7) / 7), [20, 8], "<f4"),
      "test_labels.npy": encodeNpy(Array.from({ length: 20 }, (_, i) => i % 2), [20], "<i8"),
    });
    const r = await runTraining({ model: "mlp", data: { source: `npy:${f}` }, mlp: { hidden: [6], epochs: 1, batch: 20 }, analyses: { isometry: { images: 10 }, jacobian: { images: 10 } } });
    expect(r.results.data).toMatchObject({ rows: 1, cols: 8, channels: 1, dim: 8, classes: 2 });
    r.model.dispose();
  }, 60_000);

  it("names the file and the problem: a missing file, labels that are not integers, counts that disagree, values outside [0, 1]", async () => {
    const x = encodeNpy([0.5, 0.5, 0.5, 0.5], [2, 2], "<f4");
    const missing = await npyDir({ "train_images.npy": x });
    await expect(loadSplit({ source: `npy:${missing}`, splitSeed: 0 })).rejects.toThrow(/cannot read train_labels\.npy, test_images\.npy, test_labels\.npy; the source needs/);
    const frac = await npyDir({ "train_images.npy": x, "train_labels.npy": encodeNpy([0.5, 1], [2], "<f4"), "test_images.npy": x, "test_labels.npy": encodeNpy([0, 1], [2], "<i8") });
    await expect(loadSplit({ source: `npy:${frac}`, splitSeed: 0 })).rejects.toThrow(/train_labels\.npy: label 0\.5 at index 0/);
    const count = await npyDir({ "train_images.npy": x, "train_labels.npy": encodeNpy([0, 1, 0], [3], "<i8"), "test_images.npy": x, "test_labels.npy": encodeNpy([0, 1], [2], "<i8") });
    await expect(loadSplit({ source: `npy:${count}`, splitSeed: 0 })).rejects.toThrow(/train_images\.npy: 2 images but 3 labels/);
    const big = await npyDir({ "train_images.npy": encodeNpy([0, 2, 0, 0], [2, 2], "<f4"), "train_labels.npy": encodeNpy([0, 1], [2], "<i8"), "test_images.npy": x, "test_labels.npy": encodeNpy([0, 1], [2], "<i8") });
    await expect(loadSplit({ source: `npy:${big}`, splitSeed: 0 })).rejects.toThrow(/value 2 at row 0, column 1 is outside \[0, 1\]/);
  });
});

describe("attacks on waveforms (a log-mel model on npy waveforms)", () => {
  it("report each budget on the waveform and the SNR it guarantees", async () => {
    const { runCli } = await import("../cli.js");
    const { readFile } = await import("node:fs/promises");
    const { snrBoundDb } = await import("../../src/data/audio/logmel.js");
    const L = 512;
    const rng = new (await import("../../src/rng.js")).Rng(5);
    // Two classes of tones (low / high), stored as x = (w + 1)/2.
    const clips = (n: number) => Array.from({ length: n * L }, (_, k) => {
      const [i, t] = [Math.floor(k / L), k % L];
      return (0.3 * Math.sin((i % 2 ? 0.9 : 0.2) * t) + 0.01 * rng.normal() + 1) / 2;
    });
    const d = await npyDir({
      "train_images.npy": encodeNpy(clips(40), [40, L], "<f4"),
      "train_labels.npy": encodeNpy(Array.from({ length: 40 }, (_, i) => i % 2), [40], "<i8"),
      "test_images.npy": encodeNpy(clips(20), [20, L], "<f4"),
      "test_labels.npy": encodeNpy(Array.from({ length: 20 }, (_, i) => i % 2), [20], "<i8"),
    });
    const model = join(d, "model");
    const t = await runCli(["train", "--model", "mlp", "--data", `npy:${d}`, "--hidden", "8", "--epochs", "2", "--batch", "20", "--set", 'mlp.frontEnd={"kind":"logmel","frame":128,"mels":8}', "--set", "mlp.standardize=true", "--set", "analyses.isometry.images=10", "--set", "analyses.jacobian.images=10", "--out", join(d, "t.json"), "--save", model]);
    expect(t.code).toBe(0);
    const a = await runCli(["attack", model, "--attacks", "pgd-linf", "--eps-linf", "0,0.001,0.01", "--pgd-linf-steps", "3", "--no-critical", "--out", join(d, "a.json")]);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/waveform budgets .* pgd-linf ε 0\.001 → 0\.002 on the waveform, SNR ≥ \d+\.\d dB/);
    const rep = JSON.parse(await readFile(join(d, "a.json"), "utf8"));
    expect(rep.audio.rows.map((r: { eps: number; waveformEps: number }) => [r.eps, r.waveformEps])).toEqual([[0.001, 0.002], [0.01, 0.02]]);
    // Mean power of 0.3·sin (0.045) plus the small noise; the bound is 10·log10(P/(2ε)²).
    expect(rep.audio.meanPower).toBeGreaterThan(0.04);
    expect(rep.audio.rows[0].snrDb).toBeCloseTo(snrBoundDb(rep.audio.meanPower, 0.002, "linf", L), 9);
    expect(rep.audio.rows[0].snrDb - rep.audio.rows[1].snrDb).toBeCloseTo(20, 9);
  }, 120_000);
});
