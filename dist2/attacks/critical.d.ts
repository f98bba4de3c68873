import { tf } from "../tf.js";
import { type AttackContext, type FixedEpsilonAttack } from "./base.js";
/** How the smallest flipping ε is searched. */
export interface CriticalOptions {
    /**
     * `bisection`: check ε = max, then halve [lo, hi] `iters` times (resolution max/2^iters);
     * `grid`: the first ε of the sorted `grid` that flips the image.
     */
    method: "bisection" | "grid";
    /** Upper end of the search (bisection). */
    max: number;
    /** Bisection halvings. Default 10. */
    iters: number;
    /** Candidate ε (grid). */
    grid: readonly number[];
}
/** Per-image result of {@link criticalPerturbation}. NaN where no ε up to max (or the grid's last) flips the image. */
export interface CriticalResult {
    /** Smallest flipping ε found, in the attack's norm [B]. 0 for images already misclassified. */
    eps: Float64Array;
    /** ‖x_adv − x‖₂ of the flipping perturbation found at that ε [B] (Holzhausen et al. 2024). */
    l2: Float64Array;
}
/**
 * The critical perturbation of each image: the smallest budget ε at which `attack` flips its
 * prediction (correctness < ½, i.e. misclassified by the majority of noise samples on a stochastic
 * model), by grid or bisection, with the L2 norm of the perturbation that does it. All images of the
 * batch are searched together with one ε per image.
 * @param x [B, D]; y [B] labels. Intended for initially correct images.
 */
export declare function criticalPerturbation(attack: FixedEpsilonAttack, ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, o: CriticalOptions): CriticalResult;
/** Median of the finite-or-infinite values (NaN = never flipped counts as +∞); null if the median is +∞ or there are none. */
export declare function medianFlip(v: ArrayLike<number>): number | null;
