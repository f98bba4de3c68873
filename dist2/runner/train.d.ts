import type { Split } from "../data/types.js";
import { type AttackReport } from "../attacks/evaluate.js";
import type { Model } from "../models/types.js";
import { type CheckpointStore } from "./checkpoint.js";
import { type Config } from "./config.js";
import { type ProgressFn } from "../progress.js";
/** The results file of a training run: everything needed to reproduce and compare it. */
export interface TrainResults {
    format: "hebblab-results/1";
    command: "train";
    /** The fully resolved config (defaults filled in). */
    config: Config;
    /** Hash of `config` without `threads` (which never changes the numbers): equal hashes, equal settings. */
    configHash: string;
    seed: number;
    /** Kernel instruction set (`wasm-simd`, `wasm-scalar`, `wasm-relaxed-simd`), tfjs backend, and the kernel threads used. */
    backend: {
        kernels: string;
        tfjs: string;
        threads: number;
    };
    versions: Record<string, string>;
    data: {
        source: string;
        train: number;
        test: number;
        dim: number;
        classes: number;
    };
    metrics: Record<string, unknown> & {
        testAccuracy: number;
    };
    timings: {
        epochSeconds: number[];
        totalSeconds: number;
    } & Record<string, unknown>;
    /** What a person must know about the run (e.g. a local layer that did not converge); empty when nothing. */
    warnings: string[];
    /** The robustness evaluation, when `config.attack` asked for one (same as `hebblab attack`). */
    attack?: AttackReport;
    startedAt: string;
    finishedAt: string;
}
/** Options of {@link runTraining}. */
export interface TrainOptions {
    onProgress?: ProgressFn;
    /** Data already in memory (the browser page); otherwise loaded from `config.data` (Node). */
    split?: Split;
    /** Package versions to record (the Node entry fills them from package.json files). */
    versions?: Record<string, string>;
    /**
     * Checkpoints saved after every epoch; when the store already holds one written by the same config,
     * training continues from it and ends with the numbers of an uninterrupted run (timings aside).
     */
    checkpoints?: CheckpointStore;
}
/**
 * Runs one training experiment from a (raw, unvalidated) config: validates
 * it, loads the data, runs the model's pipeline, and returns the results
 * record, the trained model and any pictures. Writes nothing: front ends
 * decide where files go.
 */
export declare function runTraining(rawConfig: unknown, opts?: TrainOptions): Promise<{
    results: TrainResults;
    model: Model;
    artifacts: Record<string, Uint8Array | string>;
}>;
