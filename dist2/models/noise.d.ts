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
export declare const NoiseConfig: z.ZodDiscriminatedUnion<[z.ZodObject<{
    kind: z.ZodLiteral<"poisson">;
    scale: z.ZodDefault<z.ZodNumber>;
    level: z.ZodDefault<z.ZodNumber>;
    fixed: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>, z.ZodObject<{
    kind: z.ZodLiteral<"gaussian">;
    std: z.ZodDefault<z.ZodNumber>;
    fixed: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>], "kind">;
export type NoiseConfig = z.infer<typeof NoiseConfig>;
/** The names accepted by {@link noiseConfig}. */
export declare const NOISE_KINDS: readonly ["poisson", "gaussian"];
/** Validates a noise config and fills the defaults of its kind; errors name the field. */
export declare function noiseConfig(raw: {
    kind: string;
} & Record<string, unknown>): NoiseConfig;
/** Added under the square root so its gradient stays finite at relu(u) = 0 (VOneNet's eps). */
export declare const POISSON_EPS = 0.00001;
/**
 * One noise layer over `units` activations. Draws ε from a seeded {@link Rng}
 * (never `Math.random`); the draws happen on the host, so a pass is
 * reproducible from the layer's seed and the number of earlier passes, or,
 * when the caller passes its own stream, from that stream alone.
 */
export declare class NoiseLayer {
    readonly config: NoiseConfig;
    readonly units: number;
    private rng;
    private fixedEps;
    private readonly fixedRng;
    constructor(config: NoiseConfig, units: number, rng: Rng);
    /** State of the layer's own stream of fresh draws (for checkpoints). */
    rngState(): RngState;
    /** Continues the layer's own stream from a saved state. */
    restoreRng(state: RngState): void;
    /** ε for a batch of `rows`: fresh (from `rng`, default the layer's own stream), or the fixed rows 0..rows−1. */
    private eps;
    /**
     * Applies the noise to activations x [B, units] (differentiable in x; ε is a constant).
     * @param rng stream of fresh draws for this pass (default the layer's own); fixed noise ignores it
     */
    apply(x: tf.Tensor2D, rng?: Rng): tf.Tensor2D;
    /**
     * The noisy activations y and, when `derivative`, the elementwise ∂y/∂x
     * from the same draw of ε, both as differentiable expressions (for
     * Jacobian products built without second-order tfjs gradients):
     * gaussian ∂y/∂x = 1; poisson ∂y/∂x = 1 + ε·[u > 0]/(2·sqrt(relu(u) + 1e-5)).
     */
    applyWithDerivative(x: tf.Tensor2D, derivative?: boolean, rng?: Rng): {
        y: tf.Tensor2D;
        dydx: tf.Tensor2D | null;
    };
}
