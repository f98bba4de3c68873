import { z } from "zod";
import { Rng, type RngState } from "../rng.js";
import { tf } from "../tf.js";

/**
 * Stochastic neurons of VOneNet (Dapello et al. 2021, REFERENCES §4).
 *
 * - `poisson`: Poisson-like noise whose variance grows with the (rescaled)
 *   rate: u = x·s + l; u ← u + ε·sqrt(relu(u) + 1e-5); x ← (u − l)/s, ε ~ N(0, 1).
 *   Defaults s = 0.35, l = 0.07 (VOneNet's `noise_scale`, `noise_level`).
 * - `gaussian`: x ← x + std·ε, ε ~ N(0, 1). Default std = 0.07 (REFERENCES
 *   writes N(0, l); we read l as the standard deviation, as VOneNet's
 *   `noise_scale` multiplies a unit normal).
 *
 * Noise is resampled on every forward pass, in training and at test.
 * `fixed`: draw ε once (VOneNet's `fix_noise`), row by row, so that image i of
 * any batch always gets the same ε; passes are then deterministic.
 */
export const NoiseConfig = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("poisson"),
      scale: z.number().positive().default(0.35).describe("s, VOneNet's `noise_scale`."),
      level: z.number().default(0.07).describe("l, VOneNet's `noise_level`."),
      fixed: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal("gaussian"),
      std: z.number().min(0).default(0.07).describe("Standard deviation of the added noise."),
      fixed: z.boolean().default(false),
    })
    .strict(),
]);
export type NoiseConfig = z.infer<typeof NoiseConfig>;

/** The names accepted by {@link noiseConfig}. */
export const NOISE_KINDS = ["poisson", "gaussian"] as const;

/** Validates a noise config and fills the defaults of its kind; errors name the field. */
export function noiseConfig(raw: { kind: string } & Record<string, unknown>): NoiseConfig {
  if (!(NOISE_KINDS as readonly string[]).includes(raw.kind)) throw new Error(`noise.kind: unknown '${raw.kind}' (known: ${NOISE_KINDS.join(", ")})`);
  const r = NoiseConfig.safeParse(raw);
  if (!r.success) throw new Error(`noise: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

/** Added under the square root so its gradient stays finite at relu(u) = 0 (VOneNet's eps). */
export const POISSON_EPS = 1e-5;

/**
 * One noise layer over `units` activations. Draws ε from a seeded {@link Rng}
 * (never `Math.random`); the draws happen on the host, so a pass is
 * reproducible from the layer's seed and the number of earlier passes, or,
 * when the caller passes its own stream, from that stream alone.
 */
export class NoiseLayer {
  private fixedEps = new Float32Array(0);
  private readonly fixedRng: Rng;

  constructor(
    readonly config: NoiseConfig,
    readonly units: number,
    private rng: Rng,
  ) {
    this.fixedRng = rng.fork("fixed");
  }

  /** State of the layer's own stream of fresh draws (for checkpoints). */
  rngState(): RngState {
    return this.rng.state();
  }

  /** Continues the layer's own stream from a saved state. */
  restoreRng(state: RngState): void {
    this.rng = Rng.fromState(state);
  }

  /** ε for a batch of `rows`: fresh (from `rng`, default the layer's own stream), or the fixed rows 0..rows−1. */
  private eps(rows: number, rng: Rng = this.rng): tf.Tensor2D {
    const n = rows * this.units;
    if (!this.config.fixed) return tf.tensor2d(rng.fillNormal(new Float32Array(n)), [rows, this.units]);
    if (this.fixedEps.length < n) {
      // Extend, never redraw: earlier rows keep their values.
      const more = new Float32Array(n);
      more.set(this.fixedEps);
      this.fixedRng.fillNormal(more.subarray(this.fixedEps.length));
      this.fixedEps = more;
    }
    return tf.tensor2d(this.fixedEps.subarray(0, n), [rows, this.units]);
  }

  /**
   * Applies the noise to activations x [B, units] (differentiable in x; ε is a constant).
   * @param rng stream of fresh draws for this pass (default the layer's own); fixed noise ignores it
   */
  apply(x: tf.Tensor2D, rng?: Rng): tf.Tensor2D {
    return tf.tidy(() => this.applyWithDerivative(x, false, rng).y);
  }

  /**
   * The noisy activations y and, when `derivative`, the elementwise ∂y/∂x
   * from the same draw of ε, both as differentiable expressions (for
   * Jacobian products built without second-order tfjs gradients):
   * gaussian ∂y/∂x = 1; poisson ∂y/∂x = 1 + ε·[u > 0]/(2·sqrt(relu(u) + 1e-5)).
   */
  applyWithDerivative(x: tf.Tensor2D, derivative = true, rng?: Rng): { y: tf.Tensor2D; dydx: tf.Tensor2D | null } {
    if (x.shape[1] !== this.units) throw new Error(`noise layer: expected ${this.units} units, got [${x.shape}]`);
    const eps = this.eps(x.shape[0], rng);
    const c = this.config;
    if (c.kind === "gaussian") return { y: tf.add(x, tf.mul(eps, c.std)) as tf.Tensor2D, dydx: null };
    const u = tf.add(tf.mul(x, c.scale), c.level);
    const root = tf.sqrt(tf.add(tf.relu(u), POISSON_EPS));
    const y = tf.div(tf.sub(tf.add(u, tf.mul(eps, root)), c.level), c.scale) as tf.Tensor2D;
    const dydx = derivative ? (tf.add(1, tf.div(tf.mul(eps, tf.step(u)), tf.mul(root, 2))) as tf.Tensor2D) : null;
    return { y, dydx };
  }
}
