import { assertFiniteArray, assertFiniteF32 } from "../kernels/vec.js";
import type { Rng } from "../rng.js";
import type { KhConfig } from "./krotovConfig.js";
import type { ProgressFn } from "../progress.js";
import type { Wasm } from "../wasm/init.js";
import { KernelPool, type KernelCall } from "../wasm/pool.js";
import { convergenceStats, rowMeans, type ConvergenceCriterion, type ConvergenceStats } from "./convergence.js";
import { linearDecay } from "./schedule.js";
import { topAndKth, type Selection } from "./selection.js";
import type { LocalLearner } from "./types.js";

/** Rows of images per GEMM call in `currents`/`features` (bounds the temporary memory to ~tens of MiB). */
const CHUNK_ROWS = 1024;

/** Progress events per epoch (about). */
const EVENTS_PER_EPOCH = 5;

/** Options of {@link KrotovHopfield.train}. */
export interface TrainOptions {
  onProgress?: ProgressFn;
  /** Shuffles the images each epoch; default: a fork of the learner's creation seed. */
  rng?: Rng;
  /**
   * Convergence diagnostics after every epoch ({@link KrotovHopfield.convergence}): recorded in the
   * result, shown in the epoch's last progress event (`info.converged`, `info.normMedian`), and with
   * `stopWhenMet` training ends after the first epoch that meets the criterion (`cfg.epochs` is then a maximum).
   */
  convergence?: { criterion: ConvergenceCriterion; stopWhenMet?: boolean };
  /** Epochs already done (a resumed run: {@link KrotovHopfield.restore} first); the schedule continues from there. */
  startEpoch?: number;
  /**
   * Called after every epoch (1-based `epoch`) with the records of the epochs run in this call, e.g. to
   * save a checkpoint; `stopping` is true when training ends after this epoch by the convergence rule.
   */
  onEpochEnd?: (epoch: number, soFar: { epochSeconds: number[]; convergence: ConvergenceStats[]; stopping: boolean }) => void;
}

/** What {@link KrotovHopfield.train} returns. */
export interface TrainResult {
  /** Wall time of each epoch run (fewer than `cfg.epochs` when training stopped at convergence). */
  epochSeconds: number[];
  /** Diagnostics after each epoch, when `opts.convergence` asked for them (empty otherwise). */
  convergence: ConvergenceStats[];
  /** True when `stopWhenMet` ended training before `cfg.epochs`. */
  stoppedEarly: boolean;
}

/** Options of {@link KrotovHopfield.create}. */
export interface CreateOptions {
  /**
   * Threads for the training steps and the feature GEMMs (see {@link KrotovHopfield.step} and {@link KernelPool}).
   * Must run on the same kernels/memory as `w` (`pool.wasm === w`). Default: one thread.
   */
  pool?: KernelPool;
}

/** Byte offsets of the learner's buffers in the WASM arena. */
interface Buffers {
  /** W and W̃: [H, D] f32. */
  w: number;
  wt: number;
  /** One mini-batch X [B, D]; its Xᵀ and its currents W̃·Xᵀ as one block per group of samples (see {@link Group}). */
  x: number;
  xt: number;
  blocks: number;
  /**
   * With several groups only (several threads): the [H, nb] matrix of currents the update reads,
   * holding just the selected entries (with one group the group's block is that matrix).
   */
  cur: number;
  /** Selection output [B, s] i32, gains [s] f32, and one selection scratch per thread. */
  units: number;
  gains: number;
  scratch: number[];
  /** Update scratch: ΔW rows [B·s, D], coefficients and max|ΔW| per row [B·s], changed rows [B·s], unit → slot [H] (all −1 between calls). */
  ds: number;
  coef: number;
  rowmax: number;
  rows: number;
  slot: number;
}

/**
 * Samples [b0, b0 + n) of a mini-batch, handled as one unit by the pool: their Xᵀ [D, n] at `xt`,
 * their currents [H, n] at `cur`, and the selection scratch of the thread that ranks them.
 */
interface Group {
  b0: number;
  n: number;
  xt: number;
  cur: number;
  scratch: number;
}

