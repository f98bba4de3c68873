import { tf } from "../tf.js";
import { z } from "zod";
import { FixedEpsilonAttack, rowNorms, type AttackContext, type Norm } from "./base.js";
import { defineAttack } from "./entry.js";

/**
 * Gaussian noise of a given norm: δ = ε·g/‖g‖ with g ~ N(0, I_D), then clip₀¹ — the random
 * baseline every gradient attack of the same norm must beat by far (Carlini et al. 2019, §5 of
 * REFERENCES). No gradients, so it also probes models whose gradients are masked.
 */
export class GaussianNoise extends FixedEpsilonAttack {
  readonly name: string;
  readonly gradientBased = false;
  readonly randomized = true;

  constructor(readonly norm: Norm) {
    super();
    this.name = `noise-${norm}`;
  }

  settings(): Record<string, number | string | boolean> {
    return { distribution: "gaussian" };
  }

  protected run(ctx: AttackContext, x: tf.Tensor2D, _y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    const [b, d] = x.shape;
    const g = ctx.rng.fillNormal(new Float32Array(b * d));
    return tf.tidy(() => {
      const dir = tf.tensor2d(g, [b, d]);
      const n = tf.reshape(tf.maximum(rowNorms(this.norm, dir), 1e-12), [-1, 1]);
      return tf.add(x, tf.mul(tf.div(dir, n), eps)) as tf.Tensor2D;
    });
  }
}

const noiseEntry = <const N extends string>(name: N, norm: Norm, label: string) =>
  defineAttack({
    name,
    title: `noise-${label}`,
    description: `Gaussian noise scaled to ${label} norm ε (the random baseline)`,
    norm,
    schema: z.object({}).strict(),
    make: () => new GaussianNoise(norm),
    cost: () => 1,
    flags: { gradientBased: false, randomized: true, noiseBaseline: true },
  });

/** Registry entries of {@link GaussianNoise}, one per norm (no options). */
export const noiseLinfEntry = noiseEntry("noise-linf", "linf", "L∞");
export const noiseL2Entry = noiseEntry("noise-l2", "l2", "L2");
