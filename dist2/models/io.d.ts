import type { Model, ModelArtifacts } from "./types.js";
/**
 * Saves a model to `dir` (created if needed): weights first, then the JSON
 * that points into them, each written atomically.
 */
export declare function saveModel(dir: string, model: Model, meta?: Record<string, unknown>): Promise<void>;
/** Reads a saved model's artifacts and meta, checking the files agree. */
export declare function readModelArtifacts(dir: string): Promise<{
    artifacts: ModelArtifacts;
    meta: Record<string, unknown>;
}>;
/** Loads a model saved by {@link saveModel} (tfjs must be initialised). */
export declare function loadModel(dir: string): Promise<{
    model: Model;
    meta: Record<string, unknown>;
}>;
