import { khPipeline } from "./kh.js";
import { mlpPipeline } from "./mlp.js";
import type { Pipeline } from "./types.js";

/** Every training pipeline, by the config's `model` name; one line per model kind. */
export const PIPELINES: Record<string, Pipeline> = {
  kh: khPipeline,
  mlp: mlpPipeline,
};
