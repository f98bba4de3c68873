import type { Rng } from "../../rng.js";
import type { Wasm } from "../../wasm/init.js";
import { KernelPool, type KernelCall } from "../../wasm/pool.js";
import type { KhSection } from "./config.js";
import { LocalLayer, type Fetch, type LayerBuffers, type SampleGroup } from "../local/layer.js";
import { linearDecay } from "../local/schedule.js";
import { topAndKth, type Selection } from "./selection.js";


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
export class KrotovHopfield extends LocalLayer<KhSection> {
  private constructor(
    w: Wasm,
    cfg: KhSection,
    inputDim: number,
    private readonly selection: Selection,
    protected readonly buf: KhBuffers,
    mark: number,
    shuffleRng: Rng,
    pool: KernelPool,
  ) {
    super(w, cfg, inputDim, buf, mark, shuffleRng, pool);
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
  static create(w: Wasm, cfg: KhSection, inputDim: number, rng: Rng, opts: CreateOptions = {}): KrotovHopfield {
    LocalLayer.checkShape("KrotovHopfield", w, cfg, inputDim, opts.pool);
    const { hidden: H, batch: B, k } = cfg;
    if (k > H) throw new Error(`KrotovHopfield: k = ${k} exceeds hidden = ${H}`);
    const selection = topAndKth(k, cfg.delta);
    const threads = opts.pool?.threads ?? 1;
    const D = inputDim;
    const s = selection.perSample;
    const a = w.arena;
    const mark = a.mark();
    const layer = LocalLayer.allocLayer(w, cfg, D, (W) => rng.fillNormal(W));
    const buf: KhBuffers = {
      ...layer,
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
    return new KrotovHopfield(w, cfg, D, selection, buf, mark, rng.fork("kh-shuffle"), opts.pool ?? KernelPool.single(w));
  }

  protected get progressStage(): string {
    return "kh";
  }

  /** Krotov & Hopfield's linear decay ε = ε₀·(1 − epoch/epochs). */
  protected rate(lr: number, epoch: number, epochs: number): number {
    return linearDecay(lr, epoch, epochs);
  }

  /** The p-sphere radius R of the config. */
  get radius(): number {
    return this.cfg.R;
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
  protected step(nb: number, eps: number, next: Fetch | null): number {
    const { hidden: H, p, R } = this.cfg;
    const D = this.inputDim;
    const b = this.buf;
    const s = this.selection.perSample;
    const T = this.pool.threads;
    const groups = this.groups(nb);
    // Thread t owns a range of hidden units: the rows of W̃ it multiplies, and then the changed
    // rows among them, so W and W̃ rows stay in the cache of the thread that reads them next.
    const owned = (t: number) => this.ownedUnits(t);
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
  protected groups(nb: number): Group[] {
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
}
