import { beforeAll, describe, expect, it } from "vitest";
import { PerParameterAdam } from "../../../src/kinds/hierarchical/adam.js";
import { levelLabels, levelName } from "../../../src/kinds/hierarchical/config.js";
import { HierarchicalNet, hierarchicalFromArtifacts, initialWeights, orthogonal } from "../../../src/kinds/hierarchical/model.js";
import { frozenLayers, maxNormalizedPenalty } from "../../../src/kinds/hierarchical/train.js";
import type { Mlp } from "../../../src/kinds/mlp/model.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";
import { directionalCheck, tinyBatch } from "../../models/fd.js";
import { mismatch, TOL } from "../../tolerances.js";

const SMALL = { inputDim: 6, classes: 4, width: 5, levels: 2, depthPerLevel: 2, hierarchy: [[[0, 1], [2, 3]], [[0], [1], [2], [3]]] };

beforeAll(() => initTf());

describe("orthogonal initialization (torch.nn.init.orthogonal_)", () => {
  for (const [rows, cols] of [
    [7, 7],
    [9, 4],
    [3, 8],
  ] as const) {
    it(`[${rows}, ${cols}]: orthonormal ${rows >= cols ? "columns" : "rows"}, and Qᵀ·G upper triangular with a positive diagonal for the Gaussian G it was drawn from`, () => {
      const q = orthogonal(rows, cols, new Rng(5));
      const [m, n] = rows >= cols ? [rows, cols] : [cols, rows];
      const col = (j: number) => Float64Array.from({ length: m }, (_, k) => (rows >= cols ? q[k * cols + j] : q[j * cols + k]));
      const g = new Rng(5);
      const gauss = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => g.normal()));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const dot = col(i).reduce((s, v, k) => s + v * col(j)[k], 0);
          expect(Math.abs(dot - (i === j ? 1 : 0)), `q${i}·q${j}`).toBeLessThan(1e-6);
          const r = col(i).reduce((s, v, k) => s + v * gauss[j][k], 0);
          if (i > j) expect(Math.abs(r), `R[${i},${j}]`).toBeLessThan(1e-5);
          if (i === j) expect(r).toBeGreaterThan(0);
        }
      }
    });
  }
});

describe("the hierarchical network", () => {
  it("reads level b through the shared head after depthPerLevel·(b + 1) hidden layers; logits are the finest level's; it saves and loads", async () => {
    const net = new HierarchicalNet(SMALL, initialWeights(SMALL, new Rng(1)));
    expect(net.hiddenNames).toEqual(["h1", "h2", "h3", "h4", "h5"]);
    expect([net.readoutOf(0), net.readoutOf(1)]).toEqual(["h3", "h5"]);
    const { x } = tinyBatch(2, 3, SMALL.inputDim, 4);
    const xt = tf.tensor2d(x, [3, SMALL.inputDim]);
    // The written-out forward in f64: tanh layers, then the head.
    const params = await Promise.all(net.trainableVariables().map(async (v) => (await v.data()) as Float32Array));
    const ref = (depth: number) => {
      const out: number[] = [];
      for (let s = 0; s < 3; s++) {
        let h = Array.from(x.subarray(s * 6, (s + 1) * 6));
        for (let l = 0; l <= depth; l++) {
          const [w, b] = l < depth ? [params[2 * l], params[2 * l + 1]] : [params[params.length - 2], params[params.length - 1]];
          const fanOut = b.length;
          const z = Array.from({ length: fanOut }, (_, j) => b[j] + h.reduce((a, v, i) => a + v * w[i * fanOut + j], 0));
          h = l < depth ? z.map(Math.tanh) : z;
        }
        out.push(...h);
      }
      return out;
    };
    expect(mismatch(net.levelLogits(xt, 0).dataSync(), ref(3), TOL.f32Path)).toBeNull();
    expect(mismatch(net.logits(xt).dataSync(), ref(5), TOL.f32Path)).toBeNull();
    expect(mismatch(net.logits(xt).dataSync(), net.levelLogits(xt, 1).dataSync(), TOL.exact)).toBeNull();
    const back = hierarchicalFromArtifacts(await net.serialize());
    expect(back.kind).toBe("hierarchical");
    expect(Array.from(back.logits(xt).dataSync())).toEqual(Array.from(net.logits(xt).dataSync()));
    expect(net.representationLabel("h3")).toBe("h3, level 1 readout");
    back.dispose();
    net.dispose();
    xt.dispose();
  });

  it("level labels follow the hierarchy, and a hierarchy that does not partition the classes is named", () => {
    const [coarse, fine] = levelLabels(SMALL.hierarchy, [3, 0, 2, 1], 4);
    expect(Array.from(coarse)).toEqual([1, 0, 1, 0]);
    expect(Array.from(fine)).toEqual([3, 0, 2, 1]);
    expect(() => levelLabels([[[0, 1], [2]]], [0], 4)).toThrow(/hierarchy\[0\]: class 3 is in no group/);
    expect(() => levelLabels([[[0, 1], [1, 2, 3]]], [0], 4)).toThrow(/class 1 is in two groups/);
    expect(() => levelLabels([[[0, 1, 2, 3, 9]]], [0], 4)).toThrow(/class 9 does not exist/);
    expect(levelName([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])).toBe("0–4 | 5–9");
    expect(levelName([[0, 1], [2, 3]])).toBe("01 | 23");
  });

  it("freezes what each level leaves alone: the earlier levels' layers, or the seed's counting", () => {
    const sets = (m: "earlier-levels" | "seed", b: number) => {
      const f = frozenLayers(m, b, 4);
      return { layers: [...f.layers], weights: [...f.weights] };
    };
    expect(sets("earlier-levels", 0)).toEqual({ layers: [], weights: [] });
    expect(sets("earlier-levels", 1)).toEqual({ layers: [0, 1, 2, 3, 4], weights: [] });
    expect(sets("earlier-levels", 2).layers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sets("seed", 0)).toEqual({ layers: [], weights: [1] });
    expect(sets("seed", 1)).toEqual({ layers: [1, 2, 3, 4], weights: [] });
  });
});

