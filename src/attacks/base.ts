import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import type { Rng } from "../rng.js";
import type { Estimator } from "./eot.js";

/** Threat-model norm: ‖δ‖∞ = maxᵢ|δᵢ| or ‖δ‖₂ = (Σᵢ δᵢ²)^½, per image. */
export type Norm = "linf" | "l2";

/** Pixel bounds of every input and every adversarial example. */
export const BOUNDS: readonly [number, number] = [0, 1];

/** What an attack runs against: the model, how gradients/accuracies are estimated, and its randomness. */
export interface AttackContext extends Estimator {
  model: Model;
  /** Source of every random draw of this call (random starts, noise); fork it per call for reproducibility. */
  rng: Rng;
}

/**
 * Per-image norm of the rows of δ.
 * @param d [B, D] → [B]
 */
export function rowNorms(norm: Norm, d: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => (norm === "linf" ? tf.max(tf.abs(d), 1) : tf.sqrt(tf.sum(tf.square(d), 1))) as tf.Tensor1D);
}

/**
 * Projection onto the threat model {x′ : ‖x′ − x‖ ≤ εᵢ} ∩ [0, 1]^D.
 * L∞: clip δ to [−ε, ε]; L2: δ·min(1, ε/‖δ‖₂) (Madry et al. 2018). Clipping to [0, 1] afterwards only
 * moves coordinates towards x (x itself is in bounds), so it never leaves the ball; for L∞ the result is
 * the exact Euclidean projection onto the intersection.
 * @param x [B, D] clean images in [0, 1]; xAdv [B, D]; eps [B, 1] per-image radius ≥ 0 → [B, D]
 */
export function project(norm: Norm, x: tf.Tensor2D, xAdv: tf.Tensor2D, eps: tf.Tensor2D, clamp = true): tf.Tensor2D {
  return tf.tidy(() => {
    let d = tf.sub(xAdv, x);
    if (norm === "linf") {
      // The same clamp as min(max(d, −ε), ε), on tfjs-wasm's fast paths: its min/max broadcasting a
      // [B, 1] column over [B, D] take a scalar loop (≈ 40 ms for 250 × 784, most of a PGD step).
      const e = uniformValue(eps);
      if (e !== null) d = tf.clipByValue(d, -e, e);
      else {
        const full = tf.mul(tf.onesLike(d), eps); // exact: 1·ε
        d = tf.minimum(tf.maximum(d, tf.neg(full)), full);
      }
    }
    else {
      const n = tf.reshape(rowNorms("l2", d as tf.Tensor2D), [-1, 1]);
      // max(‖δ‖, tiny) keeps 0/0 out when δ = 0 and ε = 0.
      d = tf.mul(d, tf.minimum(1, tf.div(eps, tf.maximum(n, 1e-12))));
    }
    return (clamp ? tf.clipByValue(tf.add(x, d), BOUNDS[0], BOUNDS[1]) : tf.add(x, d)) as tf.Tensor2D;
  });
}

/** The one value of a [B, 1] column whose rows all hold it, else null (per-image budgets). */
function uniformValue(eps: tf.Tensor2D): number | null {
  const v = eps.dataSync();
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return null;
  return v.length ? v[0] : null;
}

/**
 * Each row of g scaled to unit L2 norm (rows of zeros stay zero). Rescales by the row's max |gᵢ| first,
 * so gradients of 1e-20 (a confident model's softmax tail) neither underflow when squared nor get
 * clamped by the zero guard.
 * @param g [B, D] → [B, D]
 */
export function unitL2(g: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const m = tf.reshape(tf.max(tf.abs(g), 1), [-1, 1]);
    const s = tf.div(g, tf.where(tf.greater(m, 0), m, tf.onesLike(m))) as tf.Tensor2D;
    return tf.div(s, tf.reshape(tf.maximum(rowNorms("l2", s), 1e-12), [-1, 1])) as tf.Tensor2D;
  });
}

/**
 * Elementwise sign, exact for every magnitude. tfjs-backend-wasm 4.22's `Sign` returns 0 for
 * |x| ≲ 1.2e-7 (checked on this machine); a confident model's input gradients are ~1e-10, so
 * `tf.sign` would freeze FGSM/PGD on exactly the images that look robust — gradient masking made by
 * the backend. Comparisons are exact, so this is not.
 * @param g any shape → same shape, values in {−1, 0, 1}
 */
export function signExact<T extends tf.Tensor>(g: T): T {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(g, 0), "float32"), tf.cast(tf.less(g, 0), "float32")) as T);
}

/** ε as a [B, 1] column from one value or one value per image. */
export function epsColumn(eps: number | ArrayLike<number>, b: number): tf.Tensor2D {
  const arr = typeof eps === "number" ? new Float32Array(b).fill(eps) : Float32Array.from(eps);
  if (arr.length !== b) throw new Error(`attack: ${arr.length} values of ε for a batch of ${b}`);
  for (const e of arr) if (!(e >= 0) || !Number.isFinite(e)) throw new Error(`attack: ε must be finite and ≥ 0 (got ${e})`);
  return tf.tensor2d(arr, [b, 1]);
}

/**
 * An attack at a fixed perturbation budget, after foolbox v3's `FixedEpsilonAttack`
 * (bethgelab/foolbox `attacks/base.py`): the base owns the threat model — norm, bounds [0, 1],
 * the ε per image, the final projection and clipping, input checks and output shapes — and each
 * subclass implements only {@link run}. Whatever `run` returns is projected, so no attack can leave
 * the threat model.
 */
export abstract class FixedEpsilonAttack {
  /** Registry name, e.g. `pgd-linf`. */
  abstract readonly name: string;
  abstract readonly norm: Norm;
  /** Capability flags (foolbox-style), used by table-driven tests and the sanity checks. */
  abstract readonly gradientBased: boolean;
  abstract readonly randomized: boolean;

  /**
   * Whether the output is projected onto the threat model and clamped to [0, 1] (true for every
   * adversary; false only for a random-noise probe whose budget is not a norm ball, `noise-gaussian`).
   */
  readonly projected: boolean = true;

  /** The attack's own settings, recorded with every result (steps, step size, restarts…). */
  abstract settings(): Record<string, number | string | boolean>;

  /**
   * The attack's step(s). Need not project its final output (the base does).
   * @param x [B, D] clean images; y [B] int32 labels; eps [B, 1] per-image budget (> 0 somewhere)
   * @returns [B, D] candidate adversarial images
   */
  protected abstract run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D;

  /**
   * Adversarial examples within ‖x_adv − x‖ ≤ ε and x_adv ∈ [0, 1]^D.
   * @param x [B, D] pixels in [0, 1] with D = model.inputDim; y [B] labels (any int dtype)
   * @param eps one budget for all images, or one per image (length B), each finite ≥ 0
   * @returns [B, D] f32; the caller disposes it. ε = 0 everywhere returns a copy of x without running.
   */
  attack(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: number | ArrayLike<number>): tf.Tensor2D {
    const [b, d] = x.shape;
    if (d !== ctx.model.inputDim) throw new Error(`${this.name}: input has ${d} columns, model expects ${ctx.model.inputDim}`);
    if (y.shape[0] !== b) throw new Error(`${this.name}: ${y.shape[0]} labels for ${b} images`);
    return tf.tidy(() => {
      const e = epsColumn(eps, b);
      if (e.max().dataSync()[0] === 0) return x.clone();
      const yi = y.dtype === "int32" ? y : (y.toInt() as tf.Tensor1D);
      const out = this.run(ctx, x, yi, e);
      return this.projected ? project(this.norm, x, out, e) : out;
    });
  }
}