/** A mini-batch to gather from a dataset in WASM memory: `nb` rows of `src` [*, D] f32 numbered by the i32 at `idx`. */
interface Fetch {
  src: number;
  idx: number;
  nb: number;
}

/**
 * Krotov–Hopfield competing hidden units (Krotov & Hopfield, PNAS 2019;
 * REFERENCES §1), trained by the WASM kernels of `assembly/krotov.ts`.
 *
 * One mini-batch step: currents I = W̃·Xᵀ ([H, B], `gemm_f32`) with
 * W̃ = sign(W)|W|^(p−1); a selection step (default {@link topAndKth}: g = +1
 * for each sample's top unit, −Δ for its k-th); then the rule
 * ΔW = R^p·g·X − diag(Σ_b g_bμ·I_μb)·W, W += ε·ΔW / max(max|ΔW|, 1e-30),
 * applied only to the ≤ 2·B selected rows, whose W̃ rows are recomputed.
 * ε = ε₀·(1 − epoch/epochs) ({@link linearDecay}).
 *
 * W and W̃ live in the WASM arena as [H, D] row-major f32 (row-major W̃ makes
 * both the GEMM's A operand and the sparse row updates contiguous). With a
 * {@link KernelPool} every stage of a step is split over its threads, with
 * results bit for bit those of one thread.
 */
export class KrotovHopfield implements LocalLearner {
  private disposed = false;
  /** Samples each unit has won (top current) since creation, [H]. */
  private readonly winCounts: Float64Array;

  private constructor(
    private readonly w: Wasm,
    /** The resolved configuration. */
    readonly cfg: KhConfig,
    /** Input dimension D. */
    readonly inputDim: number,
    private readonly selection: Selection,
    private readonly buf: Buffers,
    private readonly mark: number,
    private readonly shuffleRng: Rng,
    private readonly pool: KernelPool,
  ) {
    this.winCounts = new Float64Array(cfg.hidden);
  }

  /**
   * Allocates W ~ N(0, 1) (seeded by `rng`), W̃ and every per-batch buffer in
   * `w.arena` (about 2·H·D·4 bytes plus B·(3·D + H)·4).
   * `dispose()` releases the arena back to where it stood before this call
   * (so allocations made after `create` must be released first).
   * @param cfg validated KH config (hidden H, p, k, Δ, R, lr ε₀, epochs, batch B).
   * @param inputDim D ≥ 1 (784 for MNIST).
   * @param opts.pool worker pool on `w`'s shared memory; results are bit for bit those of one thread.
   */
  static create(w: Wasm, cfg: KhConfig, inputDim: number, rng: Rng, opts: CreateOptions = {}): KrotovHopfield {
    if (opts.pool && opts.pool.wasm !== w) throw new Error("KrotovHopfield: the pool must run on the learner's kernels (pool.wasm)");
    const { hidden: H, batch: B, k, p } = cfg;
    if (!Number.isInteger(inputDim) || inputDim < 1) throw new Error(`KrotovHopfield: inputDim must be a positive integer, got ${inputDim}`);
    if (!Number.isInteger(H) || H < 1) throw new Error(`KrotovHopfield: hidden must be a positive integer, got ${H}`);
    if (!Number.isInteger(B) || B < 1) throw new Error(`KrotovHopfield: batch must be a positive integer, got ${B}`);
    if (k > H) throw new Error(`KrotovHopfield: k = ${k} exceeds hidden = ${H}`);
    if (!(p >= 1)) throw new Error(`KrotovHopfield: p must be ≥ 1, got ${p}`);
    const selection = topAndKth(k, cfg.delta);
    const threads = opts.pool?.threads ?? 1;
    const D = inputDim;
    const s = selection.perSample;
    const a = w.arena;
    const mark = a.mark();
    const buf: Buffers = {
      w: a.allocF32(H * D),
      wt: a.allocF32(H * D),
      x: a.allocF32(B * D),
      xt: a.allocF32(B * D),
      blocks: a.allocF32(H * B),
      cur: threads > 1 ? a.allocF32(H * B) : 0,
      units: a.allocI32(B * s),
      gains: a.putF32(selection.gains),
      scratch: Array.from({ length: threads }, () => a.alloc(selection.scratchBytes(H, B))),
      ds: a.allocF32(B * s * D),
      coef: a.allocF32(B * s),
      rowmax: a.allocF32(B * s),
      rows: a.allocI32(B * s),
      slot: a.allocI32(H),
    };
    a.i32(buf.slot, H).fill(-1);
    rng.fillNormal(a.f32(buf.w, H * D));
    w.exports.synapse_pow_f32(buf.wt, buf.w, H * D, p);
    return new KrotovHopfield(w, cfg, D, selection, buf, mark, rng.fork("kh-shuffle"), opts.pool ?? KernelPool.single(w));
  }

