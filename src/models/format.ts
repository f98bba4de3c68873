import type { ModelArtifacts } from "./types.js";

/**
 * The saved-model format, platform-neutral: `model.json` (kind, config, tensor index, meta) and
 * `weights.bin` (every tensor's f32 values, little-endian, back to back). The CLI writes and reads
 * it as files (`io.ts`); the browser page offers the same two files for download and reads them
 * back, so a model moves between the CLI and the page either way.
 */
export interface SavedModel {
  format: "hebblab-model/1";
  kind: string;
  config: Record<string, unknown>;
  tensors: Record<string, { shape: number[]; offset: number; length: number }>;
  /** Anything the caller wants kept with the model (resolved config, metrics, seed). */
  meta?: Record<string, unknown>;
}

/** The two files of a model: `model.json` text and `weights.bin` bytes. */
export function encodeModel(a: ModelArtifacts, meta?: Record<string, unknown>): { json: string; bin: Uint8Array } {
  const names = Object.keys(a.tensors);
  const total = names.reduce((s, k) => s + a.tensors[k].data.length, 0);
  const bin = new Float32Array(total);
  const index: SavedModel["tensors"] = {};
  let off = 0;
  for (const k of names) {
    const t = a.tensors[k];
    if (t.data.length !== t.shape.reduce((p, d) => p * d, 1)) throw new Error(`saveModel: tensor '${k}' has ${t.data.length} values for shape [${t.shape}]`);
    bin.set(t.data, off);
    index[k] = { shape: t.shape, offset: off, length: t.data.length };
    off += t.data.length;
  }
  const saved: SavedModel = { format: "hebblab-model/1", kind: a.kind, config: a.config, tensors: index, meta };
  return { json: JSON.stringify(saved, null, 2) + "\n", bin: new Uint8Array(bin.buffer) };
}

/**
 * A model's artifacts and meta from its two files, checking they agree; `jsonName` and `binName`
 * name them in errors.
 */
export function decodeModel(jsonText: string, bin: Uint8Array, jsonName = "model.json", binName = "weights.bin"): { artifacts: ModelArtifacts; meta: Record<string, unknown> } {
  let saved: SavedModel;
  try {
    saved = JSON.parse(jsonText) as SavedModel;
  } catch (e) {
    throw new Error(`${jsonName}: cannot read saved model (${(e as Error).message})`);
  }
  if (saved?.format !== "hebblab-model/1") throw new Error(`${jsonName}: not a hebblab model (format ${String(saved?.format)})`);
  if (bin.byteLength % 4) throw new Error(`${binName}: size ${bin.byteLength} is not a multiple of 4`);
  const all = new Float32Array(bin.slice().buffer);
  const tensors: ModelArtifacts["tensors"] = {};
  for (const [k, t] of Object.entries(saved.tensors)) {
    if (t.offset + t.length > all.length) throw new Error(`${binName}: truncated (tensor '${k}' needs values up to ${t.offset + t.length}, file has ${all.length})`);
    tensors[k] = { shape: t.shape, data: all.subarray(t.offset, t.offset + t.length) };
  }
  return { artifacts: { kind: saved.kind, config: saved.config, tensors }, meta: saved.meta ?? {} };
}
