import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../../src/kinds/loadModelNode.js";
import { saveModel } from "../../../src/models/io.js";
import { LocalModel } from "../../../src/kinds/local/model.js";
import { softmaxFeatures } from "../../../src/kinds/softhebb/features.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";
import { makeAttack } from "../../../src/attacks/registry.js";
import { activeDense, DenseEngine } from "../../../src/wasm/dense.js";
import { mismatch, TOL } from "../../tolerances.js";
import { using } from "../../dense.js";

const D = 12;
const H = 7;
const C = 3;

function makeModel(n: number, seed = 1): { model: LocalModel; w: Float32Array; v: Float32Array; b: Float32Array; mean: Float32Array; std: Float32Array } {
  const rng = new Rng(seed);
  const w = rng.fillNormal(new Float32Array(H * D), 0, 0.5);
  const v = rng.fillNormal(new Float32Array(H * C));
  const b = rng.fillNormal(new Float32Array(C));
  const mean = rng.fillUniform(new Float32Array(H), 0, 0.5);
  const std = rng.fillUniform(new Float32Array(H), 0.5, 2);
  const model = new LocalModel({ inputDim: D, hidden: H, classes: C, p: 3, n }, { synapses: w, readoutWeight: v, readoutBias: b, mean, std });
  return { model, w, v, b, mean, std };
}

/** The pipeline's forward written out in f64 on the host. */
function referenceLogits(x: Float32Array, m: number, p: ReturnType<typeof makeModel>, n: number): Float64Array {
  const out = new Float64Array(m * C);
  for (let s = 0; s < m; s++) {
    const z = new Float64Array(H);
    for (let u = 0; u < H; u++) {
      let i = 0;
      for (let d = 0; d < D; d++) i += p.w[u * D + d] * x[s * D + d];
      z[u] = (Math.pow(Math.max(i, 0), n) - p.mean[u]) / p.std[u];
    }
    for (let c = 0; c < C; c++) {
      let l = p.b[c];
      for (let u = 0; u < H; u++) l += z[u] * p.v[u * C + c];
      out[s * C + c] = l;
    }
  }
  return out;
}

describe("LocalModel (tfjs forward of the Krotov–Hopfield model)", () => {
  beforeAll(() => initTf());

  it("logits equal the written-out formula relu(x·W̃ᵀ)^n → standardize → linear", () => {
    const p = makeModel(4.5);
    const x = new Rng(9).fillUniform(new Float32Array(5 * D));
    const got = tf.tidy(() => p.model.logits(tf.tensor2d(x, [5, D])).dataSync());
    expect(mismatch(got, referenceLogits(x, 5, p, 4.5), TOL.f32Dot)).toBeNull();
    p.model.dispose();
  });

  it("input gradient (custom untransposed matMul) matches central finite differences", () => {
    const n = 2;
    const p = makeModel(n, 4);
    const rng = new Rng(11);
    const x0 = rng.fillUniform(new Float64Array(3 * D), 0.2, 0.8);
    const dir = rng.fillNormal(new Float64Array(3 * D));
    const r = rng.fillNormal(new Float64Array(3 * C));
    // Loss L(x) = Σ r ⊙ logits(x), evaluated in f64 on the host for the finite difference.
    const loss = (x: Float64Array) => referenceLogits(Float32Array.from(x), 3, p, n).reduce((s, l, i) => s + l * r[i], 0);
    const h = 1e-4;
    const fd = (loss(x0.map((v, i) => v + h * dir[i])) - loss(x0.map((v, i) => v - h * dir[i]))) / (2 * h);
    const g = tf.tidy(() => {
      const f = (x: tf.Tensor) => tf.sum(tf.mul(p.model.logits(x as tf.Tensor2D), tf.tensor2d(Float32Array.from(r), [3, C])));
      return tf.grad(f)(tf.tensor2d(Float32Array.from(x0), [3, D])).dataSync();
    });
    const analytic = Array.from(g).reduce((s, gi, i) => s + gi * dir[i], 0);
    expect(Math.abs(analytic - fd)).toBeLessThan(TOL.gradF32.atol + TOL.gradF32.rtol * Math.abs(fd));
    p.model.dispose();
  });

  it("hidden representations are the currents and relu(I)^n", () => {
    const p = makeModel(3);
    const x = new Rng(2).fillUniform(new Float32Array(2 * D));
    tf.tidy(() => {
      const xt = tf.tensor2d(x, [2, D]);
      const i = p.model.hidden(xt, "currents").dataSync();
      const f = p.model.hidden(xt, "features").dataSync();
      expect(mismatch(f, Array.from(i, (v) => Math.max(v, 0) ** 3), TOL.f32)).toBeNull();
      expect(() => p.model.hidden(xt, "nope")).toThrow(/no hidden representation 'nope'/);
    });
    p.model.dispose();
  });

  it("saves and loads to the same logits", async () => {
    const p = makeModel(4.5);
    const dir = await mkdtemp(join(tmpdir(), "hebblab-kh-"));
    try {
      await saveModel(dir, p.model, { note: "test" });
      const { model, meta } = await loadModel(dir);
      expect(meta.note).toBe("test");
      const x = tf.tensor2d(new Rng(3).fillUniform(new Float32Array(4 * D)), [4, D]);
      const a = tf.tidy(() => p.model.logits(x).dataSync());
      const b = tf.tidy(() => model.logits(x).dataSync());
      expect(mismatch(b, a, TOL.f32)).toBeNull();
      x.dispose();
      model.dispose();
    } finally {
      p.model.dispose();
      await rm(dir, { recursive: true });
    }
  });
});

