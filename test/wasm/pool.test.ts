import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KrotovHopfield } from "../../src/kinds/kh/learner.js";
import { KhSection } from "../../src/kinds/kh/config.js";
import { Rng } from "../../src/rng.js";
import { init } from "../../src/wasm/init.js";
import { createPool, KernelPool } from "../../src/wasm/pool.js";
import { gemmF32 } from "../../src/kernels/reference/gemm.js";
import { firstBitDiff } from "../bits.js";
import { mismatch, TOL } from "../tolerances.js";


describe("KernelPool on worker_threads over one shared memory", () => {
  let pool2: KernelPool;
  let pool3: KernelPool;
  beforeAll(async () => {
    pool2 = await createPool({ threads: 2, build: "simd" });
    pool3 = await createPool({ threads: 3, build: "simd" });
  });
  afterAll(async () => {
    await pool2?.dispose();
    await pool3?.dispose();
  });

  it("starts threads − 1 workers on the shared-memory build", () => {
    expect(pool2.threads).toBe(2);
    expect(pool3.threads).toBe(3);
    expect(pool2.wasm.build).toBe("threads");
    expect(pool2.wasm.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  // Shapes with row counts that are not multiples of 4 or of the thread count, and tail columns.
  const SHAPES = [
    { M: 2000, N: 100, K: 784, m0: 0, m1: 2000 },
    { M: 37, N: 13, K: 29, m0: 3, m1: 34 },
    { M: 9, N: 8, K: 5, m0: 0, m1: 9 },
    { M: 3, N: 17, K: 4, m0: 0, m1: 3 },
  ];
  for (const { M, N, K, m0, m1 } of SHAPES) {
    it(`gemm split by rows is bit for bit one serial call (M=${M} N=${N} K=${K} rows [${m0}, ${m1}))`, async () => {
      const serial = await init({ build: "simd" });
      const rng = new Rng(M * 1000 + N);
      const a = rng.fillNormal(new Float32Array(M * K));
      const b = rng.fillNormal(new Float32Array(K * N));
      const run = (w: typeof serial, gemm: (c: number, pa: number, pb: number) => void) => {
        const mark = w.arena.mark();
        const pa = w.arena.putF32(a);
        const pb = w.arena.putF32(b);
        const pc = w.arena.putF32(new Float32Array(M * N).fill(7));
        gemm(pc, pa, pb);
        const out = w.arena.f32(pc, M * N).slice();
        w.arena.release(mark);
        return out;
      };
      const one = run(serial, (c, pa, pb) => serial.exports.gemm_f32(c, pa, pb, m0, m1, N, K));
      for (const pool of [pool2, pool3]) {
        const many = run(pool.wasm, (c, pa, pb) => pool.gemm(c, pa, pb, m0, m1, N, K));
        expect(firstBitDiff(many, one)).toBe(-1);
      }
      // And both are the product (rows outside the range untouched); the f64 twin is slow, so small shapes only.
      if (M * N * K > 1e6) return;
      const twin = new Float32Array(M * N).fill(7);
      gemmF32(twin, a, b, m0, m1, N, K);
      expect(mismatch(one, twin, TOL.f32Dot)).toBeNull();
    });
  }

  it("relu^n features split by slices are bit for bit one serial call", async () => {
    const serial = await init({ build: "simd" });
    const n = 4099;
    const x = new Rng(5).fillNormal(new Float32Array(n));
    const run = (w: typeof serial, f: (p: number) => void) => {
      const mark = w.arena.mark();
      const p = w.arena.putF32(x);
      f(p);
      const out = w.arena.f32(p, n).slice();
      w.arena.release(mark);
      return out;
    };
    const one = run(serial, (p) => serial.exports.relu_pow_f32(p, p, n, 4.5));
    const many = run(pool3.wasm, (p) => pool3.reluPow(p, p, n, 4.5));
    expect(firstBitDiff(many, one)).toBe(-1);
  });

  it("reports a kernel that traps in a worker as an error on the caller", () => {
    const w = pool2.wasm;
    const beyond = w.memory.buffer.byteLength + 65536;
    // Slice 0 (caller) does nothing; slice 1 reads far outside memory and traps in the worker.
    expect(() => pool2.run("gemm_f32", [[], [beyond, beyond, beyond, 0, 4, 8, 8]])).toThrow(/failed in a worker/);
    // The pool still works afterwards.
    const mark = w.arena.mark();
    const pa = w.arena.putF32(new Float32Array(8 * 2).fill(1));
    const pb = w.arena.putF32(new Float32Array(2 * 3).fill(2));
    const pc = w.arena.allocF32(8 * 3);
    pool2.gemm(pc, pa, pb, 0, 8, 3, 2);
    expect(Array.from(w.arena.f32(pc, 24))).toEqual(new Array(24).fill(4));
    w.arena.release(mark);
  });

  it("KH training gives the same weights on 1, 2 and 3 threads (same seed)", async () => {
    const cfg = KhSection.parse({ hidden: 61, epochs: 2, batch: 50, k: 3 });
    const D = 64;
    // Batches of 50 (groups with a scalar tail of columns) and a last batch of 5 (one group on any pool).
    const n = 205;
    const rng = new Rng(11);
    const images = new Float32Array(n * D);
    for (let i = 0; i < images.length; i++) images[i] = rng.uniform() < 0.3 ? rng.uniform() : 0;
    const train = (w: Awaited<ReturnType<typeof init>>, pool?: KernelPool) => {
      const l = KrotovHopfield.create(w, cfg, D, new Rng(3), { pool });
      try {
        l.train(images, n, { rng: new Rng(4) });
        // trainBatch loads its batch itself (no gather): the same step on a given batch of 37.
        l.trainBatch(images.subarray(0, 37 * D), 37, 0.01);
        return { w: l.weights(), f: l.features(images, n, 4.5) };
      } finally {
        l.dispose();
      }
    };
    const one = train(await init({ build: "simd" }));
    for (const pool of [pool2, pool3]) {
      const many = train(pool.wasm, pool);
      expect(firstBitDiff(many.w, one.w)).toBe(-1);
      expect(firstBitDiff(many.f, one.f)).toBe(-1);
    }
    // The check can fail: another seed gives other weights.
    const other = KrotovHopfield.create(await init({ build: "simd" }), cfg, D, new Rng(5));
    other.train(images, n, { rng: new Rng(4) });
    expect(firstBitDiff(other.weights(), one.w)).not.toBe(-1);
    other.dispose();
  });
});

describe("createPool fallbacks", () => {
  it("threads = 1 keeps the private-memory simd build, without workers", async () => {
    // build simd, since `auto` would pick the relaxed (shared-memory) build on an engine with relaxed SIMD.
    const p = await createPool({ threads: 1, build: "simd" });
    expect(p.threads).toBe(1);
    expect(p.wasm.build).toBe("simd");
    await p.dispose();
  });

  it("the scalar build always runs on one thread", async () => {
    const p = await createPool({ threads: 4, build: "scalar" });
    expect(p.threads).toBe(1);
    expect(p.wasm.build).toBe("scalar");
    await p.dispose();
  });

  it("rejects a thread count that is not a positive integer", async () => {
    await expect(createPool({ threads: 0 })).rejects.toThrow(/threads/);
    await expect(createPool({ threads: 1.5 })).rejects.toThrow(/threads/);
  });

  it("a task posted the moment the workers are ready is not lost (start-up race)", async () => {
    for (let rep = 0; rep < 12; rep++) {
      const p = await createPool({ threads: 3, build: "simd" });
      const w = p.wasm;
      const mark = w.arena.mark();
      const pa = w.arena.putF32(new Float32Array(12 * 2).fill(1));
      const pb = w.arena.putF32(new Float32Array(2 * 4).fill(3));
      const pc = w.arena.allocF32(12 * 4);
      p.gemm(pc, pa, pb, 0, 12, 4, 2);
      expect(Array.from(w.arena.f32(pc, 48))).toEqual(new Array(48).fill(6));
      w.arena.release(mark);
      await p.dispose();
    }
  });

  it("a pool that is never disposed does not keep Node running", () => {
    const viteNode = fileURLToPath(new URL("../../node_modules/vite-node/vite-node.mjs", import.meta.url));
    const child = fileURLToPath(new URL("./noDispose.child.ts", import.meta.url));
    const r = spawnSync(process.execPath, [viteNode, child], { encoding: "utf8", timeout: 30_000 });
    expect(r.signal, "the child was killed by the timeout: the pool kept it alive").toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/used the pool/);
  }, 40_000);

  it("a pool cannot be used after dispose", async () => {
    const p = await createPool({ threads: 2, build: "simd" });
    await p.dispose();
    expect(() => p.gemm(0, 0, 0, 0, 4, 4, 4)).toThrow(/dispose/);
  });
});
