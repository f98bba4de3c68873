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

/** Python's round(): halves go to the even neighbor. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Side of the square at fraction p of an h × w × c image (`square.py`, L∞): max(round(√(p·hw)), 1), at most min(h, w). */
export function squareSide(p: number, h: number, w: number): number {
  return Math.min(Math.max(roundHalfEven(Math.sqrt(p * h * w)), 1), Math.min(h, w));
}

/**
 * The image layout Square needs ([c, h, w], channels first, row-major): a square gray image when D is
 * a perfect square (MNIST: 1 × 28 × 28), else one row of D values (1 × 1 × D; its squares are then
 * single values).
 */
export function squareLayout(d: number): { c: number; h: number; w: number } {
  const s = Math.round(Math.sqrt(d));
  return s * s === d ? { c: 1, h: s, w: s } : { c: 1, h: 1, w: d };
}

/** Python's `int(round(√(p·hw)))` at least 3 and odd, at most min(h, w): the L2 square side (`square.py`). */
export function squareSideL2(p: number, h: number, w: number): number {
  let s = Math.max(roundHalfEven(Math.sqrt(p * h * w)), 3);
  if (s % 2 === 0) s += 1;
  return Math.min(s, Math.min(h, w));
}

/** `square.py` `eta_rectangles(x, y)`: nested rectangles around the center, weight 1/(k + 1)² at ring k, unit L2 norm. [x·y] row-major. */
function etaRectangles(x: number, y: number): Float64Array {
  const delta = new Float64Array(x * y);
  const xc = Math.floor(x / 2) + 1;
  const yc = Math.floor(y / 2) + 1;
  let [c0, c1] = [xc - 1, yc - 1];
  for (let k = 0; k < Math.max(xc, yc); k++) {
    for (let i = Math.max(c0, 0); i < Math.min(c0 + 2 * k + 1, x); i++)
      for (let j = Math.max(0, c1); j < Math.min(c1 + 2 * k + 1, y); j++) delta[i * y + j] += 1 / (k + 1) ** 2;
    c0--;
    c1--;
  }
  const n = Math.sqrt(delta.reduce((a, v) => a + v * v, 0));
  return delta.map((v) => v / n);
}

/**
 * `square.py` `eta(s)` under L2: an s × s window whose upper half is a positive bump and lower half a
 * negative one (each {@link etaRectangles}), unit L2 norm, transposed when `transpose` (the reference
 * draws that with probability ½). [s·s] row-major.
 */
export function squareEta(s: number, transpose: boolean): Float64Array {
  const top = etaRectangles(Math.floor(s / 2), s);
  const bottom = etaRectangles(s - Math.floor(s / 2), s);
  const delta = new Float64Array(s * s);
  delta.set(top);
  bottom.forEach((v, i) => (delta[top.length + i] = -v));
  const n = Math.sqrt(delta.reduce((a, v) => a + v * v, 0));
  const out = delta.map((v) => v / n);
  if (!transpose) return out;
  return Float64Array.from({ length: s * s }, (_, k) => out[(k % s) * s + Math.floor(k / s)]);
}

/**
 * The Square attack (Andriushchenko, Croce, Flammarion & Hein, ECCV 2020; AutoAttack's fourth part,
 * `fra31/auto-attack` `square.py`): gradient-free random search. From a start point it proposes, for
 * each of `queries` iterations, to change the perturbation in a random square whose side shrinks on
 * the schedule of {@link squareP} (one position for the whole batch, as the reference draws it),
 * keeping a proposal when it lowers the loss or misclassifies; images stop once misclassified. One
 * forward pass per query, no gradients: it breaks models whose gradients are masked, which is why
 * AutoAttack runs it last. Returns per image the misclassified point or the lowest-loss one (the
 * reference returns the clean image where it fails). On a stochastic model the margin is averaged
 * over the EOT samples. The reference draws a square's corner from [0, h − s) (`random_int` floors
 * `(h − s)·U[0, 1)`), never touching the last row or column unless s = h; so does this.
 */
abstract class SquareAttack extends FixedEpsilonAttack {
  readonly gradientBased = false;
  readonly randomized = true;

  constructor(readonly options: SquareOptions) {
    super();
  }

  settings(): Record<string, number | string | boolean> {
    return { ...this.options };
  }

  /** The start point of every row [b·D] (`x_best` before the first query). */
  protected abstract start(ctx: AttackContext, x0: Float32Array, eps: Float32Array, b: number, layout: Layout): Float32Array;

  /** Writes the proposal of query `it` for the `active` rows into `out` [a·D] (row k for active[k]). */
  protected abstract propose(ctx: AttackContext, it: number, best: Float32Array, x0: Float32Array, eps: Float32Array, active: number[], layout: Layout, out: Float32Array): void;

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

