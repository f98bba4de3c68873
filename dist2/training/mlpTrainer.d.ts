import type { Dataset } from "../data/types.js";
import type { Regularizer } from "../regularizers/types.js";
import type { Rng } from "../rng.js";
import type { Mlp } from "../models/mlp.js";
/** Settings of {@link MlpTrainer} (REFERENCES §4 defaults). */
export interface MlpTrainOptions {
    /** Adam learning rate. Default 1e-3. */
    lr?: number;
    /** Mini-batch size. Default 100. */
    batch?: number;
    /** Penalties added to the cross-entropy. Default none. */
    regularizers?: Regularizer[];
}
/** Figures of one epoch. */
export interface EpochStats {
    /** Mean total loss (cross-entropy + penalties) over the epoch's steps. */
    loss: number;
    /** Mean of each regulariser's weighted penalty, by name. */
    penalties: Record<string, number>;
    steps: number;
    seconds: number;
}
/** Called after every step: images done so far in the epoch and the step's total loss. */
export type StepFn = (done: number, total: number, loss: number) => void;
/**
 * Adam on softmax cross-entropy plus regularisers, for an {@link Mlp}.
 *
 * The training images are uploaded once; each step gathers its batch by
 * index (on tfjs-wasm `slice` copies its whole input). Each epoch visits a
 * fresh permutation from `rng` and drops the incomplete last batch (the
 * spectral term needs every batch wider than the layer).
 */
export declare class MlpTrainer {
    readonly model: Mlp;
    private readonly rng;
    readonly lr: number;
    readonly batch: number;
    readonly regularizers: readonly Regularizer[];
    private readonly optimizer;
    private images;
    private labels;
    private data;
    constructor(model: Mlp, rng: Rng, opts?: MlpTrainOptions);
    private upload;
    /** One pass over `train` (drop-last batches). */
    epoch(train: Dataset, onStep?: StepFn): Promise<EpochStats>;
    /** Frees the uploaded data and the optimiser's state (not the model). */
    /**
     * What continuing training bit for bit needs besides the trainer's Rng and the model's noise
     * streams: the weights and Adam's state (step count, both moment estimates, and its running
     * β₁ᵗ, β₂ᵗ, which tfjs's `setWeights` would recompute with `pow` and round differently).
     */
    snapshot(): Promise<{
        arrays: Record<string, Float32Array>;
        meta: {
            iterations: number;
            accBeta: [number, number];
            moments: number;
        };
    }>;
    /** Puts weights and Adam back as {@link snapshot} saw them. */
    restore(s: {
        arrays: Record<string, Float32Array | Float64Array>;
        meta: {
            iterations: number;
            accBeta: [number, number];
            moments: number;
        };
    }): Promise<void>;
    /** tfjs's Adam keeps β₁ᵗ and β₂ᵗ in private variables; checkpoints need them exactly. */
    private adamInternals;
    dispose(): void;
}
