// Issue 16: the dense products of backprop on hebblab's pool GEMM (DenseEngine) inside tfjs's autodiff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSplit } from "../../src/data/load.js";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { matMulFast, matMulT } from "../../src/models/matmul.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { MlpTrainer } from "../../src/kinds/mlp/trainer.js";
import { activeDense, DenseEngine, setActiveDense } from "../../src/wasm/dense.js";
import { DenseAdam } from "../../src/training/denseAdam.js";
import { mismatch, TOL } from "../tolerances.js";
import { using } from "../dense.js";

let two: DenseEngine;
beforeAll(async () => {
  await initTf();
  two = await DenseEngine.create({ threads: 2, cacheBytes: 1 << 20 });
});
afterAll(() => two.dispose());

/** op(A)·op(B) in f64 from the row-major values. */
function reference(a: Float32Array, as: number[], b: Float32Array, bs: number[], ta: boolean, tb: boolean): Float64Array {
  const [M, K] = ta ? [as[1], as[0]] : as;
  const N = tb ? bs[0] : bs[1];
  const A = (i: number, k: number) => (ta ? a[k * as[1] + i] : a[i * as[1] + k]);
  const B = (k: number, j: number) => (tb ? b[j * bs[1] + k] : b[k * bs[1] + j]);
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += A(i, k) * B(k, j);
    c[i * N + j] = s;
  }
  return c;
}

