import { createPool, type KernelPool, type PoolOptions } from "./pool.js";

/** What the engine needs of a tensor: tfjs's `TensorInfo`. */
export interface TensorRef {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: string;
}

/** What the engine needs of tfjs-backend-wasm: its output allocation and a view of a tensor's heap bytes. */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): TensorRef;
  typedArrayFromHeap(t: TensorRef): Float32Array;
}

/** Calls between clears below which the operand cache grows (a training step makes about ten). */
const REFILL_CALLS = 32;
/** The operand cache grows to at most this (a larger single product still gets its room). */
const MAX_CACHE_BYTES = 512 * 2 ** 20;

/** Options of {@link DenseEngine.create}: the pool's threads and build, and the operand cache's size. */
export interface DenseOptions extends Pick<PoolOptions, "threads" | "build" | "spinMs"> {
  /** Bytes of pool memory for copied operands, kept while they are reused (default 32 MiB; doubles while it fills within a few calls, to 512 MiB; and grows for any larger product). */
  cacheBytes?: number;
}

/**
 * Operand copies of one tfjs tensor in the pool's memory: its values as stored, and transposed as a
 * matrix of `cols` columns (tensors reshaped from it share its data, not its shape); −1 until made.
 */
interface Copies {
  plain: number;
  transposed: number;
  cols: number;
}

/**
 * The dense products of backprop (forward, input gradient, weight gradient) on hebblab's pool GEMM
 * instead of tfjs-wasm's single-threaded XNNPACK (issue 16): C = op(A)·op(B), op = identity or
 * transpose, f32 row-major. tfjs's `matMulFast` kernel calls {@link matMul} while an engine is active
 * ({@link setActiveDense}), so autodiff, regularizers, noise layers and attacks run unchanged.
 *
 * The pool runs on a memory of its own, so operands copied in from tfjs's heap stay there, keyed by
 * the tensor's `dataId` (tfjs tensors are immutable; an optimizer step gives a variable a new
 * `dataId`): a weight matrix is copied once per optimizer step, and once per attack for a fixed
 * model, with its transpose made once in the pool. The cache is a bump region cleared when full.
 *
 * Results do not depend on the thread count: `KernelPool.gemm` splits C by rows in multiples of 4,
 * each element computed by the same code as on one thread. They differ from XNNPACK's in the last bits
 * (another summation order).
 */
export class DenseEngine {
  /** Where the engine's time went since the last {@link resetStats} (ms; for benchmarks and profiles). */
  readonly stats = { products: 0, gemmMs: 0, optimizerMs: 0, copyInMs: 0, transposeMs: 0, copyOutMs: 0, copiedInBytes: 0, cacheClears: 0 };
  private readonly cache = new Map<object, Copies>();
  private base: number;
  private capacity: number;
  private top: number;
  private disposed = false;
  /** makeRoom calls since the last clear. */
  private calls = 0;

  private constructor(
    /** The engine's own pool (threads over a memory no other user allocates in). */
    readonly pool: KernelPool,
    cacheBytes: number,
  ) {
    this.capacity = cacheBytes;
    this.base = pool.wasm.arena.alloc(cacheBytes);
    this.top = this.base;
  }

  /** Starts the engine's pool (its own memory and `threads − 1` workers). */
  static async create(options: DenseOptions = {}): Promise<DenseEngine> {
    const pool = await createPool({ threads: options.threads, build: options.build, spinMs: options.spinMs, ownMemory: true });
    return new DenseEngine(pool, options.cacheBytes ?? 32 * 2 ** 20);
  }

  /** True once {@link dispose} was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Threads the products are split over. */
  get threads(): number {
    return this.pool.threads;
  }

