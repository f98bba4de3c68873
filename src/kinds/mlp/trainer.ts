import type { Dataset } from "../../data/types.js";
import type { Regularizer } from "../../regularizers/types.js";
import { yieldToSignals } from "../../host.js";
import type { Rng } from "../../rng.js";
import { tf } from "../../tf.js";
import { DenseAdam } from "../../training/denseAdam.js";
import type { Mlp } from "./model.js";

/** Settings of {@link MlpTrainer} (REFERENCES §4 defaults). */
export interface MlpTrainOptions {
  /** Adam learning rate. Default 1e-3. */
  lr?: number;
  /** Mini-batch size. Default 100. */
  batch?: number;
  /** Penalties added to the cross-entropy. Default none. */
  regularizers?: Regularizer[];
  /** AMSGrad as PyTorch's `Adam(amsgrad=True)`, ε 1e-8 ({@link DenseAdam}). Default false: tfjs's Adam. */
  amsgrad?: boolean;
}

/** Figures of one epoch. */
export interface EpochStats {
  /** Mean total loss (cross-entropy + penalties) over the epoch's steps. */
  loss: number;
  /** Mean of each regularizer's weighted penalty, by name. */
  penalties: Record<string, number>;
  steps: number;
  seconds: number;
}

/** Called after every step: images done so far in the epoch and the step's total loss. */
export type StepFn = (done: number, total: number, loss: number) => void;

/**
 * Adam on softmax cross-entropy plus regularizers, for an {@link Mlp}.
 *
 * The training images are uploaded once; each step gathers its batch by
 * index (on tfjs-wasm `slice` copies its whole input). Each epoch visits a
 * fresh permutation from `rng` and drops the incomplete last batch (the
 * spectral term needs every batch wider than the layer).
 */
export class MlpTrainer {
  readonly lr: number;
  readonly batch: number;
  readonly regularizers: readonly Regularizer[];
  readonly amsgrad: boolean;
  private readonly optimizer: DenseAdam;
  private images: tf.Tensor2D | null = null;
  private labels: tf.Tensor1D | null = null;
  private data: Dataset | null = null;

  constructor(
    readonly model: Mlp,
    private readonly rng: Rng,
    opts: MlpTrainOptions = {},
  ) {
    this.lr = opts.lr ?? 1e-3;
    this.batch = opts.batch ?? 100;
    this.regularizers = opts.regularizers ?? [];
    this.amsgrad = opts.amsgrad ?? false;
    if (!Number.isInteger(this.batch) || this.batch < 1) throw new Error(`mlp training: batch must be a positive integer, got ${this.batch}`);
    for (const r of this.regularizers) r.check?.(model, this.batch);
    // tfjs's Adam (or PyTorch's AMSGrad), each update one fused pass on the dense engine's threads (the same bits).
    this.optimizer = new DenseAdam(this.lr, 0.9, 0.999, { amsgrad: this.amsgrad });
  }

  private upload(train: Dataset): void {
    if (this.data === train) return;
    if (train.dim !== this.model.inputDim) throw new Error(`mlp training: images have ${train.dim} pixels, the model takes ${this.model.inputDim}`);
    if (train.n < this.batch) throw new Error(`mlp training: ${train.n} training images are fewer than one batch of ${this.batch}`);
    this.images?.dispose();
    this.labels?.dispose();
    this.images = tf.tensor2d(train.images, [train.n, train.dim]);
    this.labels = tf.tensor1d(Int32Array.from(train.labels), "int32");
    this.data = train;
  }

  /** One pass over `train` (drop-last batches). */
  async epoch(train: Dataset, onStep?: StepFn): Promise<EpochStats> {
    const t0 = performance.now();
    this.upload(train);
    for (const r of this.regularizers) await r.beforeEpoch?.(this.model, train);
    const perm = this.rng.permutation(train.n);
    const steps = Math.floor(train.n / this.batch);
    const vars = this.model.trainableVariables();
    const penalties: Record<string, number> = Object.fromEntries(this.regularizers.map((r) => [r.name, 0]));
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      const idx = perm.subarray(s * this.batch, (s + 1) * this.batch);
      const stepPenalties: tf.Scalar[] = [];
      const loss = tf.tidy(() => {
        const ix = tf.tensor1d(idx, "int32");
        const x = tf.gather(this.images!, ix) as tf.Tensor2D;
        const y = tf.gather(this.labels!, ix) as tf.Tensor1D;
        const onehot = tf.oneHot(y, this.model.classes);
        return this.optimizer.minimize(
          () => {
            const out = this.model.forward(x, { training: true });
            let total = tf.losses.softmaxCrossEntropy(onehot, out.logits) as tf.Scalar;
            for (const r of this.regularizers) {
              const p = r.apply({ model: this.model, x, labels: y, out, rng: this.rng });
              stepPenalties.push(tf.keep(p.clone()));
              total = tf.add(total, p);
            }
            return total;
          },
          true,
          vars,
        )!;
      });
      this.model.commitBatchStats();
      const l = (await loss.data())[0];
      loss.dispose();
      lossSum += l;
      for (let i = 0; i < stepPenalties.length; i++) {
        penalties[this.regularizers[i].name] += (await stepPenalties[i].data())[0];
        stepPenalties[i].dispose();
      }
      onStep?.((s + 1) * this.batch, steps * this.batch, l);
      await yieldToSignals();
    }
    for (const k of Object.keys(penalties)) penalties[k] /= steps;
    return { loss: lossSum / steps, penalties, steps, seconds: (performance.now() - t0) / 1000 };
  }

  /** Sets Adam's learning rate (a schedule's value for the next epoch). */
  setLr(lr: number): void {
    if (!(lr > 0)) throw new Error(`mlp training: learning rate must be positive, got ${lr}`);
    (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
  }

  /**
   * What continuing training bit for bit needs besides the trainer's Rng and the model's noise
   * streams: the weights and Adam's state (step count, both moment estimates, with AMSGrad the
   * running maximum v̂ too, and its running β₁ᵗ, β₂ᵗ, which tfjs's `setWeights` would recompute with
   * `pow` and round differently). Arrays `adam0…`: first moments, second moments, then v̂, each in
   * the order of the trainable variables.
   */
  async snapshot(): Promise<{ arrays: Record<string, Float32Array>; meta: { iterations: number; accBeta: [number, number]; moments: number } }> {
    const arrays: Record<string, Float32Array> = {};
    this.model.trainableVariables().forEach((v, i) => (arrays[`var${i}`] = (v.dataSync() as Float32Array).slice()));
    Object.assign(arrays, this.model.batchNormState());
    const named = await this.optimizer.getWeights();
    const iterations = (await named[0].tensor.data())[0];
    // getWeights made a fresh scalar of the step count (the moments are the optimizer's own variables).
    named[0].tensor.dispose();
    named.slice(1).forEach((w, i) => (arrays[`adam${i}`] = (w.tensor.dataSync() as Float32Array).slice()));
    const acc = this.adamInternals();
    return { arrays, meta: { iterations, accBeta: [acc.accBeta1.dataSync()[0], acc.accBeta2.dataSync()[0]], moments: named.length - 1 } };
  }

  /** Puts weights and Adam back as {@link snapshot} saw them. */
  async restore(s: { arrays: Record<string, Float32Array | Float64Array>; meta: { iterations: number; accBeta: [number, number]; moments: number } }): Promise<void> {
    const vars = this.model.trainableVariables();
    vars.forEach((v, i) => {
      const a = s.arrays[`var${i}`];
      if (!a || a.length !== v.size) throw new Error(`mlp checkpoint: variable ${i} has ${a?.length ?? 0} values, the model ${v.size}`);
      v.assign(tf.tensor(Float32Array.from(a), v.shape));
    });
    if (this.model.config.batchNorm) this.model.restoreBatchNormState(s.arrays);
    if (s.meta.moments > 0) {
      // Per variable: m and v (Adam), and v̂ (AMSGrad).
      const sets = this.amsgrad ? 3 : 2;
      const shapes = Array.from({ length: sets }, () => vars).flat().map((v) => v.shape);
      if (s.meta.moments !== shapes.length) {
        throw new Error(`mlp checkpoint: ${s.meta.moments} Adam moments for ${vars.length} variables (${this.amsgrad ? "AMSGrad keeps 3" : "Adam keeps 2"} per variable)`);
      }
      const named = [
        { name: "iter", tensor: tf.scalar(s.meta.iterations, "int32") },
        ...shapes.map((shape, i) => ({ name: `${vars[i % vars.length].name}/m${Math.floor(i / vars.length) + 1}`, tensor: tf.tensor(Float32Array.from(s.arrays[`adam${i}`]), shape) })),
      ];
      await this.optimizer.setWeights(named);
      // setWeights made variables of them (sharing their data); the tensors themselves are ours to free.
      tf.dispose(named.map((n) => n.tensor));
    }
    const acc = this.adamInternals();
    acc.accBeta1.assign(tf.scalar(s.meta.accBeta[0]));
    acc.accBeta2.assign(tf.scalar(s.meta.accBeta[1]));
  }

  /** tfjs's Adam keeps β₁ᵗ and β₂ᵗ in private variables; checkpoints need them exactly. */
  private adamInternals(): { accBeta1: tf.Variable; accBeta2: tf.Variable } {
    const o = this.optimizer as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
    if (!o.accBeta1 || !o.accBeta2) throw new Error("mlp checkpoint: this tfjs Adam has no accBeta1/accBeta2 (tfjs 4.x layout expected)");
    return { accBeta1: o.accBeta1, accBeta2: o.accBeta2 };
  }

  /** Frees the uploaded data and the optimizer's state (not the model). */
  dispose(): void {
    this.images?.dispose();
    this.labels?.dispose();
    this.images = null;
    this.labels = null;
    this.data = null;
    this.optimizer.dispose();
  }
}
