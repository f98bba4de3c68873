import type { Dataset } from "../data/types.js";
import type { Model } from "./types.js";
/**
 * Predicted classes of `model` for every image of `data`, in batches
 * (host subarrays, so no tf.slice copies of the whole set).
 */
export declare function predict(model: Model, data: Dataset, batch?: number): Promise<Int32Array>;
/** Fraction of `data` that `model` classifies correctly. */
export declare function accuracy(model: Model, data: Dataset, batch?: number): Promise<number>;
/** Quantiles of a sample by linear interpolation (q in [0, 1]). */
export declare function quantiles(x: ArrayLike<number>, qs: number[]): number[];