  /**
   * C = op(A)·op(B) into a new tfjs tensor of `backend`. A: [M, K] (or [K, M] with `transposeA`),
   * B: [K, N] (or [N, K] with `transposeB`), float32.
   * @throws on other ranks, dtypes or mismatched inner sizes (named).
   */
  matMul(backend: HeapBackend, a: TensorRef, b: TensorRef, transposeA: boolean, transposeB: boolean): TensorRef {
    if (this.disposed) throw new Error("DenseEngine: used after dispose()");
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`DenseEngine.matMul: rank-2 operands required, got [${a.shape}] and [${b.shape}]`);
    if (a.dtype !== "float32" || b.dtype !== "float32") throw new Error(`DenseEngine.matMul: float32 operands required, got ${a.dtype} and ${b.dtype}`);
    const [M, K] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
    const [K2, N] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (K !== K2) throw new Error(`DenseEngine.matMul: inner sizes differ, [${a.shape}]${transposeA ? "ᵀ" : ""}·[${b.shape}]${transposeB ? "ᵀ" : ""}`);
    // Room for whatever this product must copy in and for its output, before anything is placed: a
    // clear in the middle would free an operand already placed.
    this.makeRoom(() => this.missingBytes(a, transposeA) + this.missingBytes(b, transposeB) + 4 * M * N + 64);
    const pa = this.resident(backend, a, transposeA);
    const pb = this.resident(backend, b, transposeB);
    const st = this.stats;
    const pc = this.take(4 * M * N);
    const t0 = performance.now();
    this.pool.gemm(pc, pa, pb, 0, M, N, K);
    const t1 = performance.now();
    const out = this.output(backend, [M, N], pc);
    st.products++;
    st.gemmMs += t1 - t0;
    st.copyOutMs += performance.now() - t1;
    return out;
  }

  /**
   * One Adam step of a parameter tensor on the pool (`adam_f32`, bit-identical to `tf.train.adam`):
   * returns new tensors [w′, m′, v′]. `scalars` are β₁, 1−β₁, β₂, 1−β₂, c₁, c₂, ε, −lr as f32. Operands
   * this engine produced (the weight gradient, last step's moments and weights) are not copied in.
   */
  adam(backend: HeapBackend, w: TensorRef, m: TensorRef, v: TensorRef, g: TensorRef, scalars: readonly number[]): [TensorRef, TensorRef, TensorRef] {
    if (this.disposed) throw new Error("DenseEngine: used after dispose()");
    const n = w.shape.reduce((x, y) => x * y, 1);
    for (const [name, t] of [["m", m], ["v", v], ["g", g]] as const) {
      if (t.shape.reduce((x, y) => x * y, 1) !== n) throw new Error(`DenseEngine.adam: ${name} has shape [${t.shape}], the parameter [${w.shape}]`);
    }
    const flat = (t: TensorRef): TensorRef => ({ ...t, shape: [1, n] });
    const ops = [w, m, v, g].map(flat);
    this.makeRoom(() => ops.reduce((s, t) => s + this.missingBytes(t, false), 0) + 3 * (4 * n + 64));
    const [pw, pm, pv, pg] = ops.map((t) => this.resident(backend, t, false));
    const outs = [this.take(4 * n), this.take(4 * n), this.take(4 * n)];
    const t0 = performance.now();
    this.pool.splitRows("adam_f32", 0, n, (i0, i1) => [...outs.map((p) => p + 4 * i0), pw + 4 * i0, pm + 4 * i0, pv + 4 * i0, pg + 4 * i0, i1 - i0, ...scalars]);
    const t1 = performance.now();
    const res = outs.map((p) => this.output(backend, w.shape, p)) as [TensorRef, TensorRef, TensorRef];
    this.stats.optimizerMs += t1 - t0;
    this.stats.copyOutMs += performance.now() - t1;
    return res;
  }

  /** Zeroes {@link stats}. */
  resetStats(): void {
    for (const k of Object.keys(this.stats) as (keyof DenseEngine["stats"])[]) this.stats[k] = 0;
  }

  /** Drops every cached operand (they are copied in again on next use). */
  clear(atLeast = 0): void {
    this.cache.clear();
    this.calls = 0;
    this.stats.cacheClears++;
    if (atLeast > this.capacity) {
      // A product larger than the region: regrow it (the region is the arena's first block, and
      // nothing else stays allocated between calls).
      const arena = this.pool.wasm.arena;
      arena.release(this.base);
      this.capacity = Math.max(atLeast, 2 * this.capacity);
      this.base = arena.alloc(this.capacity);
    }
    this.top = this.base;
  }

  /** Stops the pool's workers. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.clear();
    await this.pool.dispose();
  }

  /**
   * Makes room for `need()` bytes (what a call will place, given what is cached), clearing the cache
   * if it must. A cache that fills within {@link REFILL_CALLS} calls cannot keep a training step's
   * weights, moments and gradients until their next use: it doubles, up to {@link MAX_CACHE_BYTES}.
   */
  private makeRoom(need: () => number): void {
    this.calls++;
    if (this.top + need() <= this.base + this.capacity) return;
    const grow = this.calls < REFILL_CALLS && 2 * this.capacity <= MAX_CACHE_BYTES;
    this.clear();
    const all = need(); // now nothing is cached
    if (grow || all > this.capacity) this.clear(Math.max(all, grow ? 2 * this.capacity : 0));
  }

  /** A new tfjs tensor holding the `shape` values at `ptr`, which stays cached as that tensor's copy. */
  private output(backend: HeapBackend, shape: number[], ptr: number): TensorRef {
    const n = shape.reduce((x, y) => x * y, 1);
    const out = backend.makeOutput(shape, "float32");
    backend.typedArrayFromHeap(out).set(this.pool.wasm.arena.f32(ptr, n));
    this.cache.set(out.dataId, { plain: ptr, transposed: -1, cols: 0 });
    return out;
  }

  private missingBytes(t: TensorRef, transposed: boolean): number {
    const bytes = 4 * t.shape[0] * t.shape[1] + 64;
    const c = this.cache.get(t.dataId);
    return (c && c.plain >= 0 ? 0 : bytes) + (transposed && !(c && c.transposed >= 0 && c.cols === t.shape[1]) ? bytes : 0);
  }

  /** Pointer to t (or tᵀ) in the pool's memory, copying it in (and transposing it there) once. */
  private resident(backend: HeapBackend, t: TensorRef, transposed: boolean): number {
    let c = this.cache.get(t.dataId);
    if (!c) this.cache.set(t.dataId, (c = { plain: -1, transposed: -1, cols: 0 }));
    const [rows, cols] = t.shape;
    if (c.plain < 0) {
      const t0 = performance.now();
      c.plain = this.take(4 * rows * cols);
      this.pool.wasm.arena.f32(c.plain, rows * cols).set(backend.typedArrayFromHeap(t));
      this.stats.copyInMs += performance.now() - t0;
      this.stats.copiedInBytes += 4 * rows * cols;
    }
    if (!transposed) return c.plain;
    if (c.transposed < 0 || c.cols !== cols) {
      const t0 = performance.now();
      c.transposed = this.take(4 * rows * cols);
      c.cols = cols;
      this.pool.wasm.exports.transpose_f32(c.transposed, c.plain, rows, cols);
      this.stats.transposeMs += performance.now() - t0;
    }
    return c.transposed;
  }

  private take(bytes: number): number {
    const p = Math.ceil(this.top / 64) * 64;
    if (p + bytes > this.base + this.capacity) throw new Error("DenseEngine: operand cache overrun (a bug: room is made before placing)");
    this.top = p + bytes;
    return p;
  }
}

let active: DenseEngine | null = null;
/** The engine `initTf` made, which an engine that ends hands back to when the one before it has ended too. */
let fallback: DenseEngine | null = null;

/** The engine `matMulFast` uses on the wasm backend, or null (tfjs's XNNPACK). */
export function activeDense(): DenseEngine | null {
  return active;
}

/** Makes `engine` the active one (null: tfjs's own GEMM); returns the previous one. */
export function setActiveDense(engine: DenseEngine | null): DenseEngine | null {
  const prev = active;
  active = engine;
  return prev;
}

/** Makes `engine` the default (`initTf`'s one-thread engine) and, unless one is active, the active one. */
export function setDefaultDense(engine: DenseEngine): void {
  fallback = engine;
  active ??= engine;
}

/**
 * Ends `engine`'s turn: if it is still the active one, `before` (what {@link setActiveDense} returned)
 * becomes active again, or the default if `before` has been disposed meanwhile. Runs that overlap in
 * one process (each swapping in its own engine) so never leave a disposed engine active; they may
 * finish on another one, which changes their speed but not their numbers.
 */
export function restoreDense(engine: DenseEngine, before: DenseEngine | null): void {
  if (active !== engine) return;
  active = before && !before.isDisposed ? before : fallback;
}