  /** Hidden units H. */
  get hidden(): number {
    return this.cfg.hidden;
  }

  /**
   * Trains `cfg.epochs` epochs on `images` [n, D] row-major f32 (pixels in [0, 1]),
   * in mini-batches of `cfg.batch` drawn by a seeded shuffle per epoch; a last
   * partial batch is trained too (Krotov's notebook drops it). Throws a clear
   * error on a wrong length or a non-finite pixel. Emits `{stage: "kh", unit: "img"}`
   * progress a few times per epoch, with `info.lr` = ε of the epoch.
   * The images are copied into WASM memory for the call (n·D·4 bytes), so that the
   * kernels gather each mini-batch themselves, on every thread.
   */
  train(images: Float32Array, n: number, opts: TrainOptions = {}): TrainResult {
    this.checkImages(images, n, "train images", false);
    const { epochs, lr, batch } = this.cfg;
    const rng = opts.rng ?? this.shuffleRng;
    const report = opts.onProgress;
    const nBatches = Math.ceil(n / batch);
    const every = Math.max(1, Math.ceil(nBatches / EVENTS_PER_EPOCH));
    const epochSeconds: number[] = [];
    const convergence: ConvergenceStats[] = [];
    let stoppedEarly = false;
    const a = this.w.arena;
    const mark = a.mark();
    try {
      const src = a.putF32(images);
      assertFiniteF32(this.w, src, n * this.inputDim, "train images", this.inputDim);
      const idx = a.allocI32(n);
      const fetch = (start: number): Fetch | null => (start < n ? { src, idx: idx + 4 * start, nb: Math.min(batch, n - start) } : null);
      const start = opts.startEpoch ?? 0;
      if (!Number.isInteger(start) || start < 0 || start > epochs) throw new Error(`train: startEpoch ${start} outside [0, ${epochs}]`);
      for (let epoch = start; epoch < epochs; epoch++) {
        const eps = linearDecay(lr, epoch, epochs);
        a.i32(idx, n).set(rng.permutation(n));
        const t0 = performance.now();
        this.pool.runCalls(this.loadCalls(Math.min(batch, n), fetch(0)));
        for (let bi = 0; bi < nBatches; bi++) {
          const start = bi * batch;
          const nb = Math.min(batch, n - start);
          this.step(nb, eps, fetch(start + nb));
          if (report && (bi + 1) % every === 0 && bi < nBatches - 1) {
            report({ stage: "kh", done: start + nb, total: n, unit: "img", epoch: epoch + 1, epochs, info: { lr: eps } });
          }
        }
        epochSeconds.push((performance.now() - t0) / 1000);
        const info: Record<string, number> = { lr: eps };
        if (opts.convergence) {
          const c = this.convergence(epoch + 1, opts.convergence.criterion);
          convergence.push(c);
          Object.assign(info, { converged: c.fractionConverged, normMedian: c.norms.median });
          if (opts.convergence.stopWhenMet && c.converged && epoch + 1 < epochs) stoppedEarly = true;
        }
        report?.({ stage: "kh", done: n, total: n, unit: "img", epoch: epoch + 1, epochs, info });
        opts.onEpochEnd?.(epoch + 1, { epochSeconds, convergence, stopping: stoppedEarly });
        if (stoppedEarly) break;
      }
    } finally {
      a.release(mark);
    }
    return { epochSeconds, convergence, stoppedEarly };
  }

