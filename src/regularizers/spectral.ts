import { z } from "zod";
import type { Dataset } from "../data/types.js";
import { symmetricEigen } from "../kernels/eigen.js";
import { matMulFast, matMulT } from "../models/matmul.js";
import { tf } from "../tf.js";
import type { Wasm } from "../wasm/init.js";
import { hiddenIndex, type EigenSolver, type RegularizedModel, type Regularizer, type RegularizerContext, type RegularizerEntry } from "./types.js";

export type { EigenSolver };

/** hebblab's WASM eigensolver (blocked Householder + QL, src/kernels/eigen.ts) as an {@link EigenSolver}. */
export function wasmEigen(w: Wasm): EigenSolver {
  return (a, n) => {
    const r = symmetricEigen(w, a, n, { vectors: true });
    return { values: r.values, vectors: r.vectors! };
  };
}

/** Shape of the 1/n target: anchored at rank τ (Nassar et al.) or unanchored γ_n = n^(−α) (Holzhausen et al.). */
export interface SpectralTarget {
  alpha: number;
  tau: number;
  anchored: boolean;
}

/**
 * The target spectrum for ranks n = 0..len−1 (0-based) and the first rank
 * that is penalized:
 * - anchored: γ_n = λ_τ·((τ+1)/(n+1))^α, ranks n > τ;
 * - unanchored: γ_n = (n+1)^(−α) (1-based rank to the −α), every rank.
 */
export function spectralTarget(anchor: number, len: number, t: SpectralTarget): { first: number; gamma: Float64Array } {
  const first = t.anchored ? t.tau + 1 : 0;
  const gamma = new Float64Array(Math.max(0, len - first));
  for (let n = first; n < len; n++) gamma[n - first] = t.anchored ? anchor * ((t.tau + 1) / (n + 1)) ** t.alpha : (n + 1) ** -t.alpha;
  return { first, gamma };
}

/**
 * Nassar et al.'s spectral penalty of a spectrum λ sorted descending (no
 * strength): R = (1/N)·Σ_n [(λ_n/γ_n − 1)² + relu(λ_n/γ_n − 1)], over the
 * N penalized ranks of {@link spectralTarget}. Used as a metric on a test
 * representation's covariance eigenvalues.
 */
export function spectralPenalty(lambdaDesc: ArrayLike<number>, t: SpectralTarget): number {
  const { first, gamma } = spectralTarget(t.anchored ? lambdaDesc[t.tau] : 1, lambdaDesc.length, t);
  let s = 0;
  for (let i = 0; i < gamma.length; i++) {
    const r = lambdaDesc[first + i] / gamma[i] - 1;
    s += r * r + Math.max(0, r);
  }
  return gamma.length ? s / gamma.length : 0;
}

const spectralFields = {
  strength: z.number().min(0).default(1).describe("β, the weight of the term (Nassar et al. use 1, 2 or 5)."),
  alpha: z.number().positive().default(1).describe("Target exponent α of λ_n ∝ n^(−α)."),
  layer: z.number().int().default(-1).describe("Hidden layer, 1-based; −1 is the last hidden layer."),
  representation: z
    .enum(["activation", "preactivation"])
    .default("activation")
    .describe("What of the layer is shaped: its output after the activation (Nassar et al.) or its pre-activation currents x·W (+ b) (Holzhausen et al.: `preactivation`, before any BatchNorm)."),
  slips: z
    .enum(["corrected", "holzhausen"])
    .default("corrected")
    .describe(
      "`corrected`: V from the centred covariance of the whole training set, λ the centred batch covariance's Rayleigh quotients sorted descending, batch > width required. `holzhausen`: as `holzhauk/LocalLearning` `SpecReg` ran (Regularizers.py:376–508): V from the LAST batch only, its second moment about a scalar shift K (the first batch's mean input value) minus mmᵀ/N, ÷ (N − 1) (uncentred, rank ≤ batch); per batch the second moment about 0.02 minus mmᵀ/B, ÷ (B − 1); λ kept in V's order (not re-sorted); batch ≤ width allowed.",
    ),
};

/** Settings of the anchored {@link SpectralRegularizer} (`spectral`). */
export const SpectralSettings = z
  .object({
    ...spectralFields,
    tau: z.number().int().min(0).default(10).describe("Anchor rank τ (0-based): γ_τ = λ_τ; ranks above τ are penalized."),
  })
  .strict();
export type SpectralSettings = z.infer<typeof SpectralSettings>;

/** Settings of the unanchored variant (`spectral-unanchored`, Holzhausen et al.: γ_n = n^(−α), τ = 0). */
export const SpectralUnanchoredSettings = z.object({ ...spectralFields }).strict();
export type SpectralUnanchoredSettings = z.infer<typeof SpectralUnanchoredSettings>;

/** Rows per chunk when the full-training-set covariance is accumulated. */
const COV_CHUNK = 1000;

/**
 * Spectral 1/n regularization (Nassar, Sokol, Chung, Harris & Park 2020,
 * `josuenassar/power_law`), anchored or unanchored:
 *
 * - before every epoch: V = eigenvectors of the covariance of the hidden
 *   layer over the whole training set, [H, H];
 * - per batch: λ = diag(Vᵀ·C_batch·V) (Rayleigh quotients, C_batch the
 *   batch covariance), sorted descending; target γ (see
 *   {@link spectralTarget}, the anchor λ_τ held constant: stop-gradient);
 *   R = β·{@link spectralPenalty}(λ).
 *
 * C_batch has rank < B, so the batch must exceed the width H ({@link check}
 * throws otherwise). A batch with λ_τ = 0 (units dead from rank τ on) adds
 * nothing. Defaults β = 1, α = 1, τ = 10, last hidden layer.
 */
export class SpectralRegularizer implements Regularizer {
  readonly name: string;
  readonly config: SpectralSettings | SpectralUnanchoredSettings;
  private v: tf.Tensor2D | null = null;
  /** The training batch size (from {@link check}): the `holzhausen` covariance keeps the last batch of this many. */
  private batch = 0;

  /**
   * @param eigen the eigensolver for the epoch's covariance ({@link wasmEigen}); needed by {@link beforeEpoch}.
   */
  constructor(
    raw: Partial<SpectralSettings> | Partial<SpectralUnanchoredSettings> = {},
    anchored = true,
    private readonly eigen?: EigenSolver,
  ) {
    this.name = anchored ? spectral.name : spectralUnanchored.name;
    this.config = anchored ? SpectralSettings.parse(raw) : SpectralUnanchoredSettings.parse(raw);
  }

  get target(): SpectralTarget {
    const c = this.config;
    return { alpha: c.alpha, tau: "tau" in c ? c.tau : 0, anchored: this.name === spectral.name };
  }

  check(model: RegularizedModel, batch: number): void {
    const i = hiddenIndex(model, this.config.layer, this.name);
    const h = model.layers[i].width;
    this.batch = batch;
    if (this.config.representation === "preactivation" && !model.extraRepresentations?.[i]) throw new Error(`${this.name}.representation: this model gives no pre-activations`);
    if (batch <= h && this.config.slips !== "holzhausen") {
      throw new Error(
        `${this.name}: the batch (${batch}) must exceed the hidden width (${h}): a batch covariance has rank < batch, so its spectrum beyond rank ${batch - 1} is 0 (Nassar et al. 2020); use a batch of at least ${h + 1}`,
      );
    }
    if (this.target.anchored && this.target.tau >= h - 1) throw new Error(`${this.name}.tau: ${this.target.tau} leaves no rank to penalize in a width of ${h}`);
  }

  /** The name `hidden()` takes for the shaped representation of layer index i. */
  private representationName(model: RegularizedModel, i: number): string {
    return this.config.representation === "preactivation" ? model.extraRepresentations![i] : model.layers[i].name;
  }