describe("LocalModel on the dense engine (issue 25)", () => {
  beforeAll(() => initTf());

  it("gives the XNNPACK path's logits, input gradients and PGD examples bit for bit, on 1 and 2 threads (2,000 units, L³-normalized inputs)", async () => {
    // The default KH model's shapes: 784 inputs, 2,000 units, 10 classes; a batch with a tail row.
    const [d, h, c, b] = [784, 2000, 10, 21];
    const rng = new Rng(21);
    const model = new LocalModel(
      { inputDim: d, hidden: h, classes: c, p: 3, n: 4.5, inputNorm: 3 },
      {
        synapses: rng.fillNormal(new Float32Array(h * d)).map((w) => Math.sign(w) * w * w),
        readoutWeight: rng.fillNormal(new Float32Array(h * c), 0, 0.05),
        readoutBias: rng.fillNormal(new Float32Array(c)),
        mean: rng.fillUniform(new Float32Array(h), 0, 1e-3),
        std: rng.fillUniform(new Float32Array(h), 1e-3, 1e-2),
      },
    );
    const two = await DenseEngine.create({ threads: 2 });
    const x = tf.tensor2d(rng.fillUniform(new Float32Array(b * d)), [b, d]);
    const y = tf.tensor1d(Int32Array.from({ length: b }, (_, i) => i % c), "int32");
    const run = (engine: DenseEngine | null) =>
      using(engine, () => {
        const before = engine?.stats.products ?? 0;
        const logits = tf.tidy(() => model.logits(x).dataSync());
        const grad = tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(y, c), model.logits(xx as tf.Tensor2D)))(x).dataSync());
        const adv = tf.tidy(() => makeAttack("pgd-linf", { steps: 3 }).attack({ model, rng: new Rng(3), loss: "ce", eotSamples: 1 }, x, y, 0.1).dataSync());
        // On an engine every product ran there: 2 per forward, 2 more per input gradient.
        if (engine) expect(engine.stats.products - before).toBeGreaterThanOrEqual(2 + 4 + 3 * 4);
        return { logits, grad, adv };
      });
    const xnnpack = run(null);
    expect(xnnpack.grad.some((g) => g !== 0)).toBe(true);
    for (const engine of [activeDense()!, two]) {
      const got = run(engine);
      for (const k of ["logits", "grad", "adv"] as const) expect(Buffer.from(got[k].buffer).equals(Buffer.from(xnnpack[k].buffer)), `${k} on ${engine.threads} thread(s)`).toBe(true);
    }
    tf.dispose([x, y]);
    model.dispose();
    await two.dispose();
  });
});

describe("LocalModel with the softmax activation (SoftHebb's classifier input)", () => {
  beforeAll(() => initTf());

  it("features are softmax over units of tInv·I, and the input gradient matches central differences", () => {
    const rng = new Rng(31);
    const w = rng.fillNormal(new Float32Array(H * D), 0, 0.5);
    const model = new LocalModel(
      { inputDim: D, hidden: H, classes: C, p: 2 },
      { synapses: w, readoutWeight: rng.fillNormal(new Float32Array(H * C)), readoutBias: new Float32Array(C), mean: new Float32Array(H), std: new Float32Array(H).fill(1) },
      { kind: "softhebb", features: softmaxFeatures(3) },
    );
    try {
      const x = rng.fillUniform(new Float32Array(2 * D));
      const f = tf.tidy(() => model.hidden(tf.tensor2d(x, [2, D]), "features").dataSync());
      for (let s = 0; s < 2; s++) {
        const i = Array.from({ length: H }, (_, u) => w.subarray(u * D, (u + 1) * D).reduce((a, v, d) => a + v * x[s * D + d], 0));
        const m = Math.max(...i);
        const e = i.map((v) => Math.exp(3 * (v - m)));
        const z = e.reduce((a, b) => a + b, 0);
        expect(mismatch(f.subarray(s * H, (s + 1) * H), e.map((v) => v / z), TOL.f32Path)).toBeNull();
      }
      const dir = rng.fillNormal(new Float64Array(2 * D));
      const loss = (xx: tf.Tensor) => tf.sum(tf.square(model.logits(xx as tf.Tensor2D)));
      const at = (h: number) => tf.tidy(() => loss(tf.tensor2d(Float32Array.from(x, (v, k) => v + h * dir[k]), [2, D])).dataSync()[0]);
      const fd = (at(1e-2) - at(-1e-2)) / 2e-2;
      const g = tf.tidy(() => tf.grad(loss)(tf.tensor2d(x, [2, D])).dataSync());
      const analytic = Array.from(g).reduce((a, v, k) => a + v * dir[k], 0);
      expect(Math.abs(analytic - fd)).toBeLessThan(TOL.fdF32.atol + TOL.fdF32.rtol * Math.abs(fd));
    } finally {
      model.dispose();
    }
  });
});
