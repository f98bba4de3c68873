import { hiddenActivations, isometryScore, logitJacobianFro2, weightNorm } from "../../analysis/geometry.js";
import { covariance } from "../../kernels/covariance.js";
import { symmetricEigen } from "../../kernels/eigen.js";
import { accuracy } from "../../models/evaluate.js";
import { makeFrontEnd, Mlp } from "../../models/mlp.js";
import { tf } from "../../tf.js";
import { MlpTrainer } from "../../training/mlpTrainer.js";
import { regularizerFromConfig } from "../../regularizers/registry.js";
import { spectralPenalty, wasmEigen } from "../../regularizers/spectral.js";
import { liveSpectrum, spectrumWithEigenvalues, type SpectrumMetrics } from "../spectrumMetrics.js";
import { Rng, type RngState } from "../../rng.js";
import { resumable } from "../checkpoint.js";
import { MLP_KIND, type MlpSection } from "./mlpConfig.js";
import type { ModelKind, Pipeline } from "./types.js";
import type { Split } from "../../data/types.js";
import type { LiveOptions } from "../../progress.js";
import type { KernelPool } from "../../wasm/pool.js";
import type { Wasm } from "../../wasm/init.js";

/** The spectral target the `spectralPenalty` metric uses (Nassar et al.'s defaults). */
const METRIC_TARGET = { alpha: 1, tau: 10 } as const;

/**
 * Backprop baseline (REFERENCES §4): an MLP trained with Adam on
 * cross-entropy plus the configured regularisers, then measured the same
 * way for every configuration: clean accuracy, α of each hidden layer's test
 * representation (weighted and unweighted fits), exact mean ‖∂logits/∂x‖²_F
 * and the isometry score on the first `metricsImages` test images, the
 * weight norm, Nassar's spectral penalty of the last hidden layer's test
 * spectrum, and per-epoch seconds.
 */
export const mlpPipeline: Pipeline = async ({ cfg, split, wasm, pool, rng, onProgress, live, checkpoints, configHash }) => {
  const c = cfg.mlp;
  const { train, test } = split;
  const model = new Mlp({
    inputDim: train.dim,
    hidden: c.hidden,
    classes: train.classes,
    activation: c.activation,
    noise: c.noise,
    seed: rng.fork("mlp-init").nextU32(),
    ...(c.frontEnd ? { frontEnd: c.frontEnd } : {}),
    ...(c.standardize ? { standardize: true } : {}),
  }, c.standardize ? firstLayerMoments(c.frontEnd, train.images, train.n, train.dim) : undefined);
  const eigen = wasmEigen(wasm);
  const regularizers = c.regularizers.map((r) => regularizerFromConfig(r, { eigen }));
  // A checkpoint offered after every epoch (the store decides when to write): weights, Adam, the trainer's
  // and the noise layers' streams, the records so far.
  const cp = resumable(checkpoints, "mlp", configHash);
  const trainRng = cp ? Rng.fromState(cp.meta.trainRng as RngState) : rng.fork("mlp-train");
  const trainer = new MlpTrainer(model, trainRng, { lr: c.lr, batch: c.batch, regularizers });
  const epochSeconds: number[] = [...((cp?.meta.epochSeconds as number[] | undefined) ?? [])];
  const epochLoss: number[] = [...((cp?.meta.epochLoss as number[] | undefined) ?? [])];
  let penalties: Record<string, number> = (cp?.meta.penalties as Record<string, number> | undefined) ?? {};
  try {
    if (cp) {
      await trainer.restore({ arrays: cp.arrays, meta: cp.meta.adam as Parameters<MlpTrainer["restore"]>[0]["meta"] });
      model.restoreNoiseStates(cp.meta.noise as (RngState | null)[]);
    }
    for (let e = (cp?.meta.epoch ?? 0) + 1; e <= c.epochs; e++) {
      const s = await trainer.epoch(train, (done, total, loss) =>
        onProgress({ stage: "mlp", done, total, unit: "images", epoch: e, epochs: c.epochs, info: { loss } }),
      );
      epochSeconds.push(s.seconds);
      epochLoss.push(s.loss);
      penalties = s.penalties;
      if (live) await liveEpoch(live, model, split, e, c.epochs, s.loss, wasm, pool);
      if (checkpoints) {
        const snap = await trainer.snapshot();
        checkpoints.save({
          meta: { pipeline: "mlp", configHash, epoch: e, trainRng: trainRng.state(), noise: model.noiseStates(), adam: snap.meta, epochSeconds, epochLoss, penalties },
          arrays: snap.arrays,
        });
      }
    }
    checkpoints?.flush();
  } finally {
    trainer.dispose();
    for (const r of regularizers) r.dispose?.();
  }

  const t0 = performance.now();
  const m = Math.min(c.metricsImages, test.n);
  const sub = test.images.subarray(0, m * test.dim);
  const spectrumByLayer: Record<string, SpectrumMetrics> = {};
  const isometryByLayer: Record<string, number> = {};
  let lastEigenvalues: Float64Array | null = null;
  for (const name of model.hiddenNames) {
    onProgress({ stage: "metrics", done: model.hiddenNames.indexOf(name), total: model.hiddenNames.length, unit: "layers" });
    const all = hiddenActivations(model, name, test.images, test.n, test.dim);
    const sp = spectrumWithEigenvalues(wasm, all.data, test.n, all.width, `${name} (test images)`, pool);
    spectrumByLayer[name] = sp.metrics;
    isometryByLayer[name] = isometryScore(sub, all.data.subarray(0, m * all.width), test.labels, m, test.dim, all.width);
    if (name === model.hiddenNames[model.hiddenNames.length - 1]) {
      // The fit's eigenvalues serve the penalty too; a layer too narrow to fit still gets its penalty.
      const w = all.width;
      lastEigenvalues = sp.eigenvalues ?? symmetricEigen(wasm, covariance(wasm, all.data, test.n, w, { pool }), w).values;
    }
  }
  const last = model.hiddenNames[model.hiddenNames.length - 1];
  const metrics = {
    testAccuracy: await accuracy(model, test),
    trainAccuracy: await accuracy(model, train),
    jacobianFro2: logitJacobianFro2(model, sub, m, test.dim),
    isometry: isometryByLayer[last],
    isometryByLayer,
    weightNorm: weightNorm(model),
    spectrum: spectrumByLayer[last],
    spectrumByLayer,
    spectralPenalty: lastEigenvalues && {
      anchored: spectralPenalty(lastEigenvalues, { ...METRIC_TARGET, anchored: true }),
      unanchored: spectralPenalty(lastEigenvalues, { ...METRIC_TARGET, tau: 0, anchored: false }),
    },
    metricsImages: m,
    finalTrainLoss: epochLoss[epochLoss.length - 1],
    finalPenalties: penalties,
    regularizers: regularizers.map((r) => r.getConfig()),
  };
  return {
    model,
    metrics,
    timings: { epochSeconds, metricsSeconds: (performance.now() - t0) / 1000 },
    artifacts: {},
  };
};

/** The `mlp` model kind: a backprop baseline (`--reg-strength` is applied to every `--reg` by the CLI). */
export const mlpKind: ModelKind = {
  name: MLP_KIND,
  description: "backprop MLP baseline, with regularisers and stochastic neurons",
  pipeline: mlpPipeline,
  savedAs: "mlp",
  flags: {
    hidden: "mlp.hidden",
    activation: "mlp.activation",
    epochs: "mlp.epochs",
    lr: "mlp.lr",
    batch: "mlp.batch",
    reg: "mlp.regularizers",
    noise: "mlp.noise",
  },
};

/**
 * Live figures after an MLP epoch: the training loss; without stochastic neurons also the test
 * accuracy and the last hidden layer's spectrum on the first test images (a noisy model would draw
 * noise for them and change the run, so it shows the loss only).
 */
async function liveEpoch(live: LiveOptions, model: Mlp, split: Split, epoch: number, epochs: number, loss: number, wasm: Wasm, pool?: KernelPool): Promise<void> {
  const noisy = model.config.noise !== null;
  const figures: Record<string, number> = { loss };
  if (!noisy) figures.testAccuracy = await accuracy(model, split.test);
  live.onLive({ kind: "epoch", stage: "mlp", epoch, epochs, figures });
  const m = Math.min(live.spectrumImages ?? 500, split.test.n);
  if (noisy || m < 2) return;
  const name = model.hiddenNames[model.hiddenNames.length - 1];
  const h = hiddenActivations(model, name, split.test.images.subarray(0, m * split.test.dim), m, split.test.dim);
  live.onLive(liveSpectrum(wasm, h.data, m, h.width, "mlp", epoch, name, pool));
}

/** Per-feature mean and standard deviation of images [n, d] (f64 sums), for `mlp.standardize`. */
function featureMoments(x: Float32Array, n: number, d: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  return { mean: Float32Array.from(mean), std: Float32Array.from(sq, Math.sqrt) };
}

/**
 * Moments of what the first layer sees on the training set: the inputs, or the front end's output
 * (VOne's without its noise), for `mlp.standardize`.
 */
function firstLayerMoments(front: MlpSection["frontEnd"], x: Float32Array, n: number, d: number): { mean: Float32Array; std: Float32Array } {
  if (!front) return featureMoments(x, n, d);
  const f = makeFrontEnd(front, d);
  try {
    const out = new Float32Array(n * f.width);
    for (let s = 0; s < n; s += 500) {
      const b = Math.min(500, n - s);
      const h = tf.tidy(() => f.apply(tf.tensor2d(x.subarray(s * d, (s + b) * d), [b, d])));
      out.set(h.dataSync() as Float32Array, s * f.width);
      h.dispose();
    }
    return featureMoments(out, n, f.width);
  } finally {
    f.dispose();
  }
}
