// Issue 10: inputs scaled to unit L^q norm, on the host for learning and inside the model's forward.
import { beforeAll, describe, expect, it } from "vitest";
import { normalizeInputs } from "../../../src/kinds/local/inputNorm.js";
import { LocalModel } from "../../../src/kinds/local/model.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";
import { mismatch, TOL } from "../../tolerances.js";

const D = 12;
const H = 7;
const C = 3;

const lpNorm = (x: ArrayLike<number>, q: number) => Math.pow(Array.from(x).reduce((s, v) => s + Math.pow(Math.abs(v), q), 0), 1 / q);

function model(q: number | "none", seed = 1): LocalModel {
  const rng = new Rng(seed);
  return new LocalModel(
    { inputDim: D, hidden: H, classes: C, p: 3, n: 3, inputNorm: q },
    {
      synapses: rng.fillNormal(new Float32Array(H * D), 0, 0.5),
      readoutWeight: rng.fillNormal(new Float32Array(H * C)),
      readoutBias: rng.fillNormal(new Float32Array(C)),
      mean: rng.fillUniform(new Float32Array(H), 0, 0.1),
      std: rng.fillUniform(new Float32Array(H), 0.5, 2),
    },
  );
}

describe("normalizeInputs (host, before learning)", () => {
  it("gives every row unit L^q norm for q = 1, 2, 3, 4.5 and keeps directions", () => {
    const rng = new Rng(2);
    const x = rng.fillUniform(new Float32Array(5 * D));
    for (const q of [1, 2, 3, 4.5]) {
      const y = normalizeInputs(x, 5, D, q);
      for (let i = 0; i < 5; i++) {
        expect(lpNorm(y.subarray(i * D, (i + 1) * D), q)).toBeCloseTo(1, 6);
        const s = lpNorm(x.subarray(i * D, (i + 1) * D), q);
        expect(mismatch(y.subarray(i * D, (i + 1) * D), Array.from(x.subarray(i * D, (i + 1) * D), (v) => v / s), TOL.f32)).toBeNull();
      }
    }
  });

  it("'none' returns the images themselves; an all-zero image stays zero", () => {
    const x = new Float32Array(2 * D).fill(0.5);
    expect(normalizeInputs(x, 2, D, "none")).toBe(x);
    x.fill(0, 0, D);
    const y = normalizeInputs(x, 2, D, 3);
    expect(Array.from(y.subarray(0, D))).toEqual(new Array(D).fill(0));
    expect(lpNorm(y.subarray(D), 3)).toBeCloseTo(1, 6);
  });

  it("rejects NaN, a wrong length and a bad q, naming the image", () => {
    const x = new Float32Array(2 * D).fill(0.5);
    x[D + 4] = NaN;
    expect(() => normalizeInputs(x, 2, D, 3)).toThrow(/image 1 .*index 4/);
    expect(() => normalizeInputs(new Float32Array(5), 2, D, 3)).toThrow(/expected n × d/);
    expect(() => normalizeInputs(new Float32Array(2 * D), 2, D, 0.5)).toThrow(/p must be/);
  });
});

describe("LocalModel with input normalization (inside the differentiable model)", () => {
  beforeAll(() => initTf());

  it("predictions do not change when an input is scaled by a positive factor", () => {
    const m = model(3);
    const x = new Rng(5).fillUniform(new Float32Array(4 * D), 0.05, 1);
    const base = tf.tidy(() => m.logits(tf.tensor2d(x, [4, D])).dataSync());
    for (const c of [0.01, 0.3, 7, 250]) {
      const scaled = tf.tidy(() => m.logits(tf.tensor2d(x.map((v) => v * c), [4, D])).dataSync());
      expect(mismatch(scaled, base, TOL.f32Path)).toBeNull();
    }
    // Without normalization the same scaling changes the logits (the test can fail).
    const raw = model("none");
    const a = tf.tidy(() => raw.logits(tf.tensor2d(x, [4, D])).dataSync());
    const b = tf.tidy(() => raw.logits(tf.tensor2d(x.map((v) => v * 7), [4, D])).dataSync());
    expect(mismatch(b, a, TOL.f32Path)).not.toBeNull();
    m.dispose();
    raw.dispose();
  });

  it("its forward equals the host normalization followed by the unnormalized model", () => {
    const m = model(3);
    const raw = model("none");
    const x = new Rng(6).fillUniform(new Float32Array(3 * D));
    const a = tf.tidy(() => m.logits(tf.tensor2d(x, [3, D])).dataSync());
    const b = tf.tidy(() => raw.logits(tf.tensor2d(normalizeInputs(x, 3, D, 3), [3, D])).dataSync());
    expect(mismatch(a, b, TOL.f32Path)).toBeNull();
    m.dispose();
    raw.dispose();
  });

  it("the input gradient through the normalization matches central differences (q = 2, 3)", () => {
    for (const q of [2, 3]) {
      const m = model(q, 4);
      const rng = new Rng(11 + q);
      const x0 = rng.fillUniform(new Float64Array(3 * D), 0.2, 0.8);
      const dir = rng.fillNormal(new Float64Array(3 * D));
      const r = Float32Array.from(rng.fillNormal(new Float64Array(3 * C)));
      const f = (x: tf.Tensor) => tf.sum(tf.mul(m.logits(x as tf.Tensor2D), tf.tensor2d(r, [3, C])));
      // f64 central difference of the f32 model along dir: the step is large enough for f32 rounding.
      const lossAt = (s: number) => tf.tidy(() => f(tf.tensor2d(Float32Array.from(x0, (v, i) => v + s * dir[i]), [3, D])).dataSync()[0]);
      const h = 1e-2;
      const fd = (lossAt(h) - lossAt(-h)) / (2 * h);
      const g = tf.tidy(() => tf.grad(f)(tf.tensor2d(Float32Array.from(x0), [3, D])).dataSync());
      const analytic = Array.from(g).reduce((s, gi, i) => s + gi * dir[i], 0);
      expect(Math.abs(analytic - fd)).toBeLessThan(TOL.fdF32.atol + TOL.fdF32.rtol * Math.abs(fd));
      m.dispose();
    }
  });

  it("an all-zero image gives finite logits and gradients, not NaN", () => {
    const m = model(3);
    const zero = tf.zeros([1, D]) as tf.Tensor2D;
    const l = tf.tidy(() => m.logits(zero).dataSync());
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(m.logits(x as tf.Tensor2D)))(zero).dataSync());
    expect(Array.from(l).every(Number.isFinite)).toBe(true);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    zero.dispose();
    m.dispose();
  });
});
