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

  it("loads uint8 colour images [n, H, W, C] and float features [n, F], with classes from the labels", async () => {
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
    const r = await runTraining({ model: "mlp", data: { source: `npy:${f}` }, mlp: { hidden: [6], epochs: 1, batch: 20, metricsImages: 10 } });
    expect(r.results.data).toMatchObject({ rows: 1, cols: 8, channels: 1, dim: 8, classes: 2 });
    r.model.dispose();
  }, 60_000);

  it("names the file and the problem: a missing file, labels that are not integers, counts that disagree, values outside [0, 1]", async () => {
    const x = encodeNpy([0.5, 0.5, 0.5, 0.5], [2, 2], "<f4");
    const missing = await npyDir({ "train_images.npy": x });
    await expect(loadSplit({ source: `npy:${missing}`, splitSeed: 0 })).rejects.toThrow(/cannot read train_labels\.npy/);
    const frac = await npyDir({ "train_images.npy": x, "train_labels.npy": encodeNpy([0.5, 1], [2], "<f4"), "test_images.npy": x, "test_labels.npy": encodeNpy([0, 1], [2], "<i8") });
    await expect(loadSplit({ source: `npy:${frac}`, splitSeed: 0 })).rejects.toThrow(/train_labels\.npy: label 0\.5 at index 0/);
    const count = await npyDir({ "train_images.npy": x, "train_labels.npy": encodeNpy([0, 1, 0], [3], "<i8"), "test_images.npy": x, "test_labels.npy": encodeNpy([0, 1], [2], "<i8") });
    await expect(loadSplit({ source: `npy:${count}`, splitSeed: 0 })).rejects.toThrow(/train_images\.npy: 2 images but 3 labels/);
    const big = await npyDir({ "train_images.npy": encodeNpy([0, 2, 0, 0], [2, 2], "<f4"), "train_labels.npy": encodeNpy([0, 1], [2], "<i8"), "test_images.npy": x, "test_labels.npy": encodeNpy([0, 1], [2], "<i8") });
    await expect(loadSplit({ source: `npy:${big}`, splitSeed: 0 })).rejects.toThrow(/value 2 at row 0, column 1 is outside \[0, 1\]/);
  });
});
