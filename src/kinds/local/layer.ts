import { runSteps } from "../../host.js";
import { assertFiniteArray, assertFiniteF32 } from "../../kernels/vec.js";
import type { ProgressFn } from "../../progress.js";
import type { Rng } from "../../rng.js";
import type { Wasm } from "../../wasm/init.js";
import { KernelPool, type KernelCall } from "../../wasm/pool.js";
import { convergenceStats, rowMeans, type ConvergenceCriterion, type ConvergenceStats } from "./convergence.js";

/** Rows of images per GEMM call in `currents`/`features` (bounds the temporary memory to ~tens of MiB). */
const CHUNK_ROWS = 1024;

/** Progress events per epoch (about). */
const EVENTS_PER_EPOCH = 5;

/** What every local layer's config holds (each rule adds its own fields). */
export interface LocalLayerSettings {
  /** Hidden units H. */
  hidden: number;
  /** Lebesgue order p of the synapses W̃ = sign(W)|W|^(p−1) and of the norms. */
  p: number;
  /** Initial learning rate (each rule schedules it over the epochs: {@link LocalLayer.rate}). */
  lr: number;
  epochs: number;
  batch: number;
}

/** Options of {@link LocalLayer.train}. */
export interface LayerTrainOptions {
  onProgress?: ProgressFn;
  /** Shuffles the images each epoch; default: a fork of the layer's creation seed. */
  rng?: Rng;
  /**
   * Convergence diagnostics after every epoch ({@link LocalLayer.convergence}): recorded in the
   * result, shown in the epoch's last progress event (`info.converged`, `info.normMedian`), and with
   * `stopWhenMet` training ends after the first epoch that meets the criterion (`cfg.epochs` is then a maximum).
   */
  convergence?: { criterion: ConvergenceCriterion; stopWhenMet?: boolean };
  /** Epochs already done (a resumed run: {@link LocalLayer.restore} first); the schedule continues from there. */
  startEpoch?: number;
  /**
   * Called after every epoch (1-based `epoch`) with the records of the epochs run in this call, e.g. to
   * save a checkpoint; `stopping` is true when training ends after this epoch by the convergence rule.
   */
  onEpochEnd?: (epoch: number, soFar: { epochSeconds: number[]; convergence: ConvergenceStats[]; stopping: boolean }) => void;
}

/** What {@link LocalLayer.train} returns. */
export interface LayerTrainResult {
  /** Wall time of each epoch run (fewer than `cfg.epochs` when training stopped at convergence). */
  epochSeconds: number[];
  /** Diagnostics after each epoch, when `opts.convergence` asked for them (empty otherwise). */
  convergence: ConvergenceStats[];
  /** True when `stopWhenMet` ended training before `cfg.epochs`. */
  stoppedEarly: boolean;
}

/** Byte offsets of the buffers every local layer has: W, W̃ [H, D], one mini-batch X [B, D] and its Xᵀ blocks. */
export interface LayerBuffers {
  w: number;
  wt: number;
  x: number;
  xt: number;
}

/**
 * Samples [b0, b0 + n) of a mini-batch, handled as one unit by the pool: their Xᵀ [D, n] at `xt`
 * (and whatever per-group memory a rule keeps beside it).
 */
export interface SampleGroup {
  b0: number;
  n: number;
  xt: number;
}

/** A mini-batch to gather from a dataset in WASM memory: `nb` rows of `src` [*, D] f32 numbered by the i32 at `idx`. */
export interface Fetch {
  src: number;
  idx: number;
  nb: number;
}

/**
 * What every local (Hebbian-type) learning rule of one hidden layer [H, D] shares, so that a rule
 * is only its step, its schedule and the radius its norms approach: W and W̃ = sign(W)|W|^(p−1) in
 * the WASM arena, the epoch loop (seeded shuffle, progress, convergence diagnostics, checkpoints
 * through `startEpoch`/`onEpochEnd`), the gather and transposes of each mini-batch on the pool, the
 * readout features relu(X·W̃ᵀ)^n (a pooled GEMM), unit norms, win counts and save/restore. A
 * subclass implements {@link step}, {@link rate}, {@link radius} (and chooses its sample groups);
 * every stage must give results independent of the thread count.
 */
export abstract class LocalLayer<C extends LocalLayerSettings = LocalLayerSettings> {
  private disposed = false;
  /** Samples each unit has won (largest current) since creation, [H]; the rule's step counts them. */
  protected readonly winCounts: Float64Array;

