import type { ProgressFn } from "../progress.js";
import type { Rng } from "../rng.js";
/** What the runner needs from any local (Hebbian-type) learner of a hidden layer [H, D]. */
export interface LocalLearner {
    readonly hidden: number;
    readonly inputDim: number;
    /** Trains on images [n, D] row-major f32; returns the wall time of each epoch. */
    train(images: Float32Array, n: number, opts?: {
        onProgress?: ProgressFn;
        rng?: Rng;
    }): {
        epochSeconds: number[];
    };
    /** Samples each unit has won during training, [H]. */
    wins(): Float64Array;
    /** Copy of the weights [H, D] row-major f32. */
    weights(): Float32Array;
    /** Hidden currents [n, H] row-major f32. */
    currents(images: Float32Array, n: number): Float32Array;
    /** Readout features [n, H] row-major f32. */
    features(images: Float32Array, n: number, power: number): Float32Array;
    /** Releases WASM memory. */
    dispose(): void;
}
