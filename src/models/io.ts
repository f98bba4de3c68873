import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomic } from "../files.js";
import { decodeModel, encodeModel } from "./format.js";
import type { Model, ModelArtifacts } from "./types.js";

/**
 * Saves a model to `dir` (created if needed): weights first, then the JSON
 * that points into them, each written atomically (format: `format.ts`).
 */
export async function saveModel(dir: string, model: Model, meta?: Record<string, unknown>): Promise<void> {
  const { json, bin } = encodeModel(await model.serialize(), meta);
  await writeAtomic(join(dir, "weights.bin"), bin);
  await writeAtomic(join(dir, "model.json"), json);
}

/** Reads a saved model's artifacts and meta, checking the files agree. */
export async function readModelArtifacts(dir: string): Promise<{ artifacts: ModelArtifacts; meta: Record<string, unknown> }> {
  const jsonPath = join(dir, "model.json");
  const binPath = join(dir, "weights.bin");
  const json = await readFile(jsonPath, "utf8").catch((e: Error) => {
    throw new Error(`${jsonPath}: cannot read saved model (${e.message})`);
  });
  const buf = await readFile(binPath).catch((e: Error) => {
    throw new Error(`${binPath}: cannot read weights (${e.message})`);
  });
  return decodeModel(json, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), jsonPath, binPath);
}