  /** Recomputes V from the covariance of the hidden layer over the whole training set (`holzhausen`: its last batch, as the reference's loop leaves it). */
  beforeEpoch(model: RegularizedModel, train: Dataset): void {
    const i = hiddenIndex(model, this.config.layer, this.name);
    const name = this.representationName(model, i);
    const h = model.layers[i].width;
    const cov = this.config.slips === "holzhausen" ? holzhausenDatasetCovariance(model, name, train, Math.min(this.batch || 1000, train.n), h) : hiddenCovariance(model, name, train.images, train.n, train.dim, h);
    if (!this.eigen) throw new Error(`${this.name}: no eigensolver given (pass deps.eigen = wasmEigen(wasm) to regularizerFromConfig)`);
    const { vectors } = this.eigen(cov, h);
    this.v?.dispose();
    this.v = tf.tensor2d(Float32Array.from(vectors), [h, h]);
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    const { model, out } = ctx;
    if (!this.v) throw new Error(`${this.name}: beforeEpoch() must run before the first step (it computes the eigenvectors)`);
    const li = hiddenIndex(model, this.config.layer, this.name);
    const h = this.config.representation === "preactivation" ? out.preactivations?.[li] : out.hiddens[li];
    if (!h) throw new Error(`${this.name}: the forward pass gave no pre-activations`);
    const v = this.v;
    const t = this.target;
    if (this.config.slips === "holzhausen") return this.applyHolzhausen(h, v, t);
    return tf.tidy(() => {
      const b = h.shape[0];
      const hc = tf.sub(h, tf.mean(h, 0, true)) as tf.Tensor2D;
      const lam = tf.div(tf.sum(tf.square(matMulFast(hc, v)), 0), b - 1) as tf.Tensor1D;
      // Sorting is a permutation: found on the host, applied as a 0/1 matrix
      // (tfjs-wasm has no gradient kernel for gather, UnsortedSegmentSum).
      const host = lam.dataSync();
      const hw = host.length;
      const order = Array.from(host.keys()).sort((p, q) => host[q] - host[p]);
      const anchor = t.anchored ? this.anchor(host[order[t.tau]]) : 1;
      // A batch whose spectrum is 0 from rank τ on (dead units) has no target to scale: no penalty, not 0/0.
      if (!(anchor > 0)) return tf.scalar(0);
      const { first, gamma } = spectralTarget(anchor, hw, t);
      const perm = new Float32Array(hw * gamma.length);
      for (let r = first; r < hw; r++) perm[order[r] * gamma.length + (r - first)] = 1;
      const ranked = matMulFast(lam.reshape([1, hw]), tf.tensor2d(perm, [hw, gamma.length]));
      const ratio = tf.sub(tf.div(ranked, tf.tensor1d(Float32Array.from(gamma))), 1);
      const r = tf.mean(tf.add(tf.square(ratio), tf.relu(ratio)));
      return tf.mul(r, this.config.strength) as tf.Scalar;
    });
  }

  /**
   * Holzhausen et al.'s batch term (`SpecReg._cov_epoch` and `forward`): hs = h − 0.02, m = mean of
   * hs over the batch, C = (hsᵀhs − mᵀm/B)/(B − 1) (their mean correction, off by a factor B²),
   * λ_n = v_nᵀ·C·v_n in V's order (no re-sort), loss (1/H)·Σ_n [(λ_n/γ_n − 1)² + relu(λ_n/γ_n − 1)].
   */
  private applyHolzhausen(h: tf.Tensor2D, v: tf.Tensor2D, t: SpectralTarget): tf.Scalar {
    return tf.tidy(() => {
      const b = h.shape[0];
      const hw = h.shape[1];
      const hs = tf.sub(h, HOLZHAUSEN_BATCH_SHIFT) as tf.Tensor2D;
      const proj = matMulFast(hs, v);
      const m = tf.mean(proj, 0);
      const lam = tf.div(tf.sub(tf.sum(tf.square(proj), 0), tf.div(tf.square(m), b)), b - 1);
      const anchor = t.anchored ? this.anchor(lam.dataSync()[t.tau]) : 1;
      if (!(anchor > 0)) return tf.scalar(0);
      const { first, gamma } = spectralTarget(anchor, hw, t);
      const ranked = first ? tf.slice(lam, [first], [hw - first]) : lam;
      const ratio = tf.sub(tf.div(ranked, tf.tensor1d(Float32Array.from(gamma))), 1);
      return tf.mul(tf.mean(tf.add(tf.square(ratio), tf.relu(ratio))), this.config.strength) as tf.Scalar;
    });
  }

  /**
   * The anchor γ_τ for a batch whose τ-th Rayleigh quotient is `lambdaTau`:
   * itself, as a constant (the stop-gradient). A hook so tests can hold it
   * fixed across finite-difference evaluations.
   */
  protected anchor(lambdaTau: number): number {
    return lambdaTau;
  }

