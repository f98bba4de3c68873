import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runTraining } from "../../src/runner/train.js";

/** A run small enough for a unit test (hidden not a multiple of 4, so the row split has a tail). */
const TINY = {
  seed: 7,
  data: { train: 300, test: 100 },
  kh: { hidden: 34, epochs: 2, batch: 50 },
  readout: { epochs: 2 },
};

describe("training on 1 and 2 kernel threads", () => {
  it("gives the same numbers (same seed) and records the threads used", async () => {
    const one = await runTraining({ ...TINY, threads: 1 });
    const two = await runTraining({ ...TINY, threads: 2 });
    try {
      expect(one.results.backend.threads).toBe(1);
      expect(two.results.backend.threads).toBe(2);
      expect(two.results.backend.kernels).toBe(one.results.backend.kernels);
      const syn = async (m: typeof one.model) => (await m.serialize()).tensors.synapses.data as Float32Array;
      const [s1, s2] = [await syn(one.model), await syn(two.model)];
      expect(Buffer.from(s2.buffer, s2.byteOffset, s2.byteLength).equals(Buffer.from(s1.buffer, s1.byteOffset, s1.byteLength))).toBe(true);
      expect(two.results.metrics).toEqual(one.results.metrics);
      expect(one.results.metrics.testAccuracy).toBeGreaterThan(0);
    } finally {
      one.model.dispose();
      two.model.dispose();
    }
  });

  it("defaults to every core and rejects a bad thread count, naming the field", async () => {
    const d = await runTraining({ ...TINY, kh: { ...TINY.kh, epochs: 1 } });
    d.model.dispose();
    expect(d.results.config.threads).toBeUndefined();
    expect(d.results.backend.threads).toBe(Math.min(64, availableParallelism()));
    await expect(runTraining({ ...TINY, threads: 0 })).rejects.toThrow(/threads/);
  });
});

describe("hebblab train --threads", () => {
  it("prints and records the threads it used", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-threads-"));
    const out = join(dir, "r.json");
    const printed: string[] = [];
    const origOut = process.stdout.write.bind(process.stdout);
    const origErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => (printed.push(String(s)), true)) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await main(["node", "hebblab", "train", "--train-size", "200", "--test-size", "50", "--hidden", "20", "--epochs", "1", "--readout-epochs", "1", "--threads", "2", "--out", out]);
      const r = JSON.parse(await readFile(out, "utf8"));
      expect(r.config.threads).toBe(2);
      expect(r.backend.threads).toBe(2);
      expect(printed.join("")).toMatch(/on 2 threads/);
    } finally {
      process.stdout.write = origOut;
      process.stderr.write = origErr;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
