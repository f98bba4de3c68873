import { type CheckpointStore } from "./checkpoint.js";
/** A checkpoint in one file, replaced atomically (write a temporary file, then rename). Node only. */
export declare function fileCheckpoints(path: string): CheckpointStore;
