import type { Model } from "../models/types.js";
import { type ProgressFn } from "../progress.js";
import type { Norm } from "./base.js";
import { type AttackEvalConfig, type AttackEvalInput } from "./config.js";
import { type SanityReport } from "./sanity.js";
/** Labelled images to attack: `images` [n, dim] row-major f32 in [0, 1], `labels` [n] (a `Dataset` fits). */
export interface AttackData {
    images: Float32Array;
    labels: ArrayLike<number>;
    n: number;
    dim: number;
    source?: string;
}
/** One cell of the robust-accuracy table. */
export interface AttackResult {
    attack: string;
    norm: Norm;
    eps: number;
    /** Mean (expected, on stochastic models) correctness over all evaluated images. */
    accuracy: number;
    /** Same over the initially correct images only. */
    relativeAccuracy: number;
    images: number;
    /** The attack's settings (steps, relStepSize, restarts, randomStart…) and the absolute step size a. */
    settings: Record<string, number | string | boolean>;
    /** Thread-seconds of its batches (on several threads, more than the wall time). */
    seconds: number;
}
/** Critical perturbations over the first `images` initially correct images. */
export interface CriticalSummary {
    attack: string;
    norm: Norm;
    method: "bisection" | "grid";
    /** Search range/grid used. */
    max?: number;
    iters?: number;
    grid?: number[];
    images: number;
    /** Images flipped within the search range. */
    flipped: number;
    /** Median smallest flipping ε (unflipped count as +∞; null when more than half are unflipped). */
    medianEps: number | null;
    /** Median L2 norm of the flipping perturbations (same convention). */
    medianL2: number | null;
    /** Per image (null = not flipped within range). */
    eps: (number | null)[];
    l2: (number | null)[];
    /** Thread-seconds of its batches (on several threads, more than the wall time). */
    seconds: number;
}
/** Everything an attack evaluation produces, written as the results JSON. */
export interface AttackReport {
    format: "hebblab-attack/1";
    /** Resolved config: enough, with the model and data, to reproduce every figure. */
    config: AttackEvalConfig;
    model: {
        kind: string;
        inputDim: number;
        classes: number;
        stochastic: boolean;
    };
    data: {
        source: string;
        images: number;
        selection: string;
    };
    /** EOT samples actually drawn (1 for deterministic models). */
    eotSamples: number;
    cleanAccuracy: number;
    initiallyCorrect: number;
    results: AttackResult[];
    critical: CriticalSummary | null;
    /** The same search under each attack of `critical.also` (e.g. noise), in that order. */
    criticalAlso: CriticalSummary[];
    sanity: SanityReport;
    backend: string;
    /** Threads the batches ran on, the caller's included (`EvaluateOptions.threads`); the numbers do not depend on it. */
    threads: number;
    /** Wall time of the whole evaluation. */
    seconds: number;
}
/** Options of {@link evaluateRobustness}: how to compute, never what (the report's numbers do not depend on them). */
export interface EvaluateOptions {
    onProgress?: ProgressFn;
    /**
     * Threads, the caller's included (integer ≥ 1; default 1): threads − 1 `worker_threads` each run
     * batches on their own tfjs and model copy (rebuilt from `model.serialize()`, so the model's kind
     * must be in the registry). Node only; elsewhere the evaluation runs on the caller.
     */
    threads?: number;
}
/**
 * Robustness evaluation of any {@link Model} (REFERENCES §5): clean accuracy, a robust-accuracy table
 * attack × ε (plain and relative to the initially correct images), critical perturbations, and the
 * sanity checks of Carlini et al. 2019, which are always run and reported. Stochastic models are
 * attacked with EOT gradients and scored by expected accuracy over their noise.
 *
 * Images are the first `config.images` of `data`, in batches of `config.batch` built from host memory
 * (no tfjs slicing of a large tensor). Each batch job (clean, attack × ε × batch, critical batch) draws
 * from its own `Rng` and noise stream forked from `config.seed` by the job's label, so results do not
 * depend on which attacks run, nor on the thread count: jobs are spread over `opts.threads` threads and
 * merged here in batch order, so every sum is added in the same order. Needs tfjs initialised (`initTf`).
 */
export declare function evaluateRobustness(model: Model, data: AttackData, input?: AttackEvalInput | AttackEvalConfig, opts?: EvaluateOptions): Promise<AttackReport>;
/**
 * Slack of the accuracy comparisons: the configured floor, widened on a stochastic model to three
 * standard errors of an expected accuracy over n images × k noise samples (≤ √(¼/(n·k))), so that the
 * checks flag systematic violations rather than sampling noise.
 * @param k noise samples per estimate, 0 for a deterministic model
 */
export declare function sanitySlack(floor: number, n: number, k: number): number;
