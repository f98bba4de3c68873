import { type Flavour, type Wasm } from "./init.js";
/** Options of {@link createPool}. */
export interface PoolOptions {
    /**
     * Threads to use, the caller's included (≥ 1). Default: every core
     * ({@link availableCores}). 1 gives a pool without workers on a private memory.
     */
    threads?: number;
    /**
     * Kernel build: `auto` (default) picks `relaxed` (FMA GEMM) where the engine
     * has relaxed SIMD and shared memory, else `threads` when more than one
     * thread is asked for, else `simd` (or `scalar` without SIMD). `simd` with
     * threads > 1 means the same SIMD code on a shared memory (`threads`);
     * `scalar` always runs on one thread.
     */
    flavour?: Flavour | "auto";
    /**
     * Milliseconds each thread polls for the next task (workers) or for the workers to finish
     * (caller) before sleeping in `Atomics.wait` (default 2). Between the tasks of a KH step the
     * caller works alone for well under a millisecond, and waking a sleeping thread costs tens of
     * microseconds, far more on a VM whose idle vCPU was halted. 0: sleep at once.
     */
    spinMs?: number;
}
/** Kernels a pool can split, by export name. Every one takes byte offsets and counts; none allocates. */
declare const SPLITTABLE: readonly ["gemm_f32", "relu_pow_f32", "transpose_f32", "gather_rows_f32", "select_top1_kth_f32", "kh_delta_f32", "kh_apply_f32", "softmax_units_f32", "softhebb_delta_f32", "softhebb_apply_f32", "cov_stripes_f32", "cov_scale_mirror_f64", "crosscov_stripes_f32", "scale_rows_f64"];
/** A kernel the pool can split. */
export type SplittableKernel = (typeof SPLITTABLE)[number];
/** One kernel call: an export name and its arguments (byte offsets, counts, scalars). */
export interface KernelCall {
    kernel: SplittableKernel;
    args: readonly number[];
}
/** Number of logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in a browser. */
export declare function availableCores(): Promise<number>;
/**
 * Whether this engine can share one WASM memory between threads: WASM
 * threads and a usable `SharedArrayBuffer` (a browser page must be
 * cross-origin isolated: COOP `same-origin` + COEP `require-corp`).
 */
export declare function canShareMemory(): Promise<boolean>;
/** One started worker: how to terminate it. */
interface WorkerHandle {
    terminate(): Promise<unknown> | void;
}
/**
 * A pool of threads that run the same allocation-free kernels over one shared
 * `WebAssembly.Memory` (the `threads`/`relaxed` builds), in Node
 * (`worker_threads`) and browsers (Web Workers).
 *
 * Calls are synchronous: the caller writes each thread's arguments into a
 * shared control block, wakes the workers with `Atomics.notify`, runs slice 0
 * itself and blocks in `Atomics.wait` until every worker has counted down.
 * So the caller must be allowed to block: Node's main thread or any worker,
 * not a browser page's main thread (there it spins). Work is split so that
 * every output element is computed by exactly one thread with the same code
 * as in the single-threaded build: results do not depend on the thread count.
 *
 * With one thread the pool has no workers and calls the kernels directly, on
 * whatever build `wasm` is (so `threads: 1` keeps the plain `simd` build).
 */
export declare class KernelPool {
    /** The kernels (the caller's instance) and the memory every thread shares. */
    readonly wasm: Wasm;
    private readonly workers;
    private readonly failures;
    private readonly spinMs;
    private disposed;
    private readonly ctl;
    private readonly args;
    private readonly canBlock;
    private constructor();
    /** Threads that share the work, the caller's included. */
    get threads(): number;
    /** Build and pool of a single thread, without workers (what `threads: 1` resolves to). */
    static single(wasm: Wasm): KernelPool;
    /** @internal Used by {@link createPool}. */
    static withWorkers(wasm: Wasm, workers: WorkerHandle[], control: SharedArrayBuffer, failures: string[], spinMs: number): KernelPool;
    /**
     * C[i, :] = A[i, :]·B for rows i in [m0, m1), split by rows over the pool
     * (`gemm_f32`; A [M, K], B [K, N], C [M, N] row-major f32 at byte offsets).
     * Bit for bit the same as one `gemm_f32` call on the same build.
     */
    gemm(c: number, a: number, b: number, m0: number, m1: number, n: number, k: number): void;
    /**
     * out[i] = max(x[i], 0)^power over n f32 (`relu_pow_f32`), split into
     * contiguous slices of whole 4-value groups, so every element takes the
     * same SIMD or scalar path as in a single call.
     */
    reluPow(out: number, x: number, n: number, power: number): void;
    /**
     * Runs `kernel` over [lo, hi) cut into one contiguous slice per thread
     * (multiples of 4 rows, the last slice takes the rest; small ranges use
     * fewer threads); `argsFor(r0, r1)` gives the kernel's arguments for a slice.
     * @param kernel one of the splittable kernels (listed in this module).
     */
    splitRows(kernel: SplittableKernel, lo: number, hi: number, argsFor: (r0: number, r1: number) => number[]): void;
    /**
     * Runs `kernel` once per thread with `slices[t]` as its arguments (an empty
     * array: that thread idles); slice 0 runs on the caller. Returns when all
     * are done; throws if a worker's call threw.
     */
    run(kernel: SplittableKernel, slices: readonly (readonly number[])[]): void;
    /**
     * One task: thread t runs `calls[t]` in order (thread 0 is the caller; a
     * missing or empty list idles that thread). Returns when every thread is
     * done; throws if any call threw. Calls of different threads must not write
     * the same bytes.
     */
    runCalls(calls: readonly (readonly KernelCall[])[]): void;
    /** Stops the workers (the shared memory stays with `wasm`). Idempotent. */
    dispose(): Promise<void>;
    private live;
}
/**
 * Resolves the build and thread count, loads the kernels and starts
 * `threads − 1` workers on the shared memory. Falls back to one thread on the
 * private-memory build when threads = 1, the build is `scalar`, or the engine
 * cannot share memory (no WASM threads, or a page that is not cross-origin
 * isolated).
 */
export declare function createPool(options?: PoolOptions): Promise<KernelPool>;
export {};
