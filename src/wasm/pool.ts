import { threads as detectThreads } from "wasm-feature-detect";
import { isNode } from "../host.js";
import { init, isShared, resolveBuild, type KernelBuild, type KernelExports, type Wasm } from "./init.js";
import { browserWorkerSource, nodeWorkerSource, type ControlLayout, type WorkerStart } from "./poolWorker.js";

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
  build?: KernelBuild | "auto";
  /**
   * Milliseconds each thread polls for the next task (workers) or for the workers to finish
   * (caller) before sleeping in `Atomics.wait` (default 2). Between the tasks of a KH step the
   * caller works alone for well under a millisecond, and waking a sleeping thread costs tens of
   * microseconds, far more on a VM whose idle vCPU was halted. 0: sleep at once.
   */
  spinMs?: number;
  /**
   * Run on a memory of its own (a fresh instance) rather than the cached instance other users of
   * the same build share, so the pool's owner may keep long-lived data anywhere in its arena.
   */
  ownMemory?: boolean;
}

/**
 * A kernel the pool can split: any function the module exports (typed from `asc`'s declarations).
 * Every kernel takes byte offsets, counts and scalars, and none allocates, so a new kernel file
 * needs no list here.
 */
export type SplittableKernel = Exclude<keyof KernelExports, "memory" | "heap_base">;

/** The module's kernel export names, in a fixed order (their index is the opcode workers read). */
function kernelNames(module: WebAssembly.Module): string[] {
  return WebAssembly.Module.exports(module)
    .filter((e) => e.kind === "function" && e.name !== "heap_base")
    .map((e) => e.name)
    .sort();
}

/** One kernel call: an export name and its arguments (byte offsets, counts, scalars). */
export interface KernelCall {
  kernel: SplittableKernel;
  args: readonly number[];
}

// The widest kernel a pool runs: `amsgrad_f32` (9 pointers, a count, 7 scalars).
const MAX_ARGS = 17;
const MAX_CALLS = 8;
const MAX_THREADS = 64;
/**
 * Int32 header: gen, pending, error; per thread a call count and the generation it took up; an
 * opcode per thread and call. Then f64 arguments.
 */
const LAYOUT: ControlLayout = {
  gen: 0,
  pending: 1,
  error: 2,
  count: 4,
  started: 4 + MAX_THREADS,
  op: 4 + 2 * MAX_THREADS,
  // f64 index just past the Int32 part, 8-byte aligned.
  args: Math.ceil(((4 + 2 * MAX_THREADS + MAX_THREADS * MAX_CALLS) * 4) / 8),
  maxCalls: MAX_CALLS,
  maxArgs: MAX_ARGS,
  spinMs: 2,
};
const CONTROL_BYTES = LAYOUT.args * 8 + MAX_THREADS * MAX_CALLS * MAX_ARGS * 8;

/** How often a waiting caller checks that every worker took its task up, and how long it allows for that. */
const STALL_CHECK_MS = 1000;
const STALL_LIMIT_MS = 10_000;

/** Rows per slice are a multiple of this, so slices start on a 4×8 GEMM tile boundary. */
const ROW_ALIGN = 4;

/** Number of logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in a browser. */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = await import(/* @vite-ignore */ "node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, n ?? 1);
}

/**
 * Whether this engine can share one WASM memory between threads: WASM
 * threads and a usable `SharedArrayBuffer` (a browser page must be
 * cross-origin isolated: COOP `same-origin` + COEP `require-corp`).
 */
