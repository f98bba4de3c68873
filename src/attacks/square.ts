import { z } from "zod";
import { tf } from "../tf.js";
import { FixedEpsilonAttack, type AttackContext, type Norm } from "./base.js";
import { defineAttack } from "./entry.js";
import { attackLoss } from "./loss.js";

/** Options of the Square attack (Andriushchenko et al., ECCV 2020; `fra31/auto-attack` `square.py`, AutoAttack's settings). */
export const SquareSchema = z
  .object({
    queries: z.number().int().min(1).default(5000).describe("Queries (forward passes) per image and restart (AutoAttack: n_queries = 5000)."),
    pInit: z.number().gt(0).max(1).default(0.8).describe("p_init: the first squares cover this fraction of the image; p halves on the schedule of square.py p_selection (AutoAttack: p_init = .8)."),
    restarts: z.number().int().min(1).default(1).describe("Runs, each on the images not yet misclassified (AutoAttack: 1)."),
    rescaleSchedule: z.boolean().default(false).describe("Stretch p's schedule (written for 10,000 queries) to `queries` (square.py resc_schedule; AutoAttack passes False)."),
    loss: z.enum(["margin", "ce"]).default("margin").describe("Loss each candidate must lower to be kept: the margin z_y − max_{j≠y} z_j, or −CE (square.py loss; AutoAttack: margin)."),
  })
  .strict();

export type SquareOptions = z.output<typeof SquareSchema>;

/**
 * p at query `it` (0-based; `square.py` `p_selection`): p_init up to 10, then halved after 10, 50,
 * 200, 500, 1000, 2000, 4000, 6000 and 8000 queries; with `rescale`, `it` is first mapped to
 * ⌊it/queries·10000⌋.
 */