describe("PyTorch's Adam with a step count per parameter", () => {
  it("matches the update written out in f64 and leaves a parameter without a gradient alone", () => {
    const a = tf.variable(tf.tensor1d([0.5, -1]));
    const b = tf.variable(tf.tensor1d([2]));
    const adam = new PerParameterAdam(0.1);
    const grads = [
      [0.3, -0.2],
      [0.1, 0.4],
      [-0.5, 0.05],
    ];
    let ref = [0.5, -1];
    let m = [0, 0];
    let v = [0, 0];
    grads.forEach((g, t) => {
      adam.step(new Map([[a, tf.tensor1d(g)]]));
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] * g[i]);
      ref = ref.map((p, i) => p - ((0.1 / (1 - 0.9 ** (t + 1))) * m[i]) / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** (t + 1)) + 1e-8));
    });
    expect(mismatch(a.dataSync(), ref, TOL.f32Path)).toBeNull();
    expect(b.dataSync()[0]).toBe(2);
    // b's first step is its own step 1: the same update as a's first.
    adam.step(new Map([[b, tf.tensor1d([0.3])]]));
    expect(b.dataSync()[0]).toBeCloseTo(2 - 0.1, 5);
    const snap = adam.snapshot([a, b]);
    expect(snap.steps).toEqual([3, 1]);
    adam.dispose();
    a.dispose();
    b.dispose();
  });
});

describe("the first version's max-normalized isometric term", () => {
  it("is λ·(mean((M⊙D_h/(K·max) − M⊙D_x/max)²))² and has the gradient of central differences", () => {
    const net = new HierarchicalNet(SMALL, initialWeights(SMALL, new Rng(3)));
    const { x, labels } = tinyBatch(4, 8, SMALL.inputDim, 2);
    const xt = tf.tensor2d(x, [8, SMALL.inputDim]);
    const yt = tf.tensor1d(labels, "int32");
    const h = net.hidden(xt, "h3");
    const hd = h.dataSync();
    const dist = (a: ArrayLike<number>, d: number, i: number, j: number) => Math.sqrt(Array.from({ length: d }, (_, k) => (a[i * d + k] - a[j * d + k]) ** 2).reduce((s, t) => s + t, 0));
    const same = (i: number, j: number) => i !== j && labels[i] === labels[j];
    let mh = 0;
    let mx = 0;
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) if (same(i, j)) [mh, mx] = [Math.max(mh, dist(hd, 5, i, j)), Math.max(mx, dist(x, 6, i, j))];
    let s = 0;
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) if (same(i, j)) s += (dist(hd, 5, i, j) / (0.1 * mh) - dist(x, 6, i, j) / mx) ** 2;
    const want = 100 * (s / 64) ** 2;
    expect(mismatch([maxNormalizedPenalty(h, xt, yt, 100, 0.1).dataSync()[0]], [want], TOL.f32Path)).toBeNull();
    // K = 1 keeps the term moderate for central differences (the max is piecewise: a small step stays on one piece).
    const res = directionalCheck(net as unknown as Mlp, () => maxNormalizedPenalty(net.hidden(xt, "h3"), xt, yt, 1, 1), 1e-3, 9);
    expect(Math.abs(res.analytic)).toBeGreaterThan(1e-4);
    expect(mismatch([res.analytic], [res.numeric], TOL.fdF32), JSON.stringify(res)).toBeNull();
    tf.dispose([xt, yt, h]);
    net.dispose();
  });
});
