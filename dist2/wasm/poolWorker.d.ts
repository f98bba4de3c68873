/**
 * The body of a kernel-pool worker, and the source text that starts it in
 * Node (`worker_threads`, `eval: true`) or a browser (a Blob-URL Web Worker).
 *
 * The body is one self-contained function turned into source with
 * `Function.prototype.toString`, so the same code runs in both hosts without a
 * separate worker file to resolve (a `.ts` file in tests, a `.js` file in
 * `dist/`, a hashed asset in a bundle). It must therefore use no imports and
 * no names from this module's scope.
 */
/** Layout of the control block (an Int32Array over a SharedArrayBuffer) shared by a pool and its workers. */
export interface ControlLayout {
    /** Int32 index: task generation, bumped once per task (workers wait on it). */
    gen: number;
    /** Int32 index: workers still running the current task (the caller waits on it). */
    pending: number;
    /** Int32 index: set to 1 when a worker's kernel threw. */
    error: number;
    /** Int32 index of thread t's number of calls in this task: `count + t` (−1 = exit). */
    count: number;
    /** Int32 index where thread t acknowledges the generation it has taken up: `started + t`. */
    started: number;
    /** Int32 index of the opcode (index into `names`) of thread t's call c: `op + t·maxCalls + c`. */
    op: number;
    /** Float64 index of the arguments of thread t's call c: `args + (t·maxCalls + c)·maxArgs`. */
    args: number;
    /** Calls per thread and task (at most). */
    maxCalls: number;
    /** Arguments per kernel call (at most). */
    maxArgs: number;
    /** Milliseconds a thread polls for the next task (or the end of one) before it sleeps in `Atomics.wait`. */
    spinMs: number;
}
/** What a worker receives to start. */
export interface WorkerStart {
    module: WebAssembly.Module;
    memory: WebAssembly.Memory;
    control: SharedArrayBuffer;
    layout: ControlLayout;
    /** Kernel export names, indexed by opcode. */
    names: readonly string[];
    /** This worker's thread index (≥ 1; thread 0 is the caller). */
    index: number;
}
/** Source of a Node `worker_threads` eval worker (CommonJS) that runs the body on its `workerData`. */
export declare function nodeWorkerSource(): string;
/** Source of a browser Web Worker that runs the body on the first message it gets. */
export declare function browserWorkerSource(): string;