  settings(): { name: string } & (SpectralSettings | SpectralUnanchoredSettings) {
    return { name: this.name, ...this.config };
  }

  dispose(): void {
    this.v?.dispose();
    this.v = null;
  }
}

/**
 * Covariance [h, h] (row-major f64, divided by n − 1) of a hidden layer over
 * n images [n, d], accumulated in chunks on the fast matMul path.
 */
export function hiddenCovariance(model: RegularizedModel, name: string, images: Float32Array, n: number, d: number, h: number): Float64Array {
  const sum = new Float64Array(h);
  let gram = tf.zeros([h, h]) as tf.Tensor2D;
  for (let r = 0; r < n; r += COV_CHUNK) {
    const rows = Math.min(COV_CHUNK, n - r);
    const [s, g] = tf.tidy(() => {
      const a = model.hidden(tf.tensor2d(images.subarray(r * d, (r + rows) * d), [rows, d]), name);
      return [tf.sum(a, 0), tf.add(gram, matMulT(a, a, true, false))];
    });
    const sv = s.dataSync();
    for (let j = 0; j < h; j++) sum[j] += sv[j];
    s.dispose();
    gram.dispose();
    gram = g as tf.Tensor2D;
  }
  const g = gram.dataSync();
  gram.dispose();
  const cov = new Float64Array(h * h);
  for (let i = 0; i < h; i++) for (let j = 0; j < h; j++) cov[i * h + j] = (g[i * h + j] - (sum[i] * sum[j]) / n) / (n - 1);
  return cov;
}

/** The scalar shift of `SpecReg._cov_epoch`'s per-batch second moment (LocalLearning `Regularizers.py`, default K). */
export const HOLZHAUSEN_BATCH_SHIFT = 0.02;

/**
 * The "dataset covariance" `holzhauk/LocalLearning`'s `SpecReg._cov_dataset` computes (Regularizers.py:
 * 405–426): its loop overwrites the accumulator every batch, so only the last batch survives. With
 * hs = h − K over that batch (K a scalar: the first batch's mean input value), m = mean of hs, N the
 * training-set size: C = (hsᵀhs − mᵀm/N)/(N − 1). Here the last batch is the training set's last
 * `batch` images (the reference's loader is shuffled: any batch is a random one) and the first batch
 * its first `batch`. Row-major f64 [h, h].
 */
export function holzhausenDatasetCovariance(model: RegularizedModel, name: string, train: Dataset, batch: number, h: number): Float64Array {
  const d = train.dim;
  let k = 0;
  for (let i = 0; i < batch * d; i++) k += train.images[i];
  k /= batch * d;
  const last = train.images.subarray((train.n - batch) * d, train.n * d);
  const [g, s] = tf.tidy(() => {
    const hs = tf.sub(model.hidden(tf.tensor2d(last, [batch, d]), name), k) as tf.Tensor2D;
    return [matMulT(hs, hs, true, false), tf.mean(hs, 0)];
  });
  const gv = g.dataSync();
  const mv = s.dataSync();
  tf.dispose([g, s]);
  const n = train.n;
  const cov = new Float64Array(h * h);
  for (let i = 0; i < h; i++) for (let j = 0; j < h; j++) cov[i * h + j] = (gv[i * h + j] - (mv[i] * mv[j]) / n) / (n - 1);
  return cov;
}

/** The `spectral` entry of the regularizer registry (Nassar et al.'s anchored target). */
export const spectral: RegularizerEntry<typeof SpectralSettings> = {
  name: "spectral",
  description: "spectral 1/n term of Nassar et al. 2020, anchored at rank τ (needs a batch wider than the layer)",
  schema: SpectralSettings,
  make: (s, deps) => new SpectralRegularizer(s, true, deps.eigen),
};

/** The `spectral-unanchored` entry (Holzhausen et al.'s γ_n = n^(−α), τ = 0). */
export const spectralUnanchored: RegularizerEntry<typeof SpectralUnanchoredSettings> = {
  name: "spectral-unanchored",
  description: "spectral 1/n term with the unanchored target γ_n = n^(−α) (Holzhausen et al. 2024)",
  schema: SpectralUnanchoredSettings,
  make: (s, deps) => new SpectralRegularizer(s, false, deps.eigen),
};
