import { alignUp } from "./arena.js";
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

/**
 * Calls within which an operand evicted and then needed again means the cache is too small for the
 * work's reuse (a training step makes about ten products, a PGD step three): it then doubles.
 */
const REFILL_CALLS = 32;
/** The operand cache grows to at most this by doubling (a larger single product still gets its room). */
const MAX_CACHE_BYTES = 512 * 2 ** 20;
/** Byte alignment of every cached block (SIMD rows on cache lines). */
const ALIGN = 64;

/** Options of {@link DenseEngine.create}: the pool's threads and build, and the operand cache's size. */
export interface DenseOptions extends Pick<PoolOptions, "threads" | "build" | "spinMs"> {
  /** Bytes of pool memory for copied operands, kept while they are reused (default 32 MiB; doubles when it evicts what is needed again within a few calls, to 512 MiB; and grows for any larger product). */
  cacheBytes?: number;
}

/**
 * The layouts an operand is kept in: `plain` (its values as stored in tfjs), `transposed` (as a
 * matrix of `cols` columns, transposed: an A operand of a transposed product), `packed` and
 * `packedT` (a B operand, or its transpose, in the GEMM's panels of 8 columns: `pack_b_f32`).
 * Tensors reshaped from one another share their data, not their shape, so every layout but `plain`
 * is keyed by the 2-D shape too.
 */
type Layout = "plain" | "transposed" | "packed" | "packedT";

/** A region of the cache holding one layout of one tensor's data. */
interface Block {
  ptr: number;
  bytes: number;
  /** The engine call that last used it ({@link DenseEngine} counts calls); blocks of the current call are pinned. */
  lastUse: number;
  /** The tensor data (tfjs `dataId`) and layout key it holds; null while an output is being made. */
  owner: object | null;
  key: string;
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
 * model. The B operand is kept packed in panels of 8 columns (`pack_b_f32`, or `pack_bt_f32`
 * straight from the untransposed data for a transposed operand), which the GEMM
 * (`gemm_packed_f32`) reads sequentially; a transposed A is transposed once in the pool.
 *
 * The cache evicts least recently used first (issue 25; before, it was cleared wholesale when full,
 * so a fixed model's weights were copied and packed again every few steps of an attack): to place a
 * block it frees the run of adjacent blocks whose latest use is oldest, never one the current call
 * uses. It doubles when something it evicted is needed again within {@link REFILL_CALLS} calls.
 *
 * Results do not depend on the thread count, nor on what is cached: `KernelPool.splitRows` splits C
 * by rows in multiples of 4, each element computed by the same code on any thread, as a sum over k in
 * order with a separate multiply and add, as tfjs-wasm's XNNPACK does (the same bits on the shapes
 * tested, `test/models/dense.test.ts`).
 */
export class DenseEngine {
  /** Where the engine's time went since the last {@link resetStats} (ms; for benchmarks and profiles). */
  readonly stats = { products: 0, gemmMs: 0, optimizerMs: 0, copyInMs: 0, transposeMs: 0, packMs: 0, copyOutMs: 0, copiedInBytes: 0, cacheEvictions: 0, cacheGrowths: 0 };
  /** Per tensor data (`dataId`), its blocks by layout key. */
  private readonly cache = new Map<object, Map<string, Block>>();
  /** Every block, sorted by address. */
  private blocks: Block[] = [];
  /** When each evicted tensor's data was last evicted (call count), to see the cache is too small. */
  private evictedAt = new WeakMap<object, number>();
  private base: number;
  private capacity: number;
  private disposed = false;
  /** Engine calls so far (matMul, adam, amsgrad): the clock of the LRU. */
  private clock = 0;

