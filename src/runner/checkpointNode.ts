import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { decodeCheckpoint, encodeCheckpoint, type CheckpointStore } from "./checkpoint.js";

/** A checkpoint in one file, replaced atomically (write a temporary file, then rename). Node only. */
export function fileCheckpoints(path: string): CheckpointStore {
  return {
    load() {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw new Error(`checkpoint ${path}: cannot read (${(e as NodeJS.ErrnoException).code})`);
      }
      return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
    },
    save(c) {
      const tmp = `${path}.tmp-${process.pid}`;
      writeFileSync(tmp, encodeCheckpoint(c));
      renameSync(tmp, path);
    },
    flush() {},
    clear() {
      rmSync(path, { force: true });
    },
  };
}
