import type { ProgressFn } from "../progress.js";
import type { Rng } from "../rng.js";
import type { Wasm } from "../wasm/init.js";
import { KernelPool, type KernelCall } from "../wasm/pool.js";
import { type ConvergenceCriterion, type ConvergenceStats } from "./convergence.js";
/** What every local layer's config holds (each rule adds its own fields). */
export interface LocalLayerSettings {
    /** Hidden units H. */
    hidden: number;
    /** Lebesgue order p of the synapses W̃ = sign(W)|W|^(p−1) and of the norms. */
    p: number;
    /** Radius the unit norms converge to (the convergence criterion's R). */
    R: number;
    /** Initial rate of the linear schedule ε = ε₀·(1 − epoch/epochs). */
    lr: number;
    epochs: number;
    batch: number;
}
/** Options of {@link LocalLayer.train}. */
export interface TrainOptions {
    onProgress?: ProgressFn;
    /** Shuffles the images each epoch; default: a fork of the layer's creation seed. */
    rng?: Rng;
    /**
     * Convergence diagnostics after every epoch ({@link LocalLayer.convergence}): recorded in the
     * result, shown in the epoch's last progress event (`info.converged`, `info.normMedian`), and with
     * `stopWhenMet` training ends after the first epoch that meets the criterion (`cfg.epochs` is then a maximum).
     */
    convergence?: {
        criterion: ConvergenceCriterion;
        stopWhenMet?: boolean;
    };
    /** Epochs already done (a resumed run: {@link LocalLayer.restore} first); the schedule continues from there. */
    startEpoch?: number;
    /**
     * Called after every epoch (1-based `epoch`) with the records of the epochs run in this call, e.g. to
     * save a checkpoint; `stopping` is true when training ends after this epoch by the convergence rule.
     */
    onEpochEnd?: (epoch: number, soFar: {
        epochSeconds: number[];
        convergence: ConvergenceStats[];
        stopping: boolean;
    }) => void;
}
/** What {@link LocalLayer.train} returns. */
export interface TrainResult {
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
 * is only its step: W and W̃ = sign(W)|W|^(p−1) in the WASM arena, the epoch loop (seeded shuffle,
 * linear schedule, progress, convergence diagnostics, checkpoints through `startEpoch`/`onEpochEnd`),
 * the gather and transposes of each mini-batch on the pool, the readout features relu(X·W̃ᵀ)^n
 * (a pooled GEMM), unit norms, win counts and save/restore. A subclass implements {@link step}
 * (and chooses its sample groups); every stage must give results independent of the thread count.
 */
export declare abstract class LocalLayer<C extends LocalLayerSettings = LocalLayerSettings> {
    protected readonly w: Wasm;
    /** The resolved configuration. */
    readonly cfg: C;
    /** Input dimension D. */
    readonly inputDim: number;
    protected readonly buf: LayerBuffers;
    private readonly mark;
    private readonly shuffleRng;
    protected readonly pool: KernelPool;
    private disposed;
    /** Samples each unit has won (largest current) since creation, [H]; the rule's step counts them. */
    protected readonly winCounts: Float64Array;
    protected constructor(w: Wasm, 
    /** The resolved configuration. */
    cfg: C, 
    /** Input dimension D. */
    inputDim: number, buf: LayerBuffers, mark: number, shuffleRng: Rng, pool: KernelPool);
    /** One mini-batch step on `buf.x` (Xᵀ already loaded) with rate `eps`; loads `next` (when given) in its last task. */
    protected abstract step(nb: number, eps: number, next: Fetch | null): number;
    /** The sample groups of a batch of `nb` (their Xᵀ blocks), one per thread or one for all. */
    protected abstract groups(nb: number): SampleGroup[];
    /** Hidden units H. */
    get hidden(): number;
    /**
     * Allocates W, W̃, X and Xᵀ in `w.arena` (after `mark`, which dispose() returns to), W filled by `init`
     * and W̃ computed from it. For subclasses' `create`.
     */
    protected static allocLayer(w: Wasm, cfg: LocalLayerSettings, inputDim: number, init: (W: Float32Array) => void): LayerBuffers;
    /** Shape checks shared by every rule's `create`. */
    protected static checkShape(name: string, w: Wasm, cfg: LocalLayerSettings, inputDim: number, pool?: KernelPool): void;
    /**
     * Trains `cfg.epochs` epochs on `images` [n, D] row-major f32, in mini-batches of `cfg.batch`
     * drawn by a seeded shuffle per epoch; a last partial batch is trained too. Throws a clear error
     * on a wrong length or a non-finite pixel. Emits `{stage, unit: "img"}` progress a few times per
     * epoch (`stage` = {@link progressStage}), with `info.lr` = ε of the epoch. The images are copied
     * into WASM memory for the call (n·D·4 bytes), so the kernels gather each mini-batch themselves.
     */
    train(images: Float32Array, n: number, opts?: TrainOptions): TrainResult;
    /** The `stage` of this rule's progress events (its config name). */
    protected abstract get progressStage(): string;
    /**
     * One step on `batch` [nb, D] row-major f32 with learning rate `eps` (no schedule, no validation
     * beyond shape). Returns what the rule's step returns. For tests and custom loops.
     */
    trainBatch(batch: Float32Array, nb: number, eps: number): number;
    /**
     * Convergence figures now (REFERENCES §1, the LocalLearning criterion): the fraction of units
     * on the p-sphere, norm quantiles, wrong-attractor units, units that never won a sample.
     * @param epoch recorded as is (the epoch just finished, 1-based).
     */
    convergence(epoch: number, criterion: ConvergenceCriterion): ConvergenceStats;
    /**
     * Puts the layer back in a saved state: W [H, D] (W̃ is recomputed from it) and the win counts [H]
     * (from {@link weights} and {@link wins}). With the shuffle stream's state and `startEpoch`, training
     * then continues bit for bit as if it had never stopped.
     */
    restore(state: {
        w: Float32Array;
        wins: Float64Array;
    }): void;
    /** Copy of the number of samples each unit has won (largest current) during training so far, [H]. */
    wins(): Float64Array;
    /** Copy of W: [H, D] row-major f32. */
    weights(): Float32Array;
    /** Copy of W̃ = sign(W)|W|^(p−1): [H, D] row-major f32. */
    synapses(): Float32Array;
    /**
     * Currents I = X·W̃ᵀ: [n, H] row-major f32 for `images` [n, D] row-major f32
     * (WASM GEMM in chunks of rows). Throws on a wrong length or a non-finite value.
     */
    currents(images: Float32Array, n: number): Float32Array;
    /**
     * Readout features relu(I)^power, [n, H] row-major f32 (Krotov & Hopfield 2019,
     * n = 4.5 in Holzhausen et al. 2024). Standardise them before a readout (REFERENCES §7).
     * @param power ≥ 0.
     */
    features(images: Float32Array, n: number, power: number): Float32Array;
    /** ‖W_μ‖_p = (Σ_i |W_μi|^p)^(1/p) for every unit μ, [H] f64; trained units approach R. */
    unitNorms(): Float64Array;
    /** Releases the arena region taken by `create` (and anything allocated after it). Idempotent. */
    dispose(): void;
    /**
     * Per thread, the calls that load a batch of `nb` into `buf.x` and the groups' Xᵀ blocks: gather its
     * rows `from` the dataset (null: x already holds them), then transpose each group into its Xᵀ block
     * (Xᵀ [D, n] makes W̃·Xᵀ a plain row-major GEMM with W̃ as A: its rows stay in cache while Xᵀ streams).
     */
    protected loadCalls(nb: number, from: Omit<Fetch, "nb"> | null): KernelCall[][];
    /** The hidden units thread t owns: [t·per, (t + 1)·per) in multiples of 4 (the GEMM tile height). */
    protected ownedUnits(t: number): [number, number];
    private mapCurrents;
    /** Shape checks, and unless `scan` is false (the caller checks a WASM copy) a named error on NaN/±Inf. */
    protected checkImages(images: Float32Array, n: number, what: string, scan?: boolean): void;
    protected live(): void;
}
