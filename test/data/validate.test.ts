import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/types.js";
import { createDataset, validateDataset, validateSplit } from "../../src/data/validate.js";

function tiny(): Dataset {
  // 3 images of 2×2, labels 0..2
  const images = new Float32Array([0, 0.5, 1, 0.25, /**/ 1, 1, 0, 0, /**/ 0.1, 0.2, 0.3, 0.4]);
  return { images, labels: new Uint8Array([0, 1, 2]), n: 3, rows: 2, cols: 2, dim: 4, classes: 3, source: "tiny" };
}

describe("validateDataset", () => {
  it("accepts a well-formed dataset and returns it", () => {
    const d = tiny();
    expect(validateDataset(d)).toBe(d);
  });

  it("reports a NaN pixel by image row and pixel column", () => {
    const d = tiny();
    d.images[2 * 4 + 3] = NaN;
    expect(() => validateDataset(d)).toThrow("tiny images: non-finite value NaN at row 2, column 3");
  });

  it("reports ±Inf", () => {
    const d = tiny();
    d.images[5] = -Infinity;
    expect(() => validateDataset(d)).toThrow(/row 1, column 1/);
  });

  it("rejects pixels outside [0, 1] with their position", () => {
    const d = tiny();
    d.images[6] = 1.5;
    expect(() => validateDataset(d)).toThrow("tiny images: value 1.5 at row 1, column 2 is outside [0, 1]");
    d.images[6] = -0.01;
    expect(() => validateDataset(d)).toThrow(/outside \[0, 1\]/);
  });

  it("rejects labels ≥ classes", () => {
    const d = { ...tiny(), labels: new Uint8Array([0, 3, 1]) };
    expect(() => validateDataset(d)).toThrow("tiny labels: label 3 at index 1 is outside [0, 3)");
  });

  it("rejects inconsistent shapes and wrong array types", () => {
    expect(() => validateDataset({ ...tiny(), dim: 5 })).toThrow(/dim 5 ≠ rows·cols/);
    expect(() => validateDataset({ ...tiny(), n: 4 })).toThrow(/images has 12 values, expected n·dim = 4·4 = 16/);
    expect(() => validateDataset({ ...tiny(), labels: new Uint8Array(2) })).toThrow(/labels has 2 entries, expected n = 3/);
    expect(() => validateDataset({ ...tiny(), images: new Float64Array(12) as unknown as Float32Array })).toThrow(
      /images must be a Float32Array, got Float64Array/,
    );
    expect(() => validateDataset({ ...tiny(), rows: 1.5 })).toThrow(/rows must be a non-negative integer/);
  });

  it("names the data by the given label", () => {
    const d = tiny();
    d.images[0] = NaN;
    expect(() => validateDataset(d, "my upload")).toThrow(/^my upload images:/);
  });
});

describe("validateSplit", () => {
  it("rejects train and test of different image sizes", () => {
    const test: Dataset = { ...tiny(), rows: 1, cols: 4 };
    expect(() => validateSplit({ train: tiny(), test })).toThrow(/train images are 2×2 but test images are 1×4/);
  });
});

describe("createDataset", () => {
  it("builds typed arrays from plain ones and infers n", () => {
    const d = createDataset({ images: [0, 1, 0.5, 0.5], labels: [7, 2], rows: 1, cols: 2 });
    expect(d.n).toBe(2);
    expect(d.images).toBeInstanceOf(Float32Array);
    expect(Array.from(d.labels)).toEqual([7, 2]);
    expect(d.source).toBe("user");
  });

  it("rejects labels that would be truncated by Uint8 conversion", () => {
    expect(() => createDataset({ images: [0, 0], labels: [1.5, 0], rows: 1, cols: 1 })).toThrow(/label 1.5 at index 0/);
    expect(() => createDataset({ images: [0, 0], labels: [0, 300], rows: 1, cols: 1 })).toThrow(/label 300 at index 1/);
  });

  it("validates the result (mismatched lengths)", () => {
    expect(() => createDataset({ images: [0, 0, 0], labels: [0, 1], rows: 1, cols: 1, source: "up" })).toThrow(/^up: images has 3 values/);
  });
});
