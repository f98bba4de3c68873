import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomic } from "../files.js";
import { modelFromArtifacts } from "./registry.js";
/**
 * Saves a model to `dir` (created if needed): weights first, then the JSON
 * that points into them, each written atomically.
 */
export async function saveModel(dir, model, meta) {
    const a = await model.serialize();
    const names = Object.keys(a.tensors);
    const total = names.reduce((s, k) => s + a.tensors[k].data.length, 0);
    const bin = new Float32Array(total);
    const index = {};
    let off = 0;
    for (const k of names) {
        const t = a.tensors[k];
        if (t.data.length !== t.shape.reduce((p, d) => p * d, 1))
            throw new Error(`saveModel: tensor '${k}' has ${t.data.length} values for shape [${t.shape}]`);
        bin.set(t.data, off);
        index[k] = { shape: t.shape, offset: off, length: t.data.length };
        off += t.data.length;
    }
    const saved = { format: "hebblab-model/1", kind: a.kind, config: a.config, tensors: index, meta };
    await writeAtomic(join(dir, "weights.bin"), new Uint8Array(bin.buffer));
    await writeAtomic(join(dir, "model.json"), JSON.stringify(saved, null, 2) + "\n");
}
/** Reads a saved model's artifacts and meta, checking the files agree. */
export async function readModelArtifacts(dir) {
    const jsonPath = join(dir, "model.json");
    const binPath = join(dir, "weights.bin");
    let saved;
    try {
        saved = JSON.parse(await readFile(jsonPath, "utf8"));
    }
    catch (e) {
        throw new Error(`${jsonPath}: cannot read saved model (${e.message})`);
    }
    if (saved.format !== "hebblab-model/1")
        throw new Error(`${jsonPath}: not a hebblab model (format ${String(saved.format)})`);
    const buf = await readFile(binPath).catch((e) => {
        throw new Error(`${binPath}: cannot read weights (${e.message})`);
    });
    if (buf.byteLength % 4)
        throw new Error(`${binPath}: size ${buf.byteLength} is not a multiple of 4`);
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const tensors = {};
    for (const [k, t] of Object.entries(saved.tensors)) {
        if (t.offset + t.length > all.length)
            throw new Error(`${binPath}: truncated (tensor '${k}' needs values up to ${t.offset + t.length}, file has ${all.length})`);
        tensors[k] = { shape: t.shape, data: all.subarray(t.offset, t.offset + t.length) };
    }
    return { artifacts: { kind: saved.kind, config: saved.config, tensors }, meta: saved.meta ?? {} };
}
/** Loads a model saved by {@link saveModel} (tfjs must be initialised). */
export async function loadModel(dir) {
    const { artifacts, meta } = await readModelArtifacts(dir);
    return { model: await modelFromArtifacts(artifacts), meta };
}
//# sourceMappingURL=io.js.map