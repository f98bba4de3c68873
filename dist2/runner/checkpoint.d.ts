/**
 * Checkpoints of a training run (issue 11): after every epoch a pipeline saves
 * what it needs to continue exactly where it stood (weights, optimiser state,
 * random-stream states, the per-epoch records so far), so that a killed run
 * resumed from its checkpoint ends with the numbers an uninterrupted run gives.
 * Stores are synchronous (a KH epoch runs as one blocking loop); the Node store
 * writes one file atomically.
 */
/** One checkpoint: JSON-serialisable `meta` and named numeric arrays. */
export interface Checkpoint {
    meta: Record<string, unknown> & {
        pipeline: string;
        configHash: string;
        epoch: number;
    };
    arrays: Record<string, Float32Array | Float64Array>;
}
/** Where a run's checkpoint lives. */
export interface CheckpointStore {
    /** The saved checkpoint, or null when there is none. Throws on a damaged one. */
    load(): Checkpoint | null;
    /** Replaces the checkpoint (atomically: a crash leaves the previous one). */
    save(c: Checkpoint): void;
    /** Removes it (after the results are written). */
    clear(): void;
}
/** A store in memory (tests, the browser). */
export declare function memoryCheckpoints(): CheckpointStore & {
    saves: number;
};
/**
 * Bytes of a checkpoint: "HBCK1\n", a u32 (little-endian) length of a JSON header (meta and the
 * arrays' names, dtypes, lengths), the header, then the arrays' bytes in header order (8-byte aligned).
 */
export declare function encodeCheckpoint(c: Checkpoint): Uint8Array;
/** Inverse of {@link encodeCheckpoint}; `what` names the file in errors. */
export declare function decodeCheckpoint(bytes: Uint8Array, what: string): Checkpoint;
/**
 * A stable hash of a config (FNV-1a over its canonical JSON, keys sorted), minus the fields that do
 * not change the numbers (`threads`): a checkpoint is only resumed by the config that wrote it.
 */
export declare function configHash(cfg: unknown): string;
/** JSON with object keys sorted, so equal configs give equal text. */
export declare function canonicalJson(v: unknown): string;
/**
 * The checkpoint in `store` that pipeline `pipeline` may continue from: null without a store or a
 * checkpoint. Throws when the checkpoint was written by another pipeline or another config (resuming
 * it would silently mix two runs).
 */
export declare function resumable(store: CheckpointStore | undefined, pipeline: string, hash: string): Checkpoint | null;