  protected constructor(
    protected readonly w: Wasm,
    /** The resolved configuration. */
    readonly cfg: C,
    /** Input dimension D. */
    readonly inputDim: number,
    protected readonly buf: LayerBuffers,
    private readonly mark: number,
    private readonly shuffleRng: Rng,
    protected readonly pool: KernelPool,
  ) {
    this.winCounts = new Float64Array(cfg.hidden);
  }

  /** One mini-batch step on `buf.x` (Xᵀ already loaded) with rate `eps`; loads `next` (when given) in its last task. */
  protected abstract step(nb: number, eps: number, next: Fetch | null): number;

  /** The rate of epoch `epoch` (0-based) of `epochs`, from the initial `lr`: the rule's schedule. */
  protected abstract rate(lr: number, epoch: number, epochs: number): number;

  /** The radius R the unit norms ‖W_μ‖_p approach under this rule (the convergence criterion's R). */
  abstract get radius(): number;

  /** The sample groups of a batch of `nb` (their Xᵀ blocks), one per thread or one for all. */
  protected abstract groups(nb: number): SampleGroup[];

  /** Hidden units H. */
  get hidden(): number {
    return this.cfg.hidden;
  }

  /**
   * Allocates W, W̃, X and Xᵀ in `w.arena` (after `mark`, which dispose() returns to), W filled by `init`
   * and W̃ computed from it. For subclasses' `create`.
   */
  protected static allocLayer(w: Wasm, cfg: LocalLayerSettings, inputDim: number, init: (W: Float32Array) => void): LayerBuffers {
    const { hidden: H, batch: B } = cfg;
    const a = w.arena;
    const buf = { w: a.allocF32(H * inputDim), wt: a.allocF32(H * inputDim), x: a.allocF32(B * inputDim), xt: a.allocF32(B * inputDim) };
    init(a.f32(buf.w, H * inputDim));
    w.exports.synapse_pow_f32(buf.wt, buf.w, H * inputDim, cfg.p);
    return buf;
  }

  /** Shape checks shared by every rule's `create`. */
  protected static checkShape(name: string, w: Wasm, cfg: LocalLayerSettings, inputDim: number, pool?: KernelPool): void {
    if (pool && pool.wasm !== w) throw new Error(`${name}: the pool must run on the learner's kernels (pool.wasm)`);
    if (!Number.isInteger(inputDim) || inputDim < 1) throw new Error(`${name}: inputDim must be a positive integer, got ${inputDim}`);
    if (!Number.isInteger(cfg.hidden) || cfg.hidden < 1) throw new Error(`${name}: hidden must be a positive integer, got ${cfg.hidden}`);
    if (!Number.isInteger(cfg.batch) || cfg.batch < 1) throw new Error(`${name}: batch must be a positive integer, got ${cfg.batch}`);
    if (!(cfg.p >= 1)) throw new Error(`${name}: p must be ≥ 1, got ${cfg.p}`);
  }

  /**
   * Trains `cfg.epochs` epochs on `images` [n, D] row-major f32, in mini-batches of `cfg.batch`
   * drawn by a seeded shuffle per epoch; a last partial batch is trained too. Throws a clear error
   * on a wrong length or a non-finite pixel. Emits `{stage, unit: "img"}` progress a few times per
   * epoch (`stage` = {@link progressStage}), with `info.lr` = ε of the epoch. The images are copied
   * into WASM memory for the call (n·D·4 bytes), so the kernels gather each mini-batch themselves.
   */
  train(images: Float32Array, n: number, opts: LayerTrainOptions = {}): LayerTrainResult {
    return runSteps(this.trainEpochs(images, n, opts));
  }

