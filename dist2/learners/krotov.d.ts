import type { Rng } from "../rng.js";
import type { Wasm } from "../wasm/init.js";
import { KernelPool } from "../wasm/pool.js";
import type { KhConfig } from "./krotovConfig.js";
import { LocalLayer, type Fetch, type LayerBuffers, type SampleGroup } from "./localLayer.js";
import type { LocalLearner } from "./types.js";
export type { TrainOptions, TrainResult } from "./localLayer.js";
/** Options of {@link KrotovHopfield.create}. */
export interface CreateOptions {
    /**
     * Threads for the training steps and the feature GEMMs (see {@link KrotovHopfield.step} and {@link KernelPool}).
     * Must run on the same kernels/memory as `w` (`pool.wasm === w`). Default: one thread.
     */
    pool?: KernelPool;
}
/** The KH-specific buffers in the WASM arena (W, W̃, X, Xᵀ are the layer's). */
interface KhBuffers extends LayerBuffers {
    /** Currents W̃·Xᵀ as one block per group of samples (see {@link Group}). */
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
/** A sample group of KH: its Xᵀ, its currents [H, n] at `cur`, and the selection scratch of the thread that ranks them. */
interface Group extends SampleGroup {
    cur: number;
    scratch: number;
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
export declare class KrotovHopfield extends LocalLayer<KhConfig> implements LocalLearner {
    private readonly selection;
    protected readonly buf: KhBuffers;
    private constructor();
    /**
     * Allocates W ~ N(0, 1) (seeded by `rng`), W̃ and every per-batch buffer in
     * `w.arena` (about 2·H·D·4 bytes plus B·(3·D + H)·4).
     * `dispose()` releases the arena back to where it stood before this call
     * (so allocations made after `create` must be released first).
     * @param cfg validated KH config (hidden H, p, k, Δ, R, lr ε₀, epochs, batch B).
     * @param inputDim D ≥ 1 (784 for MNIST).
     * @param opts.pool worker pool on `w`'s shared memory; results are bit for bit those of one thread.
     */
    static create(w: Wasm, cfg: KhConfig, inputDim: number, rng: Rng, opts?: CreateOptions): KrotovHopfield;
    protected get progressStage(): string;
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
    protected step(nb: number, eps: number, next: Fetch | null): number;
    /**
     * The samples of a batch of `nb` cut into one group per thread, as even as starts at multiples
     * of 8 allow: then each group's GEMM puts every element in the same 4×8/4×4 tile column (and
     * scalar tail) as one call over the whole batch would. One group when there is one thread.
     */
    protected groups(nb: number): Group[];
    /** Copies the selected currents out of the group blocks into the [H, nb] matrix `buf.cur` the update reads; returns it. */
    private selectedCurrents;
}
