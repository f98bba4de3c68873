import { z } from "zod";
import type { Rng } from "../rng.js";
import { tf } from "../tf.js";
import { hiddenIndex, type Regularizer, type RegularizerContext, type RegularizerEntry } from "./types.js";

/**
 * Random-projection estimate of mean_b ‖J_b‖²_F (Hoffman, Roberts & Yaida
 * 2019, eq. 6; `facebookresearch/jacobian_regularizer`):
 *
 *   ‖J‖²_F ≈ (K/n_proj)·Σ_p mean_b ‖v_{p,b}ᵀ J_b‖²,  v_{p,b} uniform on the unit sphere of R^K.
 *
 * Differentiable in the weights when `vjp` is (use it inside `tf.variableGrads`).
 * @param vjp v [B, K] ↦ rows v_bᵀ·J_b [B, D] (e.g. the MLP kind's `inputVjp`).
 * @param b batch size B. @param k output width K. @param rng draws the projections.
 */
export function jacobianFro2Estimate(vjp: (v: tf.Tensor2D) => tf.Tensor2D, b: number, k: number, nProj: number, rng: Rng): tf.Scalar {
  return tf.tidy(() => {
    let acc: tf.Scalar = tf.scalar(0);
    for (let p = 0; p < nProj; p++) acc = tf.add(acc, tf.sum(tf.square(vjp(unitRows(rng, b, k))))) as tf.Scalar;
    return tf.mul(acc, k / (nProj * b)) as tf.Scalar;
  });
}

/** B rows of length K, each uniform on the unit sphere (normalized Gaussians from `rng`). */
function unitRows(rng: Rng, rows: number, k: number): tf.Tensor2D {
  const v = rng.fillNormal(new Float32Array(rows * k));
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += v[r * k + j] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < k; j++) v[r * k + j] *= inv;
  }
  return tf.tensor2d(v, [rows, k]);
}

/** Settings of {@link JacobianRegularizer}. */
export const JacobianSettings = z
  .object({
    strength: z.number().min(0).default(0.01).describe("λ_JR (Hoffman et al.: 0.01)."),
    nProj: z.number().int().min(1).default(1).describe("Random projections per step (Hoffman et al.: 1)."),
  })
  .strict();
export type JacobianSettings = z.infer<typeof JacobianSettings>;

/**
 * Jacobian regularization of the logits (Hoffman, Roberts & Yaida 2019):
 * R = λ·½·mean_b ‖∂logits_b/∂x_b‖²_F, estimated with n_proj random
 * projections ({@link jacobianFro2Estimate}). Defaults λ = 0.01, n_proj = 1.
 * The forward is run again inside the product, so with stochastic neurons
 * the term sees its own noise draw.
 */
export class JacobianRegularizer implements Regularizer {
  readonly name = jacobian.name;
  readonly config: JacobianSettings;

  constructor(raw: Partial<JacobianSettings> = {}) {
    this.config = JacobianSettings.parse(raw);
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    const { model, x, rng } = ctx;
    return tf.tidy(() => {
      const est = jacobianFro2Estimate((v) => model.inputVjp(x, v), x.shape[0], model.classes, this.config.nProj, rng);
      return tf.mul(est, 0.5 * this.config.strength) as tf.Scalar;
    });
  }

  settings(): { name: string } & JacobianSettings {
    return { name: this.name, ...this.config };
  }
}

/** Settings of {@link JacobianHiddenRegularizer}. */
export const JacobianHiddenSettings = z
  .object({
    strength: z.number().min(0).default(1e-3).describe("λ (Holzhausen et al. 2024: 1e-3)."),
    nProj: z.number().int().min(1).default(3).describe("Random projections per step (Holzhausen et al.: 3)."),
    layer: z.number().int().default(-1).describe("Hidden layer, 1-based; −1 is the last hidden layer."),
  })
  .strict();
export type JacobianHiddenSettings = z.infer<typeof JacobianHiddenSettings>;

/**
 * Holzhausen et al.'s variant: the Jacobian of a hidden layer h(x) [B, H]
 * instead of the logits, without the ½: R = λ·mean_b ‖∂h_b/∂x_b‖²_F, estimated
 * with n_proj projections. Defaults λ = 1e-3, n_proj = 3, last hidden layer.
 */
export class JacobianHiddenRegularizer implements Regularizer {
  readonly name = jacobianHidden.name;
  readonly config: JacobianHiddenSettings;

  constructor(raw: Partial<JacobianHiddenSettings> = {}) {
    this.config = JacobianHiddenSettings.parse(raw);
  }

  check(model: RegularizerContext["model"]): void {
    hiddenIndex(model, this.config.layer, this.name);
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    const { model, x, rng } = ctx;
    const i = hiddenIndex(model, this.config.layer, this.name);
    return tf.tidy(() => {
      const est = jacobianFro2Estimate((v) => model.inputVjp(x, v, i), x.shape[0], model.layers[i].width, this.config.nProj, rng);
      return tf.mul(est, this.config.strength) as tf.Scalar;
    });
  }

  settings(): { name: string } & JacobianHiddenSettings {
    return { name: this.name, ...this.config };
  }
}

/** The `jacobian` entry of the regularizer registry. */
export const jacobian: RegularizerEntry<typeof JacobianSettings> = {
  name: "jacobian",
  description: "Jacobian of the logits, λ·½·mean‖J‖²_F by random projections (Hoffman et al. 2019)",
  schema: JacobianSettings,
  make: (s) => new JacobianRegularizer(s),
};

/** The `jacobian-hidden` entry of the regularizer registry. */
export const jacobianHidden: RegularizerEntry<typeof JacobianHiddenSettings> = {
  name: "jacobian-hidden",
  description: "Jacobian of a hidden layer, λ·mean‖∂h/∂x‖²_F (Holzhausen et al. 2024's variant)",
  schema: JacobianHiddenSettings,
  make: (s) => new JacobianHiddenRegularizer(s),
};