  /**
   * Convergence figures now (REFERENCES §1, the LocalLearning criterion): the fraction of units
   * on the p-sphere, norm quantiles, wrong-attractor units, units that never won a sample.
   * @param epoch recorded as is (the epoch just finished, 1-based).
   */
  convergence(epoch: number, criterion: ConvergenceCriterion): ConvergenceStats {
    const { hidden: H, R } = this.cfg;
    return convergenceStats(epoch, this.unitNorms(), rowMeans(this.weights(), H, this.inputDim), this.winCounts, R, criterion);
  }

  /**
   * Puts the learner back in a saved state: W [H, D] (W̃ is recomputed from it) and the win counts [H]
   * (from {@link weights} and {@link wins}). With the shuffle stream's state and `startEpoch`, training
   * then continues bit for bit as if it had never stopped.
   */
  restore(state: { w: Float32Array; wins: Float64Array }): void {
    this.live();
    const { hidden: H, p } = this.cfg;
    const n = H * this.inputDim;
    if (state.w.length !== n || state.wins.length !== H) throw new Error(`restore: expected W of ${n} and ${H} win counts, got ${state.w.length} and ${state.wins.length}`);
    assertFiniteArray(state.w, "restore: W", this.inputDim);
    this.w.arena.f32(this.buf.w, n).set(state.w);
    this.w.exports.synapse_pow_f32(this.buf.wt, this.buf.w, n, p);
    this.winCounts.set(state.wins);
  }

  /** Copy of the number of samples each unit has won (largest current) during training so far, [H]. */
  wins(): Float64Array {
    return this.winCounts.slice();
  }

  /**
   * One KH mini-batch step on `batch` [nb, D] row-major f32 with learning rate
   * `eps` (no schedule, no validation beyond shape). Returns the number of
   * changed rows (≤ 2·nb). For tests and custom loops.
   */
  trainBatch(batch: Float32Array, nb: number, eps: number): number {
    this.live();
    const D = this.inputDim;
    if (!Number.isInteger(nb) || nb < 1 || nb > this.cfg.batch || batch.length < nb * D) {
      throw new Error(`trainBatch: need 1 ≤ nb ≤ ${this.cfg.batch} and ${nb}×${D} values, got nb = ${nb}, ${batch.length} values`);
    }
    this.w.arena.f32(this.buf.x, nb * D).set(batch.subarray(0, nb * D));
    this.pool.runCalls(this.loadCalls(nb, null));
    return this.step(nb, eps, null);
  }

  /** Copy of W: [H, D] row-major f32. */
  weights(): Float32Array {
    this.live();
    return this.w.arena.f32(this.buf.w, this.cfg.hidden * this.inputDim).slice();
  }

  /** Copy of W̃ = sign(W)|W|^(p−1): [H, D] row-major f32. */
  synapses(): Float32Array {
    this.live();
    return this.w.arena.f32(this.buf.wt, this.cfg.hidden * this.inputDim).slice();
  }

  /**
   * Currents I = X·W̃ᵀ: [n, H] row-major f32 for `images` [n, D] row-major f32
   * (WASM GEMM in chunks of rows). Throws on a wrong length or a non-finite value.
   */
  currents(images: Float32Array, n: number): Float32Array {
    return this.mapCurrents(images, n, null);
  }

  /**
   * Readout features relu(I)^power, [n, H] row-major f32 (Krotov & Hopfield 2019,
   * n = 4.5 in Holzhausen et al. 2024). Values can reach 1e8 before training
   * converges: standardise them before a readout (REFERENCES §7).
   * @param power ≥ 0.
   */
  features(images: Float32Array, n: number, power: number): Float32Array {
    if (!(power >= 0)) throw new Error(`features: power must be ≥ 0, got ${power}`);
    return this.mapCurrents(images, n, power);
  }

  /** ‖W_μ‖_p = (Σ_i |W_μi|^p)^(1/p) for every unit μ, [H] f64; trained units approach R. */
  unitNorms(): Float64Array {
    this.live();
    const { hidden: H, p } = this.cfg;
    const a = this.w.arena;
    const m = a.mark();
    try {
      const out = a.allocF64(H);
      this.w.exports.row_norm_p_f32(out, this.buf.w, H, this.inputDim, p);
      return a.f64(out, H).slice();
    } finally {
      a.release(m);
    }
  }

