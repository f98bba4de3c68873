import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import writeFileAtomic from "write-file-atomic";

/**
 * Writes a file atomically (temp file + rename): a run that fails midway
 * leaves the previous file intact. Creates the parent directory.
 */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** Writes `obj` as pretty JSON, atomically. Float32Arrays are written as plain arrays. */
export async function writeJson(path: string, obj: unknown): Promise<void> {
  const text = JSON.stringify(obj, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v), 2);
  await writeAtomic(path, text + "\n");
}