describe("DenseEngine (hebblab's GEMM under matMulFast)", () => {
  it("initTf makes a one-thread engine the active one", () => {
    expect(activeDense()).not.toBeNull();
    expect(activeDense()!.threads).toBe(1);
    expect(two.threads).toBe(2);
  });

  it("runs that overlap in one process never leave a disposed engine active", async () => {
    const { restoreDense } = await import("../../src/wasm/dense.js");
    const base = activeDense()!;
    const [a, b] = await Promise.all([DenseEngine.create({ threads: 1 }), DenseEngine.create({ threads: 1 })]);
    const beforeA = setActiveDense(a); // run A starts
    const beforeB = setActiveDense(b); // run B starts while A trains
    restoreDense(a, beforeA); // A ends first: B is active, so nothing changes
    await a.dispose();
    expect(activeDense()).toBe(b);
    restoreDense(b, beforeB); // B ends: the engine before it (A) is gone, so initTf's default
    await b.dispose();
    expect(activeDense()).toBe(base);
  });

  it("op(A)·op(B) equals an f64 product for every transpose combination and tail size, the same bits on 1 and 2 threads", () => {
    const rng = new Rng(1);
    for (const [M, K, N] of [[1, 1, 1], [3, 5, 7], [5, 9, 13], [17, 33, 9], [64, 100, 31]]) {
      for (const ta of [false, true]) for (const tb of [false, true]) {
        const as = ta ? [K, M] : [M, K];
        const bs = tb ? [N, K] : [K, N];
        const av = rng.fillNormal(new Float32Array(M * K));
        const bv = rng.fillNormal(new Float32Array(K * N));
        const a = tf.tensor2d(av, as as [number, number]);
        const b = tf.tensor2d(bv, bs as [number, number]);
        const one = using(activeDense(), () => matMulT(a, b, ta, tb));
        const both = using(two, () => matMulT(a, b, ta, tb));
        expect(one.shape).toEqual([M, N]);
        expect(mismatch(one.dataSync(), reference(av, as, bv, bs, ta, tb), TOL.f32Dot), `${M}×${K}×${N} ${ta} ${tb}`).toBeNull();
        expect(Array.from(both.dataSync())).toEqual(Array.from(one.dataSync()));
        tf.dispose([a, b, one, both]);
      }
    }
  });

  it("propagates NaN and ±Inf as IEEE arithmetic does", () => {
    const a = tf.tensor2d([1, NaN, 0, 2, Infinity, 1], [2, 3]);
    const b = tf.tensor2d([1, 0, 1, -1, 0, 1], [3, 2]);
    const c = using(two, () => matMulFast(a, b)).dataSync();
    expect(Number.isNaN(c[0]) && Number.isNaN(c[1])).toBe(true);
    expect(c[2]).toBe(Infinity);
    expect(c[3]).toBe(-Infinity);
  });

  it("a variable's new value is used after assign (the cache is keyed by the data, not the variable)", () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const w = tf.variable(tf.tensor2d([1, 0, 0, 1], [2, 2]));
    expect(Array.from(using(two, () => matMulFast(x, w)).dataSync())).toEqual([1, 2, 3, 4]);
    w.assign(tf.tensor2d([0, 1, 1, 0], [2, 2]));
    expect(Array.from(using(two, () => matMulFast(x, w)).dataSync())).toEqual([2, 1, 4, 3]);
    expect(Array.from(using(two, () => matMulT(x, w, false, true)).dataSync())).toEqual([2, 1, 4, 3]);
  });

  it("stays right when its 1 MiB cache evicts and when one product needs more (grown in place)", () => {
    const rng = new Rng(4);
    const [evictions, growths] = [two.stats.cacheEvictions, two.stats.cacheGrowths];
    for (const [M, K, N] of [[200, 300, 100], [50, 700, 400], [8, 8, 8], [600, 600, 2], [3, 5, 7]]) {
      for (const [ta, tb] of [[false, false], [true, true]]) {
        const as = ta ? [K, M] : [M, K];
        const bs = tb ? [N, K] : [K, N];
        const av = rng.fillNormal(new Float32Array(M * K));
        const bv = rng.fillNormal(new Float32Array(K * N));
        const a = tf.tensor2d(av, as as [number, number]);
        const b = tf.tensor2d(bv, bs as [number, number]);
        const c = using(two, () => matMulT(a, b, ta, tb));
        expect(mismatch(c.dataSync(), reference(av, as, bv, bs, ta, tb), TOL.f32Dot), `${M}×${K}×${N} ${ta} ${tb}`).toBeNull();
        tf.dispose([a, b, c]);
      }
    }
    expect(two.stats.cacheEvictions).toBeGreaterThan(evictions);
    expect(two.stats.cacheGrowths).toBeGreaterThan(growths);
  });

  it("evicts the least recently used: a fixed operand reused by every product is copied and packed once while the others churn", async () => {
    // As in an attack: the weights stay, every step brings new inputs and outputs. 1 MiB holds the
    // weights (plain + packed, 320 KB) and about four steps of the rest (160 KB each), so it must evict.
    const engine = await DenseEngine.create({ threads: 1, cacheBytes: 1 << 20 });
    const rng = new Rng(5);
    const wv = rng.fillNormal(new Float32Array(200 * 200));
    const w = tf.tensor2d(wv, [200, 200]);
    for (let step = 0; step < 20; step++) {
      const xv = rng.fillNormal(new Float32Array(100 * 200));
      const x = tf.tensor2d(xv, [100, 200]);
      const y = using(engine, () => matMulFast(x, w));
      if (step % 7 === 0) expect(mismatch(y.dataSync(), reference(xv, [100, 200], wv, [200, 200], false, false), TOL.f32Dot)).toBeNull();
      tf.dispose([x, y]);
    }
    expect(engine.stats.cacheEvictions).toBeGreaterThan(0);
    // The weights once, each step's input once; nothing copied twice, and no growth (nothing evicted was needed again).
    expect(engine.stats.copiedInBytes).toBe(4 * 200 * 200 + 20 * 4 * 100 * 200);
    expect(engine.stats.cacheGrowths).toBe(0);
    expect(engine.cacheBytes).toBe(1 << 20);
    w.dispose();
    await engine.dispose();
  });

  it("doubles when an operand it evicted is needed again soon: two weights that do not fit together stop being copied", async () => {
    const engine = await DenseEngine.create({ threads: 1, cacheBytes: 1 << 20 });
    const rng = new Rng(6);
    // Each weight takes 2 × 360 KB (plain + packed): the two cannot both stay in 1 MiB.
    const ws = [0, 1].map(() => tf.tensor2d(rng.fillNormal(new Float32Array(300 * 300)), [300, 300]));
    const x = tf.tensor2d(rng.fillNormal(new Float32Array(4 * 300)), [4, 300]);
    const copied: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (const w of ws) tf.dispose(using(engine, () => matMulFast(x, w)));
      copied.push(engine.stats.copiedInBytes);
    }
    expect(engine.stats.cacheGrowths).toBeGreaterThan(0);
    expect(engine.cacheBytes).toBeGreaterThan(1 << 20);
    // Once grown, a round copies nothing.
    expect(copied.at(-1)).toBe(copied.at(-2));
    tf.dispose([...ws, x]);
    await engine.dispose();
  });

  it("names bad operands", () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(() => using(two, () => matMulFast(a, a))).toThrow(/inner sizes differ, \[2,3\]·\[2,3\]/);
    expect(() => using(two, () => matMulFast(tf.tensor1d([1]) as never, a))).toThrow(/rank-2 operands required/);
  });

  it("first and second derivatives through it match central differences", () => {
    // f(a, b) = Σ tanh(op(a)·op(b)) ⊙ w, and g(b) = ‖∂f/∂a‖² for the gradient's own gradient.
    const rng = new Rng(5);
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      const a = tf.tensor2d(rng.fillNormal(new Float32Array(30)), ta ? [5, 6] : [6, 5]);
      const b = tf.tensor2d(rng.fillNormal(new Float32Array(20)), tb ? [4, 5] : [5, 4]);
      const w = tf.tensor2d(rng.fillNormal(new Float32Array(24)), [6, 4]);
      const ua = tf.tensor2d(rng.fillNormal(new Float32Array(30)), a.shape as [number, number]);
      const ub = tf.tensor2d(rng.fillNormal(new Float32Array(20)), b.shape as [number, number]);
      using(two, () => {
        const f = (aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.tanh(matMulT(aa as tf.Tensor2D, bb as tf.Tensor2D, ta, tb)), w));
        const [ga, gb] = tf.grads(f)([a, b]);
        const h = 1e-2;
        const fd = (t: tf.Tensor, u: tf.Tensor, at: (x: tf.Tensor) => number) => (at(tf.add(t, tf.mul(u, h))) - at(tf.sub(t, tf.mul(u, h)))) / (2 * h);
        const dirA = tf.sum(tf.mul(ga, ua)).dataSync()[0];
        const dirB = tf.sum(tf.mul(gb, ub)).dataSync()[0];
        expect(mismatch([dirA], [fd(a, ua, (x) => f(x, b).dataSync()[0])], TOL.fdF32), `dA ${ta} ${tb}`).toBeNull();
        expect(mismatch([dirB], [fd(b, ub, (x) => f(a, x).dataSync()[0])], TOL.fdF32), `dB ${ta} ${tb}`).toBeNull();
        const lin = (aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(matMulT(aa as tf.Tensor2D, bb as tf.Tensor2D, ta, tb), w));
        const g = (bb: tf.Tensor) => tf.sum(tf.square(tf.grad((aa: tf.Tensor) => lin(aa, bb))(a)));
        const second = tf.sum(tf.mul(tf.grad(g)(b), ub)).dataSync()[0];
        expect(Math.abs(second)).toBeGreaterThan(0.1);
        expect(mismatch([second], [fd(b, ub, (x) => g(x).dataSync()[0])], TOL.fdF32), `second ${ta} ${tb}`).toBeNull();
      });
    }
  });

  it("an MLP epoch gives the same loss bit for bit on 1 and 2 threads, and XNNPACK's within f32 tolerance", async () => {
    const { train, test } = await loadSplit({ source: "mnist", splitSeed: 0, train: 2000, test: 500 });
    const run = async (engine: DenseEngine | null) => {
      const before = setActiveDense(engine);
      try {
        const model = new Mlp({ inputDim: 784, hidden: [300], classes: 10, activation: "relu", noise: null, seed: 1 });
        const trainer = new MlpTrainer(model, new Rng(1), { lr: 1e-3, batch: 100 });
        const e = await trainer.epoch(train);
        const acc = tf.tidy(() => {
          const pred = model.logits(tf.tensor2d(test.images, [test.n, 784])).argMax(1).dataSync();
          let right = 0;
          for (let i = 0; i < test.n; i++) right += pred[i] === test.labels[i] ? 1 : 0;
          return right / test.n;
        });
        trainer.dispose();
        model.dispose();
        return { loss: e.loss, acc };
      } finally {
        setActiveDense(before);
      }
    };
    const products = two.stats.products;
    const one = await run(activeDense());
    const both = await run(two);
    const xnn = await run(null);
    expect(two.stats.products - products).toBeGreaterThanOrEqual(3 * 20); // the engine ran every product of 20 steps
    expect(both).toEqual(one);
    // XNNPACK's wasm GEMM also sums over k in order with a separate multiply and add, so on these
    // shapes the two agree to the bit; the issue asks for f32 tolerance.
    expect(mismatch([one.loss], [xnn.loss], { rtol: 1e-4, atol: 0 })).toBeNull();
    expect(Math.abs(one.acc - xnn.acc)).toBeLessThanOrEqual(0.002 + 1e-12);
  }, 60_000);
});

/**
 * Fresh variables from `init`, one `applyGradients` per step of `grads` (with `bothForms`, alternating
 * tfjs's two forms: a list of { name, tensor } and a map by name); every variable's values after every
 * step. With an engine and one of hebblab's optimizers, checks that the engine did the updates.
 */
function applySteps(engine: DenseEngine | null, opt: tf.Optimizer, shapes: [number, number][], init: Float32Array[], grads: Float32Array[][], bothForms: boolean) {
  const vars = shapes.map((s, i) => tf.variable(tf.tensor2d(init[i], s)));
  const spent = engine?.stats.optimizerMs ?? 0;
  const seen: number[][] = [];
  for (const [k, step] of grads.entries()) {
    tf.tidy(() =>
      opt.applyGradients(
        bothForms && k % 2
          ? Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor2d(step[i], shapes[i])]))
          : vars.map((v, i) => ({ name: v.name, tensor: tf.tensor2d(step[i], shapes[i]) })),
      ),
    );
    seen.push(...vars.map((v) => Array.from(v.dataSync())));
  }
  if (engine && opt instanceof DenseAdam) expect(engine.stats.optimizerMs).toBeGreaterThan(spent);
  return { seen, vars };
}

describe("DenseAdam (tfjs's Adam fused into one pass on the engine)", () => {
  it("gives tf.train.adam's bits, step after step, on 1 and 2 threads, with NaN where tfjs has it", async () => {
    const rng = new Rng(7);
    const shapes: [number, number][] = [[37, 53], [3, 5]];
    const init = shapes.map((s) => rng.fillNormal(new Float32Array(s[0] * s[1])));
    const grads = Array.from({ length: 6 }, (_, step) =>
      shapes.map((s) => {
        const g = rng.fillNormal(new Float32Array(s[0] * s[1]));
        if (step === 4) g[5] = NaN;
        return g;
      }),
    );
    const run = (engine: DenseEngine | null, make: () => tf.Optimizer) =>
      using(engine, () => {
        const opt = make();
        // Both forms tfjs accepts: a map by name, and minimize's list of { name, tensor }.
        const { seen, vars } = applySteps(engine, opt, shapes, init, grads, true);
        opt.dispose();
        tf.dispose(vars);
        return seen;
      });
    const tfjs = run(null, () => tf.train.adam(0.01));
    const one = run(activeDense(), () => new DenseAdam(0.01));
    const both = run(two, () => new DenseAdam(0.01));
    expect(one).toEqual(tfjs);
    expect(both).toEqual(tfjs);
    expect(tfjs.at(-1)!.some(Number.isNaN)).toBe(true);
  });

  it("AMSGrad (mlp.amsgrad): the engine's amsgrad_f32 on 1 and 2 threads and the tfjs-ops fallback give the same bits, step after step, v̂ and NaN included", async () => {
    const rng = new Rng(8);
    const shapes: [number, number][] = [[37, 53], [3, 5]];
    const init = shapes.map((s) => rng.fillNormal(new Float32Array(s[0] * s[1])));
    // Gradients that shrink after the first steps, so the running maximum v̂ holds for many entries.
    const grads = Array.from({ length: 6 }, (_, step) =>
      shapes.map((s) => {
        const g = rng.fillNormal(new Float32Array(s[0] * s[1]), 0, step < 2 ? 1 : 0.01);
        if (step === 4) g[5] = NaN;
        return g;
      }),
    );
    const run = async (engine: DenseEngine | null, amsgrad: boolean) => {
      const opt = new DenseAdam(0.01, 0.9, 0.999, { amsgrad });
      const { seen, vars } = using(engine, () => applySteps(engine, opt, shapes, init, grads, false));
      const state = await opt.getWeights();
      // Iterations, then m, v (and v̂) per variable.
      seen.push(...state.slice(1).map((w) => Array.from(w.tensor.dataSync())));
      expect(state.length).toBe(1 + (amsgrad ? 3 : 2) * vars.length);
      state[0].tensor.dispose();
      opt.dispose();
      tf.dispose(vars);
      return seen;
    };
    const fallback = await run(null, true);
    expect(await run(activeDense(), true)).toEqual(fallback);
    expect(await run(two, true)).toEqual(fallback);
    expect(fallback.at(-1)!.some(Number.isNaN)).toBe(true);
    // v̂ held above v somewhere, and the weights are not plain Adam's.
    const [v, vhat] = [fallback.at(-3)!, fallback.at(-1)!];
    expect(vhat.some((h, i) => h > v[i])).toBe(true);
    const adam = await run(null, false);
    expect(adam[grads.length * shapes.length - 2]).not.toEqual(fallback[grads.length * shapes.length - 2]);
  });
});
