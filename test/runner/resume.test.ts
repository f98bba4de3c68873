// Issue 11: a run killed after epoch 2 and resumed from its checkpoint ends with the numbers of an
// uninterrupted run (timings aside), for the KH pipeline and for MLPs (Adam, AMSGrad, noise, Jacobian projections).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configHash, decodeCheckpoint, encodeCheckpoint, memoryCheckpoints, type CheckpointStore } from "../../src/runner/checkpoint.js";
import { fileCheckpoints } from "../../src/runner/checkpointNode.js";
import { runTraining, type TrainResults } from "../../src/runner/train.js";

/** A store that "kills" the run right after its `after`-th save. */
function killingStore(inner: CheckpointStore, after: number): CheckpointStore {
  let n = 0;
  return {
    load: () => inner.load(),
    flush: () => inner.flush(),
    clear: () => inner.clear(),
    save: (c) => {
      inner.save(c);
      if (++n === after) throw new Error("killed");
    },
  };
}

/** The results without what may differ between two runs of the same config (wall times, dates). */
function comparable(r: TrainResults): unknown {
  const { timings: _t, startedAt: _s, finishedAt: _f, ...rest } = r;
  return JSON.parse(JSON.stringify(rest, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
}

const data = { train: 300, test: 100 };
const CASES: Record<string, Record<string, unknown>> = {
  kh: { seed: 4, data, kh: { hidden: 30, epochs: 5, batch: 50 }, readout: { epochs: 2 } },
  "mlp + jacobian + poisson noise": {
    seed: 5,
    data,
    model: "mlp",
    mlp: { hidden: [24], epochs: 4, batch: 50, regularizers: [{ name: "jacobian" }], noise: "poisson" }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } },
  },
  // AMSGrad's running maximum v̂ is optimizer state the checkpoint must carry (issue 22).
  "mlp + amsgrad": { seed: 6, data, model: "mlp", mlp: { hidden: [24], epochs: 4, batch: 50, amsgrad: true } },
};

describe("checkpoints", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hebblab-resume-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const [name, cfg] of Object.entries(CASES)) {
    it(`${name}: killed after epoch 2 and resumed, the results are bit for bit those of an uninterrupted run`, async () => {
      const whole = await runTraining(cfg);
      whole.model.dispose();
      const store = fileCheckpoints(join(dir, `${name.replace(/\W+/g, "-")}.checkpoint`));
      await expect(runTraining(cfg, { checkpoints: killingStore(store, 2) })).rejects.toThrow(/killed/);
      expect(store.load()!.meta.epoch).toBe(2);
      const resumed = await runTraining(cfg, { checkpoints: store });
      resumed.model.dispose();
      expect(comparable(resumed.results)).toEqual(comparable(whole.results));
      expect(resumed.results.timings.epochSeconds).toHaveLength(whole.results.timings.epochSeconds.length);
    });
  }

  it("refuses a checkpoint written by another config, naming both", async () => {
    const store = memoryCheckpoints();
    const cfg = CASES.kh;
    await expect(runTraining(cfg, { checkpoints: killingStore(store, 1) })).rejects.toThrow(/killed/);
    await expect(runTraining({ ...cfg, seed: 99 }, { checkpoints: store })).rejects.toThrow(/checkpoint: written by kh config [0-9a-f]+, but this run is kh config [0-9a-f]+/);
  });

  it("encodes and decodes f32 and f64 arrays exactly, and rejects damaged files", () => {
    const c = { meta: { pipeline: "x", configHash: "h", epoch: 3, nested: { a: [1, 2] } }, arrays: { a: Float32Array.of(1.5, NaN, -0), b: Float64Array.of(Math.PI, 1e-300, 7) } };
    const bytes = encodeCheckpoint(c);
    const d = decodeCheckpoint(bytes, "t");
    expect(d.meta).toEqual(c.meta);
    expect(d.arrays.a).toBeInstanceOf(Float32Array);
    expect(Array.from(d.arrays.a)).toEqual([1.5, NaN, -0]);
    expect(Array.from(d.arrays.b)).toEqual([Math.PI, 1e-300, 7]);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 9), "t")).toThrow(/truncated at array 'b'/);
    expect(() => decodeCheckpoint(new Uint8Array(20), "t")).toThrow(/wrong magic/);
    expect(configHash({ b: 1, a: 2, threads: 3 })).toBe(configHash({ a: 2, b: 1 }));
    expect(configHash({ a: 2 })).not.toBe(configHash({ a: 3 }));
  });
});