  /** Releases the arena region taken by `create` (and anything allocated after it). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.w.arena.release(this.mark);
  }

  /**
   * One KH step on the batch in `buf.x`, whose Xᵀ blocks are already in `buf.xt`, as four pool
   * tasks (with one thread, the same calls in the same order on this thread):
   * 1. currents I_g = W̃·X_gᵀ of every group, each thread taking the rows of W̃ of the hidden
   *    units it owns (a range, in multiples of 4, the GEMM tile height);
   * 2. the ranking, which is per sample: one group per thread;
   * 3. ΔW and max|ΔW| of the changed rows (`kh_delta_f32`), numbered in unit order on this thread
   *    first (`kh_rows_i32`, a few hundred indices), each thread taking the rows of its units;
   * 4. the scale by the global max and the update of those rows (`kh_apply_f32`), and, when
   *    `next` is given, the gather and transposes of the next batch (x and Xᵀ are free by then).
   * Every output element is computed by one thread with the same operations in the same order as
   * on one thread (the sums over samples run in sample order within each row), so the result does
   * not depend on the thread count. Returns the number of changed rows.
   */
  private step(nb: number, eps: number, next: Fetch | null): number {
    const { hidden: H, p, R } = this.cfg;
    const D = this.inputDim;
    const b = this.buf;
    const s = this.selection.perSample;
    const T = this.pool.threads;
    const groups = this.groups(nb);
    // Thread t owns hidden units [t·per, (t + 1)·per): the rows of W̃ it multiplies, and then the changed
    // rows among them, so W and W̃ rows stay in the cache of the thread that reads them next.
    const per = Math.ceil(H / T / 4) * 4;
    const owned = (t: number) => [Math.min(H, t * per), Math.min(H, (t + 1) * per)];
    this.pool.runCalls(
      Array.from({ length: T }, (_, t) => {
        const [u0, u1] = owned(t);
        return u1 > u0 ? groups.map((g) => ({ kernel: "gemm_f32" as const, args: [g.cur, b.wt, g.xt, u0, u1, g.n, D] })) : [];
      }),
    );
    this.pool.runCalls(groups.map((g) => [this.selection.call(b.units + 4 * s * g.b0, g.cur, H, g.n, g.scratch)]));
    // Column 0 of the selection is each sample's winner (the Hebbian unit).
    const picked = this.w.arena.i32(b.units, nb * s);
    for (let j = 0; j < nb; j++) this.winCounts[picked[j * s]]++;
    const cur = groups.length === 1 ? b.blocks : this.selectedCurrents(nb, groups);
    // Rows are numbered in unit order, so each thread's units are a contiguous range of rows.
    const nrows = this.w.exports.kh_rows_i32(b.units, nb, s, H, b.slot, b.rows);
    const rows = this.w.arena.i32(b.rows, nrows);
    const firstRow = (u: number) => {
      let r = 0;
      while (r < nrows && rows[r] < u) r++;
      return r;
    };
    const ranges = Array.from({ length: T }, (_, t) => [firstRow(owned(t)[0]), firstRow(owned(t)[1])]);
    const rp = Math.pow(R, p);
    this.pool.run(
      "kh_delta_f32",
      ranges.map(([r0, r1]) => (r1 > r0 ? [b.w, cur, b.x, b.units, b.gains, nb, s, D, rp, b.ds, b.coef, b.rowmax, b.rows, b.slot, r0, r1] : [])),
    );
    const load = next ? this.loadCalls(next.nb, next) : [];
    this.pool.runCalls(
      ranges.map(([r0, r1], t): KernelCall[] => [
        ...(r1 > r0 ? [{ kernel: "kh_apply_f32" as const, args: [b.w, b.wt, b.ds, b.rowmax, b.rows, b.slot, nrows, r0, r1, D, p, eps] }] : []),
        ...(load[t] ?? []),
      ]),
    );
    return nrows;
  }