export async function canShareMemory(): Promise<boolean> {
  if (typeof SharedArrayBuffer === "undefined") return false;
  if (!isNode() && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return false;
  return detectThreads();
}

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
export class KernelPool {
  private disposed = false;
  private readonly ctl: Int32Array | null;
  private readonly args: Float64Array | null;
  private readonly canBlock: boolean;
  /** Opcode of each kernel: its index in {@link kernelNames}, the order the workers were given. */
  private readonly opcodes: Map<string, number>;

  private constructor(
    /** The kernels (the caller's instance) and the memory every thread shares. */
    readonly wasm: Wasm,
    private readonly workers: WorkerHandle[],
    control: SharedArrayBuffer | null,
    private readonly failures: string[],
    private readonly spinMs: number,
  ) {
    this.ctl = control ? new Int32Array(control) : null;
    this.args = control ? new Float64Array(control) : null;
    this.opcodes = new Map(kernelNames(wasm.module).map((n, i) => [n, i]));
    // Node's main thread may block; in a browser only workers may.
    this.canBlock = isNode() || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
  }

  /** Threads that share the work, the caller's included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Build and pool of a single thread, without workers (what `threads: 1` resolves to). */
  static single(wasm: Wasm): KernelPool {
    return new KernelPool(wasm, [], null, [], 0);
  }

  /** @internal Used by {@link createPool}. */
  static withWorkers(wasm: Wasm, workers: WorkerHandle[], control: SharedArrayBuffer, failures: string[], spinMs: number): KernelPool {
    return new KernelPool(wasm, workers, control, failures, spinMs);
  }

  /**
   * C[i, :] = A[i, :]·B for rows i in [m0, m1), split by rows over the pool
   * (`gemm_f32`; A [M, K], B [K, N], C [M, N] row-major f32 at byte offsets).
   * Bit for bit the same as one `gemm_f32` call on the same build.
   */
  gemm(c: number, a: number, b: number, m0: number, m1: number, n: number, k: number): void {
    this.splitRows("gemm_f32", m0, m1, (r0, r1) => [c, a, b, r0, r1, n, k]);
  }

  /**
   * out[i] = max(x[i], 0)^power over n f32 (`relu_pow_f32`), split into
   * contiguous slices of whole 4-value groups, so every element takes the
   * same SIMD or scalar path as in a single call.
   */
  reluPow(out: number, x: number, n: number, power: number): void {
    this.splitRows("relu_pow_f32", 0, n, (i0, i1) => [out + 4 * i0, x + 4 * i0, i1 - i0, power]);
  }

  /**
   * Runs `kernel` over [lo, hi) cut into one contiguous slice per thread
   * (multiples of 4 rows, the last slice takes the rest; small ranges use
   * fewer threads); `argsFor(r0, r1)` gives the kernel's arguments for a slice.
   * @param kernel one of the splittable kernels (listed in this module).
   */
  splitRows(kernel: SplittableKernel, lo: number, hi: number, argsFor: (r0: number, r1: number) => number[]): void {
    this.live();
    const total = hi - lo;
    const fn = (this.wasm.exports as unknown as Record<string, (...a: number[]) => unknown>)[kernel];
    if (this.workers.length === 0 || total <= ROW_ALIGN) {
      fn(...argsFor(lo, hi));
      return;
    }
    const T = this.threads;
    const per = Math.ceil(total / T / ROW_ALIGN) * ROW_ALIGN;
    const slices: number[][] = [];
    for (let t = 0; t < T; t++) {
      const r0 = Math.min(hi, lo + t * per);
      const r1 = Math.min(hi, r0 + per);
      slices.push(r1 > r0 ? argsFor(r0, r1) : []);
    }
    this.run(kernel, slices);
  }

  /**
   * Runs `kernel` once per thread with `slices[t]` as its arguments (an empty
   * array: that thread idles); slice 0 runs on the caller. Returns when all
   * are done; throws if a worker's call threw.
   */
  run(kernel: SplittableKernel, slices: readonly (readonly number[])[]): void {
    this.runCalls(slices.map((args) => (args.length ? [{ kernel, args }] : [])));
  }

  /**
   * One task: thread t runs `calls[t]` in order (thread 0 is the caller; a
   * missing or empty list idles that thread). Returns when every thread is
   * done; throws if any call threw. Calls of different threads must not write
   * the same bytes.
   */
  runCalls(calls: readonly (readonly KernelCall[])[]): void {
    this.live();
    const ex = this.wasm.exports as unknown as Record<string, (...a: number[]) => unknown>;
    const ctl = this.ctl;
    const args = this.args;
    if (!ctl || !args) {
      for (const list of calls) for (const c of list) ex[c.kernel](...c.args);
      return;
    }
    if (calls.length > this.threads) throw new Error(`KernelPool.runCalls: work for ${calls.length} threads, the pool has ${this.threads}`);
    const W = this.workers.length;
    for (let t = 1; t <= W; t++) {
      const list = calls[t] ?? [];
      if (list.length > MAX_CALLS) throw new Error(`KernelPool.runCalls: at most ${MAX_CALLS} calls per thread and task`);
      for (let c = 0; c < list.length; c++) {
        const { kernel, args: a } = list[c];
        const op = this.opcodes.get(kernel);
        if (op === undefined) throw new Error(`KernelPool: '${kernel}' is not a kernel of this module`);
        if (a.length > MAX_ARGS) throw new Error(`KernelPool: ${kernel} takes at most ${MAX_ARGS} arguments here`);
        const slot = t * MAX_CALLS + c;
        ctl[LAYOUT.op + slot] = op;
        const base = LAYOUT.args + slot * MAX_ARGS;
        for (let i = 0; i < MAX_ARGS; i++) args[base + i] = i < a.length ? a[i] : 0;
      }
      ctl[LAYOUT.count + t] = list.length;
    }
    Atomics.store(ctl, LAYOUT.error, 0);
    Atomics.store(ctl, LAYOUT.pending, W);
    // The seq-cst add publishes the plain writes above before any worker sees the new generation.
    const gen = Atomics.add(ctl, LAYOUT.gen, 1) + 1;
    Atomics.notify(ctl, LAYOUT.gen);
    let own: unknown = null;
    try {
      for (const c of calls[0] ?? []) ex[c.kernel](...c.args);
    } catch (e) {
      own = e;
    }
    // The slices are balanced, so the workers usually finish soon after this thread: poll before sleeping.
    const spinUntil = performance.now() + this.spinMs;
    while (Atomics.load(ctl, LAYOUT.pending) !== 0 && performance.now() < spinUntil) {
      for (let i = 0; i < 64 && Atomics.load(ctl, LAYOUT.pending) !== 0; i++);
    }
    const t0 = Date.now();
    for (;;) {
      const left = Atomics.load(ctl, LAYOUT.pending);
      if (left === 0) break;
      if (this.canBlock) Atomics.wait(ctl, LAYOUT.pending, left, STALL_CHECK_MS);
      // A slow kernel is fine; a worker that never took the task up (it died) would block this thread for good.
      if (Date.now() - t0 > STALL_LIMIT_MS) {
        const idle = this.workers.map((_, i) => i + 1).filter((t) => Atomics.load(ctl, LAYOUT.started + t) !== gen);
        if (idle.length) {
          this.disposed = true;
          throw new Error(`KernelPool: worker thread(s) ${idle.join(", ")} did not take up a task within ${STALL_LIMIT_MS / 1000} s; the pool is closed`);
        }
      }
    }
    if (own) throw own;
    if (Atomics.load(ctl, LAYOUT.error)) {
      const what = [...new Set(calls.flat().map((c) => c.kernel))].join(", ");
      throw new Error(`KernelPool: ${what} failed in a worker${this.failures.length ? `: ${this.failures.at(-1)}` : ""}`);
    }
  }

  /** Stops the workers (the shared memory stays with `wasm`). Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const ctl = this.ctl;
    if (ctl) {
      for (let t = 1; t <= this.workers.length; t++) Atomics.store(ctl, LAYOUT.count + t, -1);
      Atomics.add(ctl, LAYOUT.gen, 1);
      Atomics.notify(ctl, LAYOUT.gen);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private live(): void {
    if (this.disposed) throw new Error("KernelPool: used after dispose()");
  }
}

/**
 * Resolves the build and thread count, loads the kernels and starts
 * `threads − 1` workers on the shared memory. Falls back to one thread on the
 * private-memory build when threads = 1, the build is `scalar`, or the engine
 * cannot share memory (no WASM threads, or a page that is not cross-origin
 * isolated).
 */
export async function createPool(options: PoolOptions = {}): Promise<KernelPool> {
  const asked = options.threads ?? (await availableCores());
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`threads must be an integer ≥ 1, got ${asked}`);
  const threads = Math.min(asked, MAX_THREADS);
  const build = await chooseBuild(options.build ?? "auto", threads);
  const wasm = await init({ build, fresh: options.ownMemory });
  if (threads === 1 || !isShared(build)) return KernelPool.single(wasm);

  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const failures: string[] = [];
  const layout: ControlLayout = { ...LAYOUT, spinMs: options.spinMs ?? LAYOUT.spinMs };
  const start = (index: number): WorkerStart => ({
    module: wasm.module,
    memory: wasm.memory,
    control,
    layout,
    names: kernelNames(wasm.module),
    index,
  });
  const workers = await Promise.all(Array.from({ length: threads - 1 }, (_, i) => spawn(start(i + 1), failures)));
  return KernelPool.withWorkers(wasm, workers, control, failures, layout.spinMs);
}

async function chooseBuild(asked: KernelBuild | "auto", threads: number): Promise<KernelBuild> {
  if (asked === "scalar") return resolveBuild("scalar");
  if (asked === "threads" || asked === "relaxed") return resolveBuild(asked);
  const share = await canShareMemory();
  if (asked === "auto" && share) {
    const { relaxedSimd } = await import("wasm-feature-detect");
    if (await relaxedSimd()) return resolveBuild("relaxed");
  }
  if (threads > 1 && share) return resolveBuild("threads");
  return resolveBuild(asked === "simd" ? "simd" : "auto");
}

/** Starts one worker and resolves when its kernels are instantiated. */
async function spawn(start: WorkerStart, failures: string[]): Promise<WorkerHandle> {
  if (isNode()) {
    const { Worker } = await import(/* @vite-ignore */ "node:worker_threads");
    const w = new Worker(nodeWorkerSource(), { eval: true, workerData: start });
    await new Promise<void>((resolve, reject) => {
      w.on("message", (m: { type: string; message?: string }) => {
        if (m.type === "ready") resolve();
        else if (m.type === "error") {
          failures.push(m.message ?? "");
          reject(new Error(`hebblab pool worker: ${m.message}`));
        }
      });
      w.once("error", reject);
    });
    // A pool someone forgets to dispose must not keep the process alive. (After the listeners are
    // attached: in Node 20 a 'message' listener added after unref() refs the worker again.)
    w.unref();
    return w;
  }
  const url = URL.createObjectURL(new Blob([browserWorkerSource()], { type: "text/javascript" }));
  const w = new Worker(url);
  await new Promise<void>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ type: string; message?: string }>) => {
      if (e.data.type === "ready") resolve();
      else if (e.data.type === "error") {
        failures.push(e.data.message ?? "");
        reject(new Error(`hebblab pool worker: ${e.data.message}`));
      }
    };
    w.onerror = (e) => reject(new Error(`hebblab pool worker: ${e.message}`));
    w.postMessage(start);
  }).finally(() => URL.revokeObjectURL(url));
  return w;
}
