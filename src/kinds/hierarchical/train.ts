import { isometryScore } from "../../analysis/isometry.js";
import type { Dataset } from "../../data/types.js";
import { yieldToSignals } from "../../host.js";
import { isometricPenalty, pairwiseDistances } from "../../regularizers/isometric.js";
import { Rng, type RngState } from "../../rng.js";
import { tf } from "../../tf.js";
import type { TrainContext, Trained } from "../types.js";
import { PerParameterAdam } from "./adam.js";
import { levelLabels, levelName, type HierarchicalSection } from "./config.js";
import { HierarchicalNet, initialWeights } from "./model.js";

/** Test images of each level's isometry (as the runner's isometry analysis). */
const ISOMETRY_IMAGES = 1000;

/**
 * Trains the hierarchical network as `HierarchicalRepresentationNetwork.train` does: every batch of
 * a seeded shuffle trains each level in turn, coarse to fine, one Adam step each on
 *
 *   CE(head(h_{readout b}), level-b labels) + λ·mean_{i,j} (K·M_ij·‖h_i − h_j‖ − M_ij·‖x_i − x_j‖)²,
 *
 * M_ij = [same group at level b], x the batch's pixels, with the layers of {@link frozenLayers}
 * left alone. It reports each level's test accuracy and the isometry at its readout depth (with the
 * level's own groups as classes), beside the runner's figures of the finest level.
 */
export async function trainHierarchical(ctx: TrainContext<HierarchicalSection>): Promise<Trained> {
  const { section: c, split, rng, resumed } = ctx;
  const { train, test } = split;
  const levels = c.hierarchy.length;
  const trainLevels = levelLabels(c.hierarchy, train.labels, train.classes);
  const config = { inputDim: train.dim, classes: train.classes, width: c.width, levels, depthPerLevel: c.depthPerLevel, hierarchy: c.hierarchy };
  const model = new HierarchicalNet(config, initialWeights(config, rng.fork("hierarchical-init")));
  const params = model.trainableVariables();
  const adam = new PerParameterAdam(c.lr);
  const shuffle = resumed ? Rng.fromState(resumed.meta.shuffle as RngState) : rng.fork("hierarchical-shuffle");
  const finalLoss: number[][] = [...((resumed?.meta.finalLoss as number[][] | undefined) ?? [])];
  const images = tf.tensor2d(train.images, [train.n, train.dim]);
  const labels = trainLevels.map((l) => tf.tensor1d(l, "int32"));
  try {
    if (resumed) {
      params.forEach((p, i) => p.assign(tf.tensor(Float32Array.from(resumed.arrays[`p${i}`]), p.shape)));
      adam.restore(params, { arrays: resumed.arrays, steps: resumed.meta.steps as number[] });
    }
    for (let e = (resumed?.epoch ?? 0) + 1; e <= c.epochs; e++) {
      const t0 = performance.now();
      const sums = new Float64Array(levels);
      const perm = shuffle.permutation(train.n);
      const batches = Math.ceil(train.n / c.batch);
      for (let s = 0; s < batches; s++) {
        const idx = tf.tensor1d(perm.subarray(s * c.batch, Math.min(train.n, (s + 1) * c.batch)), "int32");
        for (let b = 0; b < levels; b++) sums[b] += levelStep(model, adam, c, b, idx, images, labels[b]);
        idx.dispose();
        await yieldToSignals();
        ctx.onProgress({ stage: "hierarchical", done: Math.min(train.n, (s + 1) * c.batch), total: train.n, unit: "images", epoch: e, epochs: c.epochs, info: { loss: sums[levels - 1] / (s + 1) } });
      }
      finalLoss.push(Array.from(sums, (v) => v / batches));
      const snap = adam.snapshot(params);
      const arrays: Record<string, Float32Array> = { ...snap.arrays };
      params.forEach((p, i) => (arrays[`p${i}`] = (p.dataSync() as Float32Array).slice()));
      ctx.epochDone({ epoch: e, last: e === c.epochs, meta: { shuffle: shuffle.state(), steps: snap.steps, finalLoss }, arrays }, (performance.now() - t0) / 1000);
    }
  } finally {
    images.dispose();
    for (const l of labels) l.dispose();
    adam.dispose();
  }
  return { model, metrics: { levels: await levelFigures(model, c, test), finalTrainLoss: finalLoss.at(-1) ?? null } };
}

/**
 * One Adam step of level `b` on the batch `idx`; returns its loss. Only the parameters on the
 * level's path that {@link frozenLayers} leaves free get a gradient (and so a step).
 */