export function squareP(it: number, pInit: number, queries: number, rescale: boolean): number {
  const i = rescale ? Math.trunc((it / queries) * 10000) : it;
  const steps = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
  let k = 0;
  while (k < steps.length && i > steps[k]) k++;
  return pInit / 2 ** k;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Side of the square at fraction p of an h × w × c image (`square.py`, L∞): max(round(√(p·hw)), 1), at most min(h, w). */
export function squareSide(p: number, h: number, w: number): number {
  return Math.min(Math.max(roundHalfEven(Math.sqrt(p * h * w)), 1), Math.min(h, w));
}

/**
 * The image layout Square needs ([c, h, w], channels first, row-major): a square grey image when D is
 * a perfect square (MNIST: 1 × 28 × 28), else one row of D values (1 × 1 × D; its squares are then
 * single values).
 */
export function squareLayout(d: number): { c: number; h: number; w: number } {
  const s = Math.round(Math.sqrt(d));
  return s * s === d ? { c: 1, h: s, w: s } : { c: 1, h: 1, w: d };
}

/**
 * The Square attack under L∞ (Andriushchenko, Croce, Flammarion & Hein, ECCV 2020; AutoAttack's
 * fourth part, `fra31/auto-attack` `square.py`): gradient-free random search. It starts from vertical
 * stripes x + ε·s_col, s = ±1 per image, channel and column, then for each of `queries` iterations
 * proposes to set one random square of side {@link squareSide}(p) (p from {@link squareP}) to ±ε
 * around x (one position and one sign per channel for the whole batch, as the reference draws them),
 * keeping a proposal when it lowers the loss or misclassifies; images stop once misclassified. One
 * forward pass per query, no gradients: it breaks models whose gradients are masked, which is why
 * AutoAttack runs it last. Returns per image the misclassified point or the lowest-loss one (the
 * reference returns the clean image where it fails). On a stochastic model the margin is averaged
 * over the EOT samples. The reference draws the square's corner from [0, h − s) (`random_int` floors
 * `(h − s)·U[0, 1)`), never touching the last row or column unless s = h; so does this.
 */
export class SquareLinf extends FixedEpsilonAttack {
  readonly name = "square";
  readonly norm: Norm = "linf";
  readonly gradientBased = false;
  readonly randomized = true;

  constructor(readonly options: SquareOptions) {
    super();
  }

  settings(): Record<string, number | string | boolean> {
    return { ...this.options };
  }

  protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    const [b, d] = x.shape;
    const xs = x.dataSync() as Float32Array;
    const ys = y.dataSync() as Int32Array;
    const es = eps.dataSync() as Float32Array;
    const out = Float32Array.from(xs);
    const done = new Uint8Array(b);
    for (let r = 0; r < this.options.restarts; r++) {
      const idx = Array.from({ length: b }, (_, i) => i).filter((i) => !done[i]);
      if (idx.length === 0) break;
      const x0 = new Float32Array(idx.length * d);
      idx.forEach((i, k) => x0.set(xs.subarray(i * d, (i + 1) * d), k * d));
      const { best, margin } = this.singleRun(ctx, x0, Int32Array.from(idx, (i) => ys[i]), Float32Array.from(idx, (i) => es[i]));
      idx.forEach((i, k) => {
        out.set(best.subarray(k * d, (k + 1) * d), i * d);
        if (margin[k] <= 0) done[i] = 1;
      });
    }
    return tf.tensor2d(out, [b, d]);
  }

  /** One run (`attack_single_run`, L∞): the kept point per row and its margin z_y − max_{j≠y} z_j. */
  private singleRun(ctx: AttackContext, x0: Float32Array, ys: Int32Array, eps: Float32Array) {
    const { queries, pInit, rescaleSchedule } = this.options;
    const b = ys.length;
    const d = x0.length / b;
    const { c, h, w } = squareLayout(d);
    const sign = () => (2 * ctx.rng.uniform() - 1 > 0 ? 1 : -1);
    const clipBall = (v: number, x: number, e: number) => {
      const u = v < x - e ? x - e : v > x + e ? x + e : v;
      return u < 0 ? 0 : u > 1 ? 1 : u;
    };
    // Vertical stripes: one sign per image, channel and column.
    const best = new Float32Array(b * d);
    for (let r = 0; r < b; r++)
      for (let ch = 0; ch < c; ch++)
        for (let col = 0; col < w; col++) {
          const s = sign();
          for (let row = 0; row < h; row++) {
            const j = r * d + ch * h * w + row * w + col;
            best[j] = clipBall(x0[j] + eps[r] * s, x0[j], Infinity);
          }
        }
    let { margin, loss } = this.marginAndLoss(ctx, best, ys, b, d);
    if (margin.every((m) => m < 0)) return { best, margin };
    const cand = new Float32Array(b * d);
    for (let it = 0; it < queries; it++) {
      const active = Array.from({ length: b }, (_, r) => r).filter((r) => margin[r] > 0);
      if (active.length === 0) break;
      const s = squareSide(squareP(it, pInit, queries, rescaleSchedule), h, w);
      const vh = Math.floor((h - s) * ctx.rng.uniform());
      const vw = Math.floor((w - s) * ctx.rng.uniform());
      const signs = Array.from({ length: c }, sign);
      const a = active.length;
      const xNew = cand.subarray(0, a * d);
      active.forEach((r, k) => {
        xNew.set(best.subarray(r * d, (r + 1) * d), k * d);
        for (let ch = 0; ch < c; ch++)
          for (let row = vh; row < vh + s; row++)
            for (let col = vw; col < vw + s; col++) {
              const j = ch * h * w + row * w + col;
              xNew[k * d + j] = clipBall(best[r * d + j] + 2 * eps[r] * signs[ch], x0[r * d + j], eps[r]);
            }
      });
      const q = this.marginAndLoss(ctx, xNew, Int32Array.from(active, (r) => ys[r]), a, d);
      active.forEach((r, k) => {
        const improved = q.loss[k] < loss[r];
        if (improved) loss[r] = q.loss[k];
        if (improved || q.margin[k] <= 0) {
          margin[r] = q.margin[k];
          best.set(xNew.subarray(k * d, (k + 1) * d), r * d);
        }
      });
      if (margin.every((m) => m <= 0)) break;
    }
    return { best, margin };
  }

  /** Margin z_y − max_{j≠y} z_j and the loss to lower (the margin, or −CE), per row, averaged over EOT samples. */
  private marginAndLoss(ctx: AttackContext, xs: Float32Array, ys: Int32Array, b: number, d: number): { margin: Float32Array; loss: Float32Array } {
    const k = ctx.model.stochastic ? Math.max(1, Math.floor(ctx.eotSamples)) : 1;
    const [m, l] = tf.tidy(() => {
      const x = tf.tensor2d(xs, [b, d]);
      const y = tf.tensor1d(ys, "int32");
      const ms: tf.Tensor1D[] = [];
      const ls: tf.Tensor1D[] = [];
      for (let s = 0; s < k; s++) {
        const z = ctx.model.logits(x, { training: false, noiseRng: ctx.noiseRng });
        ms.push(tf.neg(attackLoss(z, y, "margin")) as tf.Tensor1D);
        if (this.options.loss === "ce") ls.push(tf.neg(attackLoss(z, y, "ce")) as tf.Tensor1D);
      }
      const mean = (t: tf.Tensor1D[]) => (k === 1 ? t[0] : tf.div(tf.addN(t), k));
      return [mean(ms), this.options.loss === "ce" ? mean(ls) : mean(ms)];
    });
    const out = { margin: Float32Array.from(m.dataSync()), loss: Float32Array.from(l.dataSync()) };
    tf.dispose([m, l]);
    return out;
  }
}

/** Registry entry of {@link SquareLinf}. */
export const squareEntry = defineAttack({
  name: "square",
  title: "Square",
  description: "Square attack, gradient-free random search under L∞ (Andriushchenko et al. 2020; AutoAttack's fourth part)",
  norm: "linf",
  schema: SquareSchema,
  make: (o) => new SquareLinf(o),
  // One forward pass per query (at most `queries`; images stop once broken), plus the start.
  cost: (o) => 0.5 * (o.queries + 1) * o.restarts,
  flags: { gradientBased: false, randomized: true },
});
