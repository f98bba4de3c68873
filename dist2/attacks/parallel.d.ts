import type { ModelArtifacts } from "../models/types.js";
import type { AttackEvalConfig } from "./config.js";
import { type BatchJob, type JobEnv, type JobResult } from "./jobs.js";
/**
 * Runs batch jobs on the calling thread and, with threads > 1, on worker threads. Results come back
 * per job index whatever thread ran them; `onResult` sees them in index order.
 */
export interface JobRunner {
    /** Threads in use, the caller's included. */
    readonly threads: number;
    /**
     * Runs every job once. `onResult(i, r)` is called in index order (job i only after 0..i−1), so
     * progress reads the same on any number of threads.
     * @param priority job indices, most expensive first: the order workers take them in (default 0, 1, …)
     */
    run(jobs: BatchJob[], onResult: (i: number, r: JobResult) => void, priority?: number[]): Promise<JobResult[]>;
    /** Stops the workers (idempotent). */
    close(): Promise<void>;
}
/** What a worker needs to rebuild the evaluation: sent once, its arrays transferred. */
export interface WorkerInit {
    artifacts: ModelArtifacts;
    cfg: AttackEvalConfig;
    images: Float32Array;
    labels: Int32Array;
    dim: number;
}
/** Messages from caller to worker. */
export type ToWorker = {
    type: "phase";
    phase: number;
    jobs: BatchJob[];
    queue: Int32Array;
};
/** Messages from worker to caller. */
export type FromWorker = {
    type: "ready";
} | {
    type: "result";
    phase: number;
    i: number;
    result: JobResult;
} | {
    type: "error";
    phase: number;
    i: number;
    message: string;
    stack?: string;
} | {
    type: "phaseDone";
    phase: number;
};
/**
 * A shared queue of job positions taken from both ends without a lock: the workers take the front
 * (the most expensive jobs first), the caller the back (short jobs, so its event loop, which forwards
 * results and progress, is never blocked for long). Layout [front, back, taken₀ … taken_{n−1}]: a taker
 * reserves a position with one atomic add, then owns it only if it flips its flag first; a lost flag
 * means the two ends have met and the queue is empty.
 */
export declare function createQueue(n: number): Int32Array;
/** Next position from the front, or −1 when none is left. */
export declare function takeFront(q: Int32Array): number;
/** Next position from the back, or −1 when none is left. */
export declare function takeBack(q: Int32Array): number;
/** Empties the queue: every later take returns −1 (after an error). */
export declare function drainQueue(q: Int32Array): void;
/** All jobs on the calling thread, in index order: the path of threads = 1 (no workers). */
export declare function serialRunner(env: JobEnv): JobRunner;
/**
 * A runner on `threads` threads: the caller plus threads − 1 `worker_threads`, each with its own tfjs
 * (wasm backend) and its own copy of the model rebuilt from `init.artifacts`. Resolves once every worker
 * is ready (so a worker that cannot start fails here, not mid-run). Node only; elsewhere, or with
 * threads ≤ 1, the serial runner.
 */
export declare function createJobRunner(env: JobEnv, threads: number, init: () => Promise<WorkerInit>): Promise<JobRunner>;
