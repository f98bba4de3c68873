// Issue 14: CIFAR-10 binary batches as a data source; models take the input size from the data,
// and receptive fields are drawn in color.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CIFAR_RECORD, parseCifarBatches } from "../../src/data/cifar.js";
import { loadSplit } from "../../src/data/load.js";
import { DataConfig } from "../../src/data/config.js";
import { runCli } from "../cli.js";

/** n records: label i % 10; pixel p of channel c = (7·i + 3·p + 50·c) mod 256. */
function batch(n: number, offset = 0): Uint8Array {
  const b = new Uint8Array(n * CIFAR_RECORD);
  for (let i = 0; i < n; i++) {
    b[i * CIFAR_RECORD] = (i + offset) % 10;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) b[i * CIFAR_RECORD + 1 + c * 1024 + p] = (7 * (i + offset) + 3 * p + 50 * c) % 256;
  }
  return b;
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hebblab-cifar-"));
  await writeFile(join(dir, "data_batch_1.bin"), batch(60));
  await writeFile(join(dir, "data_batch_2.bin"), batch(40, 60));
  await writeFile(join(dir, "test_batch.bin"), batch(30, 100));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("CIFAR-10 binary batches", () => {
  it("parse to 32×32×3 images with channels interleaved, pixels /255, batches in order", async () => {
    const s = await loadSplit(DataConfig.parse({ source: `cifar10:${dir}` }));
    expect([s.train.n, s.test.n, s.train.rows, s.train.cols, s.train.channels, s.train.dim, s.train.classes]).toEqual([100, 30, 32, 32, 3, 3072, 10]);
    // Image 65 (batch 2, record 5): pixel p = 33 (row 1, column 1), green channel.
    expect(s.train.images[65 * 3072 + 33 * 3 + 1]).toBeCloseTo(((7 * 65 + 3 * 33 + 50) % 256) / 255, 6);
    expect(s.train.labels[65]).toBe(5);
    const few = await loadSplit(DataConfig.parse({ source: `cifar10:${dir}`, train: 70, test: 10 }));
    expect([few.train.n, few.test.n]).toEqual([70, 10]);
  });

  it("name the file and the problem: truncated records, labels out of range, missing batches", async () => {
    expect(() => parseCifarBatches([{ name: "x.bin", bytes: new Uint8Array(CIFAR_RECORD + 5) }], "cifar10:x")).toThrow(/x\.bin: 3078 bytes is not a whole number of 3073-byte/);
    const bad = batch(2);
    bad[CIFAR_RECORD] = 12;
    expect(() => parseCifarBatches([{ name: "y.bin", bytes: bad }], "cifar10:y")).toThrow(/y\.bin: record 1 has label 12/);
    const empty = await mkdtemp(join(tmpdir(), "hebblab-cifar-empty-"));
    await expect(loadSplit(DataConfig.parse({ source: `cifar10:${empty}` }))).rejects.toThrow(/needs data_batch_1\.bin .* and test_batch\.bin/);
    await rm(empty, { recursive: true });
    await expect(loadSplit(DataConfig.parse({ source: `cifar10:${dir}`, train: 500 }))).rejects.toThrow(/500 images asked for, the files hold 100/);
  });

  it("train a KH layer (color receptive fields, α recorded) and an MLP from the CLI", async () => {
    const kh = await runCli(["train", "--data", `cifar10:${dir}`, "--hidden", "20", "--epochs", "2", "--readout-epochs", "2", "--out", join(dir, "kh.json")]);
    expect(kh.err).not.toMatch(/hebblab: (?!warning)/);
    const r = JSON.parse(await readFile(join(dir, "kh.json"), "utf8"));
    expect(r.data).toMatchObject({ rows: 32, cols: 32, channels: 3, dim: 3072 });
    expect(r.metrics.spectrum).toHaveProperty("alphaWeighted");
    const png = PNG.sync.read(Buffer.from(await readFile(join(dir, "kh.fields.png"))));
    expect(png.width).toBe(10 * 32 * 3 + 9);
    let color = 0;
    for (let i = 0; i < png.width * png.height; i++) if (png.data[4 * i] !== png.data[4 * i + 1] || png.data[4 * i + 1] !== png.data[4 * i + 2]) color++;
    expect(color).toBeGreaterThan(1000);
    expect(await readFile(join(dir, "kh.fields.svg"), "utf8")).toContain("per RGB channel");
    const mlp = await runCli(["train", "--model", "mlp", "--data", `cifar10:${dir}`, "--hidden", "16", "--epochs", "1", "--set", "analyses.isometry.images=20", "--set", "analyses.jacobian.images=20", "--out", join(dir, "mlp.json")]);
    expect(mlp.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, "mlp.json"), "utf8")).data.dim).toBe(3072);
  }, 120_000);
});
