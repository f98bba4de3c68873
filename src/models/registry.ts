import { localModelFromArtifacts } from "./localModel.js";
import { mlpFromArtifacts } from "./mlp.js";
import type { Model, ModelArtifacts } from "./types.js";

/** Rebuilds a model of one kind from its artifacts (needs tfjs initialized). */
export type ModelLoader = (a: ModelArtifacts) => Model | Promise<Model>;

/** Every model kind that can be saved and loaded; one line per kind. */
export const MODEL_LOADERS: Record<string, ModelLoader> = {
  kh: localModelFromArtifacts,
  mlp: mlpFromArtifacts,
};

/** Rebuilds any saved model; the error lists the known kinds. */
export async function modelFromArtifacts(a: ModelArtifacts): Promise<Model> {
  const load = MODEL_LOADERS[a.kind];
  if (!load) throw new Error(`unknown model kind '${a.kind}' (known: ${Object.keys(MODEL_LOADERS).join(", ") || "none"})`);
  return load(a);
}
