import type { Rng } from "../rng.js";
import type { Wasm } from "../wasm/init.js";
import { KernelPool } from "../wasm/pool.js";
import { LocalLayer, type Fetch, type LayerBuffers, type SampleGroup } from "./localLayer.js";
import type { SoftHebbConfig } from "./softhebbConfig.js";
import type { LocalLearner } from "./types.js";
/** SoftHebb's buffers besides the layer's: currents and soft WTA [H, B], winners [B], ΔW [H, D], max|ΔW| per row [H]. */
interface SoftHebbBuffers extends LayerBuffers {
    cur: number;
    y: number;
    winners: number;
    ds: number;
    rowmax: number;
}
/**
 * SoftHebb (Moraitis et al. 2022; Journé et al., ICLR 2023; REFERENCES §2) on the WASM kernels of
 * `assembly/softhebb.ts`. One mini-batch step:
 *
 *   u = W̃·Xᵀ [H, B] (W̃ = sign(W)|W|^(p−1); p = 2: W̃ = W),  y = softmax_units(u/τ),
 *   ΔW = y·X − diag(Σ_b y ⊙ u)·W,  W_k += η_k·ΔW_k / max|ΔW|,
 *   η_k = η·(|‖W_k‖_p − 1| + 1e-10)^power  (norm before the step),
 *
 * with η = η₀ decayed linearly over the epochs. Unlike Krotov–Hopfield every row changes every
 * step (a soft, not hard, competition). On a pool each thread owns a range of units (rows of the
 * currents, of ΔW and of the update) and the softmax is split by samples; the batch is one group,
 * so every sum runs in the same order on any number of threads and results do not depend on it.
 */
export declare class SoftHebb extends LocalLayer<SoftHebbConfig & {
    R: number;
}> implements LocalLearner {
    protected readonly buf: SoftHebbBuffers;
    private constructor();
    /**
     * Allocates W ~ U[0, ((p+1)·r^p/D)^(1/p)) (the reference's "positive" init, so ‖W_k‖_p ≈ r =
     * `initRadius`; seeded by `rng`), W̃ and the per-batch buffers (about 3·H·D·4 bytes plus B·(2·D + 2·H)·4).
     * @param opts.pool worker pool on `w`'s shared memory; results are bit for bit those of one thread.
     */
    static create(w: Wasm, cfg: SoftHebbConfig, inputDim: number, rng: Rng, opts?: {
        pool?: KernelPool;
    }): SoftHebb;
    protected get progressStage(): string;
    /** One group: the whole batch (its Xᵀ [D, nb]); threads split units and samples instead. */
    protected groups(nb: number): SampleGroup[];
    /**
     * One step as four pool tasks: the currents of each thread's units; the soft WTA of each thread's
     * samples (and each sample's winner); ΔW = y·X − (Σ y⊙u)⊙W and max|ΔW| of each thread's units
     * (a GEMM, then `softhebb_delta_f32`); the update of those units (and the next batch's gather and
     * transpose, as in KH). Returns nb.
     */
    protected step(nb: number, eps: number, next: Fetch | null): number;
}
export {};