  /**
   * {@link train} one epoch at a time: yields each finished epoch's number (1-based, after its
   * `onEpochEnd`) and returns the same result. A caller that awaits between epochs (the runner, so
   * that a SIGTERM handler can write the checkpoint) gets exactly the numbers of {@link train}.
   * The images stay in the arena until the generator finishes or is abandoned with `return()`.
   */
  *trainEpochs(images: Float32Array, n: number, opts: LayerTrainOptions = {}): Generator<number, LayerTrainResult, void> {
    this.checkImages(images, n, "train images", false);
    const { epochs, lr, batch } = this.cfg;
    const rng = opts.rng ?? this.shuffleRng;
    const report = opts.onProgress;
    const stage = this.progressStage;
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
        const eps = this.rate(lr, epoch, epochs);
        a.i32(idx, n).set(rng.permutation(n));
        const t0 = performance.now();
        this.pool.runCalls(this.loadCalls(Math.min(batch, n), fetch(0)));
        for (let bi = 0; bi < nBatches; bi++) {
          const first = bi * batch;
          const nb = Math.min(batch, n - first);
          this.step(nb, eps, fetch(first + nb));
          if (report && (bi + 1) % every === 0 && bi < nBatches - 1) {
            report({ stage, done: first + nb, total: n, unit: "img", epoch: epoch + 1, epochs, info: { lr: eps } });
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
        report?.({ stage, done: n, total: n, unit: "img", epoch: epoch + 1, epochs, info });
        opts.onEpochEnd?.(epoch + 1, { epochSeconds, convergence, stopping: stoppedEarly });
        yield epoch + 1;
        if (stoppedEarly) break;
      }
    } finally {
      a.release(mark);
    }
    return { epochSeconds, convergence, stoppedEarly };
  }

  /** The `stage` of this rule's progress events (its config name). */
  protected abstract get progressStage(): string;

  /**
   * One step on `batch` [nb, D] row-major f32 with learning rate `eps` (no schedule, no validation
   * beyond shape). Returns what the rule's step returns. For tests and custom loops.
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

  /**
   * Convergence figures now (REFERENCES §1, the LocalLearning criterion): the fraction of units
   * on the p-sphere, norm quantiles, wrong-attractor units, units that never won a sample.
   * @param epoch recorded as is (the epoch just finished, 1-based).
   */
  convergence(epoch: number, criterion: ConvergenceCriterion): ConvergenceStats {
    const H = this.cfg.hidden;
    const R = this.radius;
    this.live();
    // Row means straight from the arena: a copy of W (6 MB at 2000 × 784) every epoch would only be read once.
    const means = rowMeans(this.w.arena.f32(this.buf.w, H * this.inputDim), H, this.inputDim);
    return convergenceStats(epoch, this.unitNorms(), means, this.winCounts, R, criterion);
  }

  /**
   * Puts the layer back in a saved state: W [H, D] (W̃ is recomputed from it) and the win counts [H]
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
   * n = 4.5 in Holzhausen et al. 2024). Standardize them before a readout (REFERENCES §7).
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
   * Per thread, the calls that load a batch of `nb` into `buf.x` and the groups' Xᵀ blocks: gather its
   * rows `from` the dataset (null: x already holds them), then transpose each group into its Xᵀ block
   * (Xᵀ [D, n] makes W̃·Xᵀ a plain row-major GEMM with W̃ as A: its rows stay in cache while Xᵀ streams).
   */
  protected loadCalls(nb: number, from: Omit<Fetch, "nb"> | null): KernelCall[][] {
    const D = this.inputDim;
    const x = this.buf.x;
    return this.groups(nb).map((g) => [
      ...(from ? [{ kernel: "gather_rows_f32" as const, args: [x + 4 * g.b0 * D, from.src, from.idx + 4 * g.b0, g.n, D] }] : []),
      { kernel: "transpose_f32" as const, args: [g.xt, x + 4 * g.b0 * D, g.n, D] },
    ]);
  }

  /** The hidden units thread t owns: [t·per, (t + 1)·per) in multiples of 4 (the GEMM tile height). */
  protected ownedUnits(t: number): [number, number] {
    const H = this.cfg.hidden;
    const per = Math.ceil(H / this.pool.threads / 4) * 4;
    return [Math.min(H, t * per), Math.min(H, (t + 1) * per)];
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
  protected checkImages(images: Float32Array, n: number, what: string, scan = true): void {
    this.live();
    const D = this.inputDim;
    if (!(images instanceof Float32Array)) throw new Error(`${what}: expected a Float32Array`);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: n must be a positive integer, got ${n}`);
    if (images.length !== n * D) {
      throw new Error(`${what}: expected n × D = ${n} × ${D} = ${n * D} values, got ${images.length}`);
    }
    if (scan) assertFiniteArray(images, what, D);
  }

  protected live(): void {
    if (this.disposed) throw new Error(`${this.constructor.name}: used after dispose()`);
  }
}