  /** One run (`attack_single_run`): the kept point per row and its margin z_y − max_{j≠y} z_j. */
  private singleRun(ctx: AttackContext, x0: Float32Array, ys: Int32Array, eps: Float32Array) {
    const b = ys.length;
    const d = x0.length / b;
    const layout = squareLayout(d);
    const best = this.start(ctx, x0, eps, b, layout);
    const { margin, loss } = this.marginAndLoss(ctx, best, ys, b, d);
    if (margin.every((m) => m < 0)) return { best, margin };
    const cand = new Float32Array(b * d);
    for (let it = 0; it < this.options.queries; it++) {
      const active = Array.from({ length: b }, (_, r) => r).filter((r) => margin[r] > 0);
      if (active.length === 0) break;
      const xNew = cand.subarray(0, active.length * d);
      this.propose(ctx, it, best, x0, eps, active, layout, xNew);
      const q = this.marginAndLoss(ctx, xNew, Int32Array.from(active, (r) => ys[r]), active.length, d);
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

  protected p(it: number): number {
    return squareP(it, this.options.pInit, this.options.queries, this.options.rescaleSchedule);
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

type Layout = ReturnType<typeof squareLayout>;

/** ±1 from `square.py` `random_choice`: sign(2u − 1). */
const randomSign = (ctx: AttackContext) => (2 * ctx.rng.uniform() - 1 > 0 ? 1 : -1);
/** `square.py` `random_int(0, n)`: ⌊n·u⌋. */
const randomInt = (ctx: AttackContext, n: number) => Math.floor(n * ctx.rng.uniform());
const clip01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Square under L∞ (`square.py`, norm 'Linf'): the start is vertical stripes x + ε·s_col (s = ±1 per
 * image, channel and column); a query sets one square of side {@link squareSide}(p) to ±ε around x,
 * one sign per channel shared by the batch.
 */
export class SquareLinf extends SquareAttack {
  readonly name = "square";
  readonly norm: Norm = "linf";

  protected start(ctx: AttackContext, x0: Float32Array, eps: Float32Array, b: number, { c, h, w }: Layout): Float32Array {
    const d = c * h * w;
    const best = new Float32Array(b * d);
    for (let r = 0; r < b; r++)
      for (let ch = 0; ch < c; ch++)
        for (let col = 0; col < w; col++) {
          const s = randomSign(ctx);
          for (let row = 0; row < h; row++) {
            const j = r * d + ch * h * w + row * w + col;
            best[j] = clip01(x0[j] + eps[r] * s);
          }
        }
    return best;
  }

  protected propose(ctx: AttackContext, it: number, best: Float32Array, x0: Float32Array, eps: Float32Array, active: number[], { c, h, w }: Layout, out: Float32Array): void {
    const d = c * h * w;
    const s = squareSide(this.p(it), h, w);
    const vh = randomInt(ctx, h - s);
    const vw = randomInt(ctx, w - s);
    const signs = Array.from({ length: c }, () => randomSign(ctx));
    active.forEach((r, k) => {
      out.set(best.subarray(r * d, (r + 1) * d), k * d);
      const e = eps[r];
      for (let ch = 0; ch < c; ch++)
        for (let row = vh; row < vh + s; row++)
          for (let col = vw; col < vw + s; col++) {
            const j = ch * h * w + row * w + col;
            const x = x0[r * d + j];
            const v = best[r * d + j] + 2 * e * signs[ch];
            out[k * d + j] = clip01(v < x - e ? x - e : v > x + e ? x + e : v);
          }
    });
  }
}

/**
 * Square under L2 (`square.py`, norm 'L2'): the start tiles the image with ⌊h/5⌋-sided windows of
 * {@link squareEta} bumps, each with a random sign per image and channel, scaled to ‖δ‖₂ = ε; a
 * query moves the perturbation of one window (side {@link squareSideL2}(p)) into a new bump of random
 * sign plus its old content, zeroes a second window, and rescales the pair so that the whole image
 * keeps at most ε (the reference's arithmetic, on the host in f64). Positions are shared by the batch,
 * signs are per image and channel.
 */
export class SquareL2 extends SquareAttack {
  readonly name = "square-l2";
  readonly norm: Norm = "l2";

  protected start(ctx: AttackContext, x0: Float32Array, eps: Float32Array, b: number, { c, h, w }: Layout): Float32Array {
    const d = c * h * w;
    const delta = new Float64Array(b * d);
    const s = Math.floor(h / 5);
    if (s < 1) throw new Error(`square-l2: needs images at least 5 rows high (has ${h})`);
    const sp = Math.floor((h - s * 5) / 2);
    for (let i = 0, vh = sp; i < Math.floor(h / s); i++, vh += s)
      for (let j = 0, vw = sp; j < Math.floor(w / s); j++, vw += s) {
        const eta = squareEta(s, ctx.rng.uniform() > 0.5);
        for (let r = 0; r < b; r++)
          for (let ch = 0; ch < c; ch++) {
            const sign = randomSign(ctx);
            for (let u = 0; u < s; u++) for (let v = 0; v < s; v++) if (vh + u < h && vw + v < w) delta[r * d + ch * h * w + (vh + u) * w + vw + v] += eta[u * s + v] * sign;
          }
      }
    const best = new Float32Array(b * d);
    for (let r = 0; r < b; r++) this.place(x0, delta, r, d, eps[r], best, r);
    return best;
  }

  protected propose(ctx: AttackContext, it: number, best: Float32Array, x0: Float32Array, eps: Float32Array, active: number[], { c, h, w }: Layout, out: Float32Array): void {
    const d = c * h * w;
    const s = squareSideL2(this.p(it), h, w);
    const [vh, vw, vh2, vw2] = [randomInt(ctx, h - s), randomInt(ctx, w - s), randomInt(ctx, h - s), randomInt(ctx, w - s)];
    const eta = squareEta(s, ctx.rng.uniform() > 0.5);
    const inWin = (row: number, col: number, a: number, bb: number) => row >= a && row < a + s && col >= bb && col < bb + s;
    const delta = new Float64Array(d);
    active.forEach((r, k) => {
      for (let j = 0; j < d; j++) delta[j] = best[r * d + j] - x0[r * d + j];
      let image = 0;
      for (const v of delta) image += v * v;
      const rest = Math.max(eps[r] * eps[r] - image, 0) / c;
      for (let ch = 0; ch < c; ch++) {
        const o = ch * h * w;
        const sign = randomSign(ctx);
        let win1 = 0;
        let both = 0;
        for (let row = 0; row < h; row++)
          for (let col = 0; col < w; col++) {
            const v = delta[o + row * w + col];
            const a1 = inWin(row, col, vh, vw);
            if (a1) win1 += v * v;
            if (a1 || inWin(row, col, vh2, vw2)) both += v * v;
          }
        const nw1 = Math.sqrt(win1);
        const fresh = new Float64Array(s * s);
        let n = 0;
        for (let u = 0; u < s; u++)
          for (let v = 0; v < s; v++) {
            fresh[u * s + v] = eta[u * s + v] * sign + delta[o + (vh + u) * w + vw + v] / (1e-12 + nw1);
            n += fresh[u * s + v] ** 2;
          }
        const scale = Math.sqrt(rest + both) / (1e-12 + Math.sqrt(n));
        for (let u = 0; u < s; u++) for (let v = 0; v < s; v++) delta[o + (vh2 + u) * w + vw2 + v] = 0;
        for (let u = 0; u < s; u++) for (let v = 0; v < s; v++) delta[o + (vh + u) * w + vw + v] = fresh[u * s + v] * scale;
      }
      this.place(x0, delta, 0, d, eps[r], out, k, r);
    });
  }

  /** out row `to` = clip₀¹(x₀ row `from` + ε·δ/(‖δ‖₂ + 1e-12)), δ row `dr` of `delta`. */
  private place(x0: Float32Array, delta: Float64Array, dr: number, d: number, eps: number, out: Float32Array, to: number, from = to): void {
    let n = 0;
    for (let j = 0; j < d; j++) n += delta[dr * d + j] ** 2;
    const k = eps / (Math.sqrt(n) + 1e-12);
    for (let j = 0; j < d; j++) out[to * d + j] = clip01(x0[from * d + j] + delta[dr * d + j] * k);
  }
}

const squareEntryOf = <const N extends string>(name: N, norm: Norm, label: string, make: (o: SquareOptions) => SquareAttack, part: string) =>
  defineAttack({
    name,
    title: name === "square" ? "Square" : `Square-${label}`,
    description: `Square attack, gradient-free random search under ${label} (Andriushchenko et al. 2020; AutoAttack's ${part})`,
    norm,
    schema: SquareSchema,
    make,
    // One forward pass per query (at most `queries`; images stop once broken), plus the start.
    cost: (o) => 0.5 * (o.queries + 1) * o.restarts,
    flags: { gradientBased: false, randomized: true },
  });

/** Registry entries of {@link SquareLinf} and {@link SquareL2}. */
export const squareEntry = squareEntryOf("square", "linf", "L∞", (o) => new SquareLinf(o), "fourth part");
export const squareL2Entry = squareEntryOf("square-l2", "l2", "L2", (o) => new SquareL2(o), "fourth part under L2");
