import type { ModelKind, Pipeline } from "./types.js";
/**
 * Backprop baseline (REFERENCES §4): an MLP trained with Adam on
 * cross-entropy plus the configured regularisers, then measured the same
 * way for every configuration: clean accuracy, α of each hidden layer's test
 * representation (weighted and unweighted fits), exact mean ‖∂logits/∂x‖²_F
 * and the isometry score on the first `metricsImages` test images, the
 * weight norm, Nassar's spectral penalty of the last hidden layer's test
 * spectrum, and per-epoch seconds.
 */
export declare const mlpPipeline: Pipeline;
/** The `mlp` model kind: a backprop baseline (`--reg-strength` is applied to every `--reg` by the CLI). */
export declare const mlpKind: ModelKind;
