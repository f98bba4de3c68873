import type { Norm } from "./base.js";
import type { SanityConfig } from "./config.js";
import type { z } from "zod";
/** One cell of the robust-accuracy table, as the sanity checks read it. */
export interface AccuracyCell {
    attack: string;
    norm: Norm;
    eps: number;
    accuracy: number;
    gradientBased: boolean;
}
/** The outcome of one check; a failed check keeps every violating cell. */
export interface SanityCheck {
    name: string;
    passed: boolean;
    /** True when the check could not run (its attacks were not in the evaluation); counts as passed. */
    skipped?: boolean;
    /** What was checked, with the threshold. */
    detail: string;
    violations: Record<string, number | string>[];
}
/** Figures the checks need besides the table. */
export interface SanityInput {
    cells: AccuracyCell[];
    cleanAccuracy: number;
    /** PGD-L∞ accuracy at ε = 1 and the images it was measured on. */
    eps1?: {
        accuracy: number;
        images: number;
    };
    /** Share of images whose input gradient at the clean point is all zero / has a non-finite entry. */
    gradient?: {
        zero: number;
        nonFinite: number;
        images: number;
    };
}
/** Result of {@link sanityChecks}: `passed` is false as soon as one check fails. */
export interface SanityReport {
    passed: boolean;
    checks: SanityCheck[];
}
/**
 * The checks an honest robustness evaluation passes (Carlini et al. 2019, §5 of REFERENCES); a
 * failure flags a weak attack or gradient masking (e.g. PGD stuck in a dead-relu region, REFERENCES §7):
 * - `pgd-le-one-step`: a multi-step attack's accuracy ≤ its one-step counterpart's + slack, at every shared ε;
 * - `monotone-in-eps`: each attack's accuracy is non-increasing in ε (from the clean accuracy at ε = 0), up to slack;
 * - `linf-eps1-near-zero`: PGD-L∞ at ε = 1 (the whole cube) leaves accuracy ≤ nearZero;
 * - `noise-weaker`: random noise of a norm costs ≤ noiseRatio × what the strongest gradient attack of
 *   that norm costs at the same ε (+ slack);
 * - `gradients-usable`: at most `zeroGradient` of the images have an all-zero or non-finite input gradient.
 * Pure function of the table, so it is tested on hand-made tables.
 */
export declare function sanityChecks(input: SanityInput, cfg: z.infer<typeof SanityConfig>): SanityReport;