  /**
   * The samples of a batch of `nb` cut into one group per thread, as even as starts at multiples
   * of 8 allow: then each group's GEMM puts every element in the same 4×8/4×4 tile column (and
   * scalar tail) as one call over the whole batch would. One group when there is one thread.
   */
  private groups(nb: number): Group[] {
    const { hidden: H } = this.cfg;
    const D = this.inputDim;
    const b = this.buf;
    const T = this.pool.threads;
    const cuts = [0];
    for (let t = 1; t < T; t++) cuts.push(Math.min(nb, Math.max(cuts[t - 1], Math.round((t * nb) / T / 8) * 8)));
    cuts.push(nb);
    const out: Group[] = [];
    for (let t = 0; t < T; t++) {
      const [b0, n] = [cuts[t], cuts[t + 1] - cuts[t]];
      if (n > 0) out.push({ b0, n, xt: b.xt + 4 * b0 * D, cur: b.blocks + 4 * b0 * H, scratch: b.scratch[out.length] });
    }
    return out;
  }

  /**
   * Per thread, the calls that load a batch of `nb` into `buf.x` and `buf.xt`: gather its rows
   * `from` the dataset (null: x already holds them), then transpose each group into its Xᵀ block
   * (Xᵀ [D, n] makes W̃·Xᵀ a plain row-major GEMM with W̃ as A: its rows stay in cache while Xᵀ streams).
   */
  private loadCalls(nb: number, from: Omit<Fetch, "nb"> | null): KernelCall[][] {
    const D = this.inputDim;
    const x = this.buf.x;
    return this.groups(nb).map((g) => [
      ...(from ? [{ kernel: "gather_rows_f32" as const, args: [x + 4 * g.b0 * D, from.src, from.idx + 4 * g.b0, g.n, D] }] : []),
      { kernel: "transpose_f32" as const, args: [g.xt, x + 4 * g.b0 * D, g.n, D] },
    ]);
  }

  /** Copies the selected currents out of the group blocks into the [H, nb] matrix `buf.cur` the update reads; returns it. */
  private selectedCurrents(nb: number, groups: Group[]): number {
    const { hidden: H } = this.cfg;
    const b = this.buf;
    const s = this.selection.perSample;
    const a = this.w.arena;
    const units = a.i32(b.units, nb * s);
    const cur = a.f32(b.cur, H * nb);
    const blocks = a.f32(b.blocks, H * nb);
    for (const g of groups) {
      for (let j = g.b0; j < g.b0 + g.n; j++) {
        for (let q = 0; q < s; q++) {
          const mu = units[j * s + q];
          cur[mu * nb + j] = blocks[g.b0 * H + mu * g.n + (j - g.b0)];
        }
      }
    }
    return b.cur;
  }

  private mapCurrents(images: Float32Array, n: number, power: number | null): Float32Array {
    this.checkImages(images, n, "images");
    const H = this.cfg.hidden;
    const D = this.inputDim;
    const out = new Float32Array(n * H);
    const a = this.w.arena;
    const e = this.w.exports;
    const m = a.mark();
    try {
      // X·W̃ᵀ with W̃ᵀ [D, H] as the B operand: N = H is wide, so every 4×8 tile is full.
      const wtT = a.allocF32(D * H);
      e.transpose_f32(wtT, this.buf.wt, H, D);
      const rows = Math.min(n, CHUNK_ROWS);
      const px = a.allocF32(rows * D);
      const pc = a.allocF32(rows * H);
      for (let start = 0; start < n; start += rows) {
        const c = Math.min(rows, n - start);
        a.f32(px, c * D).set(images.subarray(start * D, (start + c) * D));
        this.pool.gemm(pc, px, wtT, 0, c, H, D);
        if (power !== null) this.pool.reluPow(pc, pc, c * H, power);
        out.set(a.f32(pc, c * H), start * H);
      }
    } finally {
      a.release(m);
    }
    return out;
  }

  /** Shape checks, and unless `scan` is false (the caller checks a WASM copy) a named error on NaN/±Inf. */
  private checkImages(images: Float32Array, n: number, what: string, scan = true): void {
    this.live();
    const D = this.inputDim;
    if (!(images instanceof Float32Array)) throw new Error(`${what}: expected a Float32Array`);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: n must be a positive integer, got ${n}`);
    if (images.length !== n * D) {
      throw new Error(`${what}: expected n × D = ${n} × ${D} = ${n * D} values, got ${images.length}`);
    }
    if (scan) assertFiniteArray(images, what, D);
  }

  private live(): void {
    if (this.disposed) throw new Error("KrotovHopfield: used after dispose()");
  }
}
