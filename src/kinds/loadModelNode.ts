import { readModelArtifacts } from "../models/io.js";
import type { Model } from "../models/types.js";
import { modelFromArtifacts } from "./registry.js";

/** Loads a model saved by `saveModel` through its kind's loader (Node; tfjs must be initialized). */
export async function loadModel(dir: string): Promise<{ model: Model; meta: Record<string, unknown> }> {
  const { artifacts, meta } = await readModelArtifacts(dir);
  return { model: await modelFromArtifacts(artifacts), meta };
}
