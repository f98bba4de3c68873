import { liveSpectrum } from "../../analysis/spectrumSummary.js";
import type { Split } from "../../data/types.js";
import { accuracy } from "../../models/accuracy.js";
import { hiddenActivations } from "../../models/activations.js";
import type { LiveOptions } from "../../progress.js";
import { regularizerFromConfig } from "../../regularizers/registry.js";
import { wasmEigen } from "../../regularizers/spectral.js";
import { Rng, type RngState } from "../../rng.js";
import { tf } from "../../tf.js";
import type { Wasm } from "../../wasm/init.js";
import type { KernelPool } from "../../wasm/pool.js";
import type { CustomFlag, ModelKind, TrainContext, Trained } from "../types.js";
import { MlpSection } from "./config.js";
import { makeFrontEnd, Mlp, mlpFromArtifacts } from "./model.js";
import { MLP_PRESETS } from "./presets.js";
import { MlpTrainer } from "./trainer.js";
import { scheduledLr } from "../../training/schedule.js";

/** `--reg-strength x`: the strength of every regularizer the config names. */
const regStrength: CustomFlag = {
  help: "strength of every --reg (default: each one's published value)",
  value: "number",
  apply(raw, value) {
    const mlp = raw.mlp as Record<string, unknown> | undefined;
    const regs = mlp?.regularizers;
    if (!mlp || !Array.isArray(regs) || regs.length === 0) throw new Error("--reg-strength needs --reg (or mlp.regularizers in --config)");
    mlp.regularizers = regs.map((r: unknown) => ({ ...(typeof r === "string" ? { name: r } : (r as object)), strength: value }));
  },
};

/**
 * The backprop baseline (REFERENCES §4): an MLP trained with Adam on cross-entropy plus the
 * configured regularizers, optionally with stochastic neurons or a fixed front end. It reports
 * what only it has: the final training loss and penalties, and its regularizers' settings.
 */
export const mlpKind = {
  name: "mlp" as const,
  title: "MLP",
  description: "backprop MLP baseline, with regularizers and stochastic neurons",
  schema: MlpSection,
  flags: {
    hidden: "mlp.hidden",
    activation: "mlp.activation",
    epochs: "mlp.epochs",
    lr: "mlp.lr",
    batch: "mlp.batch",
    reg: "mlp.regularizers",
    regStrength,
    noise: "mlp.noise",
  },
  presets: MLP_PRESETS,
  train: trainMlp,
  load: mlpFromArtifacts,
} satisfies ModelKind<typeof MlpSection>;

/** Adam epochs from `ctx.resumed` (weights, Adam, the trainer's and the noise layers' streams, the records so far) or from scratch. */
async function trainMlp({ section: c, split, wasm, pool, rng, onProgress, live, resumed, epochDone }: TrainContext<MlpSection>): Promise<Trained> {
  const { train } = split;
  const model = new Mlp(
    {
      inputDim: train.dim,
      hidden: c.hidden,
      classes: train.classes,
      activation: c.activation,
      noise: c.noise,
      seed: rng.fork("mlp-init").nextU32(),
      ...(c.frontEnd ? { frontEnd: c.frontEnd } : {}),
      ...(c.standardize ? { standardize: true } : {}),
      ...(c.init !== "glorot-uniform" ? { init: c.init } : {}),
      ...(c.hiddenBias ? {} : { hiddenBias: false }),
      ...(c.batchNorm ? { batchNorm: true } : {}),
    },
    c.standardize ? firstLayerMoments(c.frontEnd, train.images, train.n, train.dim) : undefined,
  );
  const regularizers = c.regularizers.map((r) => regularizerFromConfig(r, { eigen: wasmEigen(wasm) }));
  const trainRng = resumed ? Rng.fromState(resumed.meta.trainRng as RngState) : rng.fork("mlp-train");
  const trainer = new MlpTrainer(model, trainRng, { lr: c.lr, batch: c.batch, regularizers, amsgrad: c.amsgrad });
  const epochLoss: number[] = [...((resumed?.meta.epochLoss as number[] | undefined) ?? [])];
  let penalties: Record<string, number> = (resumed?.meta.penalties as Record<string, number> | undefined) ?? {};
  try {
    if (resumed) {
      await trainer.restore({ arrays: resumed.arrays, meta: resumed.meta.adam as Parameters<MlpTrainer["restore"]>[0]["meta"] });
      model.restoreNoiseStates(resumed.meta.noise as (RngState | null)[]);
    }
    for (let e = (resumed?.epoch ?? 0) + 1; e <= c.epochs; e++) {
      if (c.lrSchedule) trainer.setLr(scheduledLr(c.lrSchedule, e));
      const s = await trainer.epoch(train, (done, total, loss) => onProgress({ stage: "mlp", done, total, unit: "images", epoch: e, epochs: c.epochs, info: { loss } }));
      epochLoss.push(s.loss);
      penalties = s.penalties;
      if (live) await liveEpoch(live, model, split, e, c.epochs, s.loss, wasm, pool);
      const snap = await trainer.snapshot();
      epochDone({ epoch: e, last: e === c.epochs, meta: { trainRng: trainRng.state(), noise: model.noiseStates(), adam: snap.meta, epochLoss, penalties }, arrays: snap.arrays }, s.seconds);
    }
  } finally {
    trainer.dispose();
    for (const r of regularizers) r.dispose?.();
  }
  return {
    model,
    // The loss of every epoch, so a study can say whether training had flattened.
    metrics: { finalTrainLoss: epochLoss[epochLoss.length - 1], trainLossByEpoch: epochLoss, finalPenalties: penalties, regularizers: regularizers.map((r) => r.settings()) },
  };
}

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
