import type { Rng } from "../../rng.js";
import type { Wasm } from "../../wasm/init.js";
import { KernelPool, type KernelCall } from "../../wasm/pool.js";
import { LocalLayer, type Fetch, type LayerBuffers, type SampleGroup } from "../local/layer.js";
import { linearDecay } from "../local/schedule.js";
import type { SoftHebbSection } from "./config.js";

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
 * with η = η₀ constant over the epochs (the reference; `schedule: "linear"` decays it as KH). Unlike Krotov–Hopfield every row changes every
 * step (a soft, not hard, competition). On a pool each thread owns a range of units (rows of the
 * currents, of ΔW and of the update) and the softmax is split by samples; the batch is one group,
 * so every sum runs in the same order on any number of threads and results do not depend on it.
 */
export class SoftHebb extends LocalLayer<SoftHebbSection> {
  private constructor(
    w: Wasm,
    cfg: SoftHebbSection,
    inputDim: number,
    protected readonly buf: SoftHebbBuffers,
    mark: number,
    shuffleRng: Rng,
    pool: KernelPool,
  ) {
    super(w, cfg, inputDim, buf, mark, shuffleRng, pool);
  }

  /**
   * Allocates W ~ U[0, ((p+1)·r^p/D)^(1/p)) (the reference's "positive" init, so ‖W_k‖_p ≈ r =
   * `initRadius`; seeded by `rng`), W̃ and the per-batch buffers (about 3·H·D·4 bytes plus B·(2·D + 2·H)·4).
   * @param opts.pool worker pool on `w`'s shared memory; results are bit for bit those of one thread.
   */
  static create(w: Wasm, cfg: SoftHebbSection, inputDim: number, rng: Rng, opts: { pool?: KernelPool } = {}): SoftHebb {
    LocalLayer.checkShape("SoftHebb", w, cfg, inputDim, opts.pool);
    const { hidden: H, batch: B, p, initRadius: r } = cfg;
    const range = Math.pow(((p + 1) * Math.pow(r, p)) / inputDim, 1 / p);
    const a = w.arena;
    const mark = a.mark();
    const layer = LocalLayer.allocLayer(w, cfg, inputDim, (W) => rng.fillUniform(W, 0, range));
    const buf: SoftHebbBuffers = {
      ...layer,
      cur: a.allocF32(H * B),
      y: a.allocF32(H * B),
      winners: a.allocI32(B),
      ds: a.allocF32(H * inputDim),
      rowmax: a.allocF32(H),
    };
    return new SoftHebb(w, cfg, inputDim, buf, mark, rng.fork("softhebb-shuffle"), opts.pool ?? KernelPool.single(w));
  }

  protected get progressStage(): string {
    return "softhebb";
  }

  /** η₀ is constant under the reference's norm-dependent rate; "linear" decays it as KH does. */
  protected rate(lr: number, epoch: number, epochs: number): number {
    return this.cfg.schedule === "constant" ? lr : linearDecay(lr, epoch, epochs);
  }

  /** The norm-dependent rate η₀·|‖W_k‖_p − 1|^power drives every norm to 1. */
  get radius(): number {
    return 1;
  }

  /** One group: the whole batch (its Xᵀ [D, nb]); threads split units and samples instead. */
  protected groups(nb: number): SampleGroup[] {
    return [{ b0: 0, n: nb, xt: this.buf.xt }];
  }

  /**
   * One step as four pool tasks: the currents of each thread's units; the soft WTA of each thread's
   * samples (and each sample's winner); ΔW = y·X − (Σ y⊙u)⊙W and max|ΔW| of each thread's units
   * (a GEMM, then `softhebb_delta_f32`); the update of those units (and the next batch's gather and
   * transpose, as in KH). Returns nb.
   */
  protected step(nb: number, eps: number, next: Fetch | null): number {
    const { hidden: H, p, tInv, powerLr } = this.cfg;
    const D = this.inputDim;
    const b = this.buf;
    const T = this.pool.threads;
    const units = Array.from({ length: T }, (_, t) => this.ownedUnits(t));
    this.pool.runCalls(units.map(([u0, u1]) => (u1 > u0 ? [{ kernel: "gemm_f32", args: [b.cur, b.wt, b.xt, u0, u1, nb, D] }] : [])));
    const per = Math.ceil(nb / T);
    this.pool.runCalls(
      Array.from({ length: T }, (_, t) => {
        const [b0, b1] = [Math.min(nb, t * per), Math.min(nb, (t + 1) * per)];
        return b1 > b0 ? [{ kernel: "softmax_units_f32", args: [b.y, b.winners, b.cur, H, nb, tInv, b0, b1] }] : [];
      }),
    );
    const win = this.w.arena.i32(b.winners, nb);
    for (let j = 0; j < nb; j++) if (win[j] >= 0) this.winCounts[win[j]]++;
    this.pool.runCalls(
      units.map(([u0, u1]): KernelCall[] =>
        u1 > u0
          ? [
              { kernel: "gemm_f32", args: [b.ds, b.y, b.x, u0, u1, D, nb] },
              { kernel: "softhebb_delta_f32", args: [b.ds, b.w, b.y, b.cur, nb, D, b.rowmax, u0, u1] },
            ]
          : [],
      ),
    );
    const load = next ? this.loadCalls(next.nb, next) : [];
    this.pool.runCalls(
      units.map(([u0, u1], t): KernelCall[] => [
        ...(u1 > u0 ? [{ kernel: "softhebb_apply_f32" as const, args: [b.w, b.wt, b.ds, b.rowmax, H, D, p, eps, powerLr, u0, u1] }] : []),
        ...(load[t] ?? []),
      ]),
    );
    return nb;
  }
}