export function levelStep(model: HierarchicalNet, adam: PerParameterAdam, c: HierarchicalSection, b: number, idx: tf.Tensor1D, images: tf.Tensor2D, labels: tf.Tensor1D): number {
  const depth = 1 + c.depthPerLevel * (b + 1);
  const frozen = frozenLayers(c.frozen, b, c.depthPerLevel);
  const free = [...model.layers.slice(0, depth).flatMap((d, l) => (frozen.layers.has(l) ? [] : frozen.weights.has(l) ? [d.b] : [d.w, d.b])), model.head.w, model.head.b];
  const { value, grads } = tf.tidy(() => {
    const x = tf.gather(images, idx) as tf.Tensor2D;
    const y = tf.gather(labels, idx) as tf.Tensor1D;
    return tf.variableGrads(() => {
      const h = model.forwardTo(x, depth);
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(y, model.classes), model.headOf(h)) as tf.Scalar;
      if (c.lambda === 0) return ce;
      return tf.add(ce, c.isometricLoss === "mse" ? isometricPenalty(h, x, y, c.lambda, c.K) : maxNormalizedPenalty(h, x, y, c.lambda, c.K)) as tf.Scalar;
    }, free);
  });
  const byVar = new Map(free.map((v) => [v, grads[v.name]] as const));
  adam.step(byVar);
  const loss = value.dataSync()[0];
  value.dispose();
  tf.dispose(Object.values(grads));
  return loss;
}

/**
 * The first version's isometric term (213b68d `MetricPreservationLoss`): with M the same-group mask,
 * λ·(mean over the B² pairs of (M⊙D_h/(K·max(M⊙D_h)) − M⊙D_x/max(M⊙D_x))²)², D the pairwise
 * distances of the representation h and of the pixels x. Differentiable in h.
 */
export function maxNormalizedPenalty(h: tf.Tensor2D, x: tf.Tensor2D, labels: tf.Tensor1D, lambda: number, K: number): tf.Scalar {
  return tf.tidy(() => {
    const b = x.shape[0];
    const y = labels.reshape([b, 1]);
    const mask = tf.mul(tf.cast(tf.equal(y, y.reshape([1, b])), "float32"), tf.sub(1, tf.eye(b)));
    const dh = tf.mul(mask, pairwiseDistances(h));
    const dx = tf.mul(mask, pairwiseDistances(x));
    // A batch without a same-group pair has no distance to scale by: its term is 0, not 0/0.
    const top = (d: tf.Tensor) => tf.maximum(tf.max(d), 1e-12);
    const diff = tf.sub(tf.div(dh, tf.mul(top(dh), K)), tf.div(dx, top(dx)));
    return tf.mul(tf.square(tf.mean(tf.square(diff))), lambda) as tf.Scalar;
  });
}

/**
 * The layers (0 = the input layer, l = hidden layer l) a level-`b` step leaves alone, whole or
 * weight only, by the config's `frozen` (see its doc).
 */
export function frozenLayers(mode: HierarchicalSection["frozen"], b: number, depth: number): { layers: Set<number>; weights: Set<number> } {
  if (mode === "earlier-levels") return { layers: new Set(b === 0 ? [] : Array.from({ length: depth * b + 1 }, (_, l) => l)), weights: new Set() };
  if (b === 0) return { layers: new Set(), weights: new Set([1]) };
  return { layers: new Set(Array.from({ length: depth * b }, (_, l) => l + 1)), weights: new Set() };
}

/** Each level's test accuracy through the shared head and the isometry at its readout depth, with the level's groups as classes. */
async function levelFigures(model: HierarchicalNet, c: HierarchicalSection, test: Dataset) {
  const testLevels = levelLabels(c.hierarchy, test.labels, test.classes);
  const m = Math.min(ISOMETRY_IMAGES, test.n);
  const out = [];
  for (let b = 0; b < c.hierarchy.length; b++) {
    let correct = 0;
    for (let s = 0; s < test.n; s += 500) {
      const rows = Math.min(500, test.n - s);
      const pred = tf.tidy(() => tf.argMax(model.levelLogits(tf.tensor2d(test.images.subarray(s * test.dim, (s + rows) * test.dim), [rows, test.dim]), b), 1));
      const p = (await pred.data()) as Int32Array;
      pred.dispose();
      for (let i = 0; i < rows; i++) if (p[i] === testLevels[b][s + i]) correct++;
    }
    const name = model.readoutOf(b);
    const h = tf.tidy(() => model.hidden(tf.tensor2d(test.images.subarray(0, m * test.dim), [m, test.dim]), name));
    const hd = (await h.data()) as Float32Array;
    h.dispose();
    out.push({
      level: b + 1,
      groups: levelName(c.hierarchy[b]),
      readout: name,
      testAccuracy: correct / test.n,
      isometry: isometryScore(test.images.subarray(0, m * test.dim), hd, testLevels[b], m, test.dim, c.width),
    });
  }
  return out;
}
