import { khPipelineFromArtifacts } from "./khPipeline.js";
import { mlpFromArtifacts } from "./mlp.js";
/** Every model kind that can be saved and loaded; one line per kind. */
export const MODEL_LOADERS = {
    kh: khPipelineFromArtifacts,
    mlp: mlpFromArtifacts,
};
/** Rebuilds any saved model; the error lists the known kinds. */
export async function modelFromArtifacts(a) {
    const load = MODEL_LOADERS[a.kind];
    if (!load)
        throw new Error(`unknown model kind '${a.kind}' (known: ${Object.keys(MODEL_LOADERS).join(", ") || "none"})`);
    return load(a);
}
//# sourceMappingURL=registry.js.map