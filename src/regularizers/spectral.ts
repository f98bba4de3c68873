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
    if (batch <= h) {
      throw new Error(
        `${this.name}: the batch (${batch}) must exceed the hidden width (${h}): a batch covariance has rank < batch, so its spectrum beyond rank ${batch - 1} is 0 (Nassar et al. 2020); use a batch of at least ${h + 1}`,
      );
    }
    if (this.target.anchored && this.target.tau >= h - 1) throw new Error(`${this.name}.tau: ${this.target.tau} leaves no rank to penalize in a width of ${h}`);
  }

  /** Recomputes V from the covariance of the hidden layer over the whole training set. */
  beforeEpoch(model: RegularizedModel, train: Dataset): void {
    const i = hiddenIndex(model, this.config.layer, this.name);
    const name = model.layers[i].name;
    const h = model.layers[i].width;
    const cov = hiddenCovariance(model, name, train.images, train.n, train.dim, h);
    if (!this.eigen) throw new Error(`${this.name}: no eigensolver given (pass deps.eigen = wasmEigen(wasm) to regularizerFromConfig)`);
    const { vectors } = this.eigen(cov, h);
    this.v?.dispose();
    this.v = tf.tensor2d(Float32Array.from(vectors), [h, h]);
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    const { model, out } = ctx;
    if (!this.v) throw new Error(`${this.name}: beforeEpoch() must run before the first step (it computes the eigenvectors)`);
    const h = out.hiddens[hiddenIndex(model, this.config.layer, this.name)];
    const v = this.v;
    const t = this.target;
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