  private constructor(
    /** The engine's own pool (threads over a memory no other user allocates in). */
    readonly pool: KernelPool,
    cacheBytes: number,
  ) {
    this.capacity = cacheBytes;
    this.base = pool.wasm.arena.alloc(cacheBytes, ALIGN);
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

  /** Bytes of pool memory the operand cache spans now. */
  get cacheBytes(): number {
    return this.capacity;
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
    this.clock++;
    const pa = this.resident(backend, a, transposeA ? "transposed" : "plain");
    const pb = this.resident(backend, b, transposeB ? "packedT" : "packed");
    const out = this.place(4 * M * N);
    const t0 = performance.now();
    this.pool.splitRows("gemm_packed_f32", 0, M, (r0, r1) => [out.ptr, pa, pb, r0, r1, N, K]);
    const t1 = performance.now();
    const res = this.output(backend, [M, N], out);
    const st = this.stats;
    st.products++;
    st.gemmMs += t1 - t0;
    st.copyOutMs += performance.now() - t1;
    return res;
  }

  /**
   * One Adam step of a parameter tensor on the pool (`adam_f32`, bit-identical to `tf.train.adam`):
   * returns new tensors [w′, m′, v′]. `scalars` are β₁, 1−β₁, β₂, 1−β₂, c₁, c₂, ε, −lr as f32. Operands
   * this engine produced (the weight gradient, last step's moments and weights) are not copied in.
   */
  adam(backend: HeapBackend, w: TensorRef, m: TensorRef, v: TensorRef, g: TensorRef, scalars: readonly number[]): [TensorRef, TensorRef, TensorRef] {
    return this.optimizerStep("adam_f32", backend, [w, m, v], g, scalars) as [TensorRef, TensorRef, TensorRef];
  }

  /**
   * One AMSGrad step (`amsgrad_f32`, PyTorch's `Adam(amsgrad=True)`): returns new tensors
   * [w′, m′, v′, v̂′]. `scalars` are β₁, 1−β₁, β₂, 1−β₂, √(1−β₂ᵗ), ε, −lr/(1−β₁ᵗ) as f32.
   */
  amsgrad(backend: HeapBackend, w: TensorRef, m: TensorRef, v: TensorRef, vmax: TensorRef, g: TensorRef, scalars: readonly number[]): [TensorRef, TensorRef, TensorRef, TensorRef] {
    return this.optimizerStep("amsgrad_f32", backend, [w, m, v, vmax], g, scalars) as [TensorRef, TensorRef, TensorRef, TensorRef];
  }

  /** An elementwise optimizer kernel `(outs…, state…, g, n, scalars…)` over the parameter `state[0]`, split over the pool. */
  private optimizerStep(kernel: "adam_f32" | "amsgrad_f32", backend: HeapBackend, state: TensorRef[], g: TensorRef, scalars: readonly number[]): TensorRef[] {
    if (this.disposed) throw new Error("DenseEngine: used after dispose()");
    const w = state[0];
    const n = w.shape.reduce((x, y) => x * y, 1);
    const names = ["w", "m", "v", "v̂"];
    for (const [name, t] of [...state.map((t, i) => [names[i], t] as const), ["g", g] as const]) {
      if (t.shape.reduce((x, y) => x * y, 1) !== n) throw new Error(`DenseEngine.${kernel.replace("_f32", "")}: ${name} has shape [${t.shape}], the parameter [${w.shape}]`);
    }
    this.clock++;
    const ins = [...state, g].map((t) => this.resident(backend, t, "plain"));
    const outs = state.map(() => this.place(4 * n));
    const t0 = performance.now();
    this.pool.splitRows(kernel, 0, n, (i0, i1) => [...outs.map((o) => o.ptr + 4 * i0), ...ins.map((p) => p + 4 * i0), i1 - i0, ...scalars]);
    const t1 = performance.now();
    const res = outs.map((o) => this.output(backend, w.shape, o));
    this.stats.optimizerMs += t1 - t0;
    this.stats.copyOutMs += performance.now() - t1;
    return res;
  }

  /** Zeroes {@link stats}. */
  resetStats(): void {
    for (const k of Object.keys(this.stats) as (keyof DenseEngine["stats"])[]) this.stats[k] = 0;
  }

  /** Drops every cached operand (they are copied in again on next use). */
  clear(): void {
    this.cache.clear();
    this.blocks = [];
    this.evictedAt = new WeakMap();
  }

  /** Stops the pool's workers. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
    await this.pool.dispose();
  }

  /** A new tfjs tensor holding the `shape` values of block `out`, which stays cached as that tensor's plain copy. */
  private output(backend: HeapBackend, shape: number[], out: Block): TensorRef {
    const n = shape.reduce((x, y) => x * y, 1);
    const t = backend.makeOutput(shape, "float32");
    backend.typedArrayFromHeap(t).set(this.pool.wasm.arena.f32(out.ptr, n));
    out.owner = t.dataId;
    out.key = "plain";
    this.cache.set(t.dataId, new Map([["plain", out]]));
    return t;
  }

  /** Pointer to t in `layout` in the pool's memory, copying it in (and transposing or packing it there) once. */
  private resident(backend: HeapBackend, t: TensorRef, layout: Layout): number {
    const [rows, cols] = t.shape;
    const key = layout === "plain" ? "plain" : `${layout}:${rows}x${cols}`;
    const hit = this.cache.get(t.dataId)?.get(key);
    if (hit) {
      hit.lastUse = this.clock;
      return hit.ptr;
    }
    // Needed again soon after it was evicted: the cache cannot hold the work's reuse. Grow it.
    const evicted = this.evictedAt.get(t.dataId);
    if (evicted !== undefined && this.clock - evicted <= REFILL_CALLS && 2 * this.capacity <= MAX_CACHE_BYTES) this.grow(2 * this.capacity);
    if (layout === "plain") {
      // Any rank (Adam's operands are biases too): the values as stored.
      const count = t.shape.reduce((x, y) => x * y, 1);
      const t0 = performance.now();
      const block = this.place(4 * count, t.dataId, key);
      this.pool.wasm.arena.f32(block.ptr, count).set(backend.typedArrayFromHeap(t));
      this.stats.copyInMs += performance.now() - t0;
      this.stats.copiedInBytes += 4 * count;
      return block.ptr;
    }
    const src = this.resident(backend, t, "plain");
    const t0 = performance.now();
    if (layout === "transposed") {
      const block = this.place(4 * rows * cols, t.dataId, key);
      this.pool.wasm.exports.transpose_f32(block.ptr, src, rows, cols);
      this.stats.transposeMs += performance.now() - t0;
      return block.ptr;
    }
    // B [K, N] = t (packed) or tᵀ (packedT), in ⌈N/8⌉ panels of K × 8.
    const [k, n] = layout === "packed" ? [rows, cols] : [cols, rows];
    const panels = Math.ceil(n / 8);
    const block = this.place(32 * panels * k, t.dataId, key);
    this.pool.splitRows(layout === "packed" ? "pack_b_f32" : "pack_bt_f32", 0, panels, (p0, p1) => [block.ptr, src, p0, p1, k, n]);
    this.stats.packMs += performance.now() - t0;
    return block.ptr;
  }

  /**
   * A block of `bytes` for `owner`'s layout `key` (null: an output, owned once made), used by the
   * current call. Frees the run of adjacent blocks whose latest use is oldest if it must, never a
   * block of the current call; grows the cache if no such run is large enough.
   */
  private place(bytes: number, owner: object | null = null, key = ""): Block {
    let at = this.findRoom(bytes);
    if (!at) {
      this.grow(Math.max(2 * this.capacity, this.capacity + bytes + ALIGN));
      at = this.findRoom(bytes);
      if (!at) throw new Error("DenseEngine: no room in a grown cache (a bug)");
    }
    const [first, end, ptr] = at;
    for (const b of this.blocks.slice(first, end)) this.evict(b);
    const block: Block = { ptr, bytes, lastUse: this.clock, owner, key };
    this.blocks.splice(first, end - first, block);
    if (owner) {
      let layouts = this.cache.get(owner);
      if (!layouts) this.cache.set(owner, (layouts = new Map()));
      layouts.set(key, block);
    }
    return block;
  }

  /**
   * Where `bytes` fit: [i, j, ptr] to replace blocks [i, j) (maybe none) by one at ptr, choosing the
   * run whose most recent use is oldest (an empty gap first), or null when every run large enough
   * holds a block of the current call.
   */
  private findRoom(bytes: number): [number, number, number] | null {
    const bl = this.blocks;
    const top = this.base + this.capacity;
    let best: [number, number, number] | null = null;
    let bestCost = Infinity;
    for (let i = 0; i <= bl.length; i++) {
      const left = alignUp(i === 0 ? this.base : bl[i - 1].ptr + bl[i - 1].bytes, ALIGN);
      let cost = -Infinity;
      for (let j = i; j <= bl.length; j++) {
        const right = j === bl.length ? top : bl[j].ptr;
        if (left + bytes <= right) {
          if (cost < bestCost) [best, bestCost] = [[i, j, left], cost];
          break;
        }
        if (j === bl.length || bl[j].lastUse === this.clock || bl[j].lastUse >= bestCost) break;
        cost = Math.max(cost, bl[j].lastUse);
      }
      if (bestCost === -Infinity) break;
    }
    return best;
  }

  private evict(b: Block): void {
    if (!b.owner) return;
    const layouts = this.cache.get(b.owner);
    layouts?.delete(b.key);
    if (layouts && layouts.size === 0) this.cache.delete(b.owner);
    this.evictedAt.set(b.owner, this.clock);
    this.stats.cacheEvictions++;
  }

  /**
   * Enlarges the cache to `bytes`, keeping every block where it is: the cache is the first block of
   * the engine's own arena and nothing is allocated above it between calls, so it regrows in place.
   */
  private grow(bytes: number): void {
    const arena = this.pool.wasm.arena;
    arena.release(this.base);
    const base = arena.alloc(bytes, ALIGN);
    if (base !== this.base) throw new Error("DenseEngine: the cache did not regrow in place (a bug)");
    this.capacity = bytes;
    this.stats.cacheGrowths++;
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
