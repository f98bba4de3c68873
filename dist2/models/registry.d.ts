import type { Model, ModelArtifacts } from "./types.js";
/** Rebuilds a model of one kind from its artifacts (needs tfjs initialised). */
export type ModelLoader = (a: ModelArtifacts) => Model | Promise<Model>;
/** Every model kind that can be saved and loaded; one line per kind. */
export declare const MODEL_LOADERS: Record<string, ModelLoader>;
/** Rebuilds any saved model; the error lists the known kinds. */
export declare function modelFromArtifacts(a: ModelArtifacts): Promise<Model>;
