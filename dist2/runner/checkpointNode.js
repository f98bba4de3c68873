import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
/** A checkpoint in one file, replaced atomically (write a temporary file, then rename). Node only. */
export function fileCheckpoints(path) {
    return {
        load() {
            let bytes;
            try {
                bytes = readFileSync(path);
            }
            catch (e) {
                if (e.code === "ENOENT")
                    return null;
                throw new Error(`checkpoint ${path}: cannot read (${e.code})`);
            }
            return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
        },
        save(c) {
            const tmp = `${path}.tmp-${process.pid}`;
            writeFileSync(tmp, encodeCheckpoint(c));
            renameSync(tmp, path);
        },
        clear() {
            rmSync(path, { force: true });
        },
    };
}
//# sourceMappingURL=checkpointNode.js.map