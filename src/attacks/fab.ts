import { z } from "zod";
import { tf } from "../tf.js";
import { FixedEpsilonAttack, type AttackContext, type Norm } from "./base.js";
import { defineAttack } from "./entry.js";
import { lossGradientEstimate, marginOf, meanLogits } from "./eot.js";
import { projectionL2, projectionLinf, ProjectionScratch } from "./fabProjections.js";
import { logitOrder } from "./loss.js";

const int = (min: number) => z.number().int().min(min);

/** Options of FAB-T (Croce & Hein 2020; `fra31/auto-attack` `fab_base.py`, AutoAttack's settings). */
export const FabSchema = z
  .object({
    iters: int(1).default(100).describe("Iterations per run (fab_pt.py n_iter = 100, AutoAttack's setting)."),
    restarts: int(1).default(1).describe("Runs per target class; runs after the first start at a random point at distance ε/2 (fab_base.py; AutoAttack's FAB-T: 1)."),
    targets: int(1).default(9).describe("Target classes: the runner-up classes of the clean logits, one run each (AutoAttack: n_target_classes = 9; at most C − 1)."),
    alphaMax: z.number().min(0).max(1).default(0.1).describe("α_max: the largest weight of the step projected from the original image (fab_base.py alpha_max = 0.1)."),
    eta: z.number().min(1).default(1.05).describe("η: overshoot of each projection onto the linearized boundary (fab_base.py eta = 1.05)."),
    beta: z.number().gt(0).lt(1).default(0.9).describe("β: after a success the iterate moves back to x + β(x_adv − x) (fab_base.py beta = 0.9)."),
  })
  .strict();

export type FabOptions = z.output<typeof FabSchema>;

/** Per-row norm of a − b for rows of length d. */
function dist(norm: Norm, a: ArrayLike<number>, b: ArrayLike<number>, off: number, d: number): number {
  let n = 0;
  for (let j = off; j < off + d; j++) {
    const v = a[j] - b[j];
    n = norm === "linf" ? Math.max(n, Math.abs(v)) : n + v * v;
  }
  return norm === "linf" ? n : Math.sqrt(n);
}

/**
 * FAB-T, the targeted Fast Adaptive Boundary attack (Croce & Hein, ICML 2020; AutoAttack's third
 * part, `fra31/auto-attack` `fab_base.py` + `fab_pt.py`): a minimal-norm attack. For each target t
 * among the `targets` runner-up classes of the clean logits, it linearises the boundary z_t = z_y at
 * the iterate x₁ (g = ∇(z_t − z_y), one backward pass), projects both x₁ and the original x₀ onto
 * that hyperplane within [0, 1]^D ({@link projectionLinf}/{@link projectionL2}: d₁, d₂), and steps
 *
 *   x₁ ← clip₀¹((x₁ + η d₁)(1 − α) + (x₀ + η d₂) α),  α = min(‖d₁‖/(‖d₁‖ + ‖d₂‖), α_max);
 *
 * each time x₁ is misclassified it is kept if it is the closest adversarial so far and pulled back to
 * x₀ + β(x₁ − x₀). Targets and restarts run only on the images no earlier run broke within ε. An image
 * counts as broken at budget ε when the closest adversarial found has norm ≤ ε; that point is
 * returned, otherwise the clean image (as the reference). Misclassified means the margin, averaged
 * over EOT samples on a stochastic model, is positive; targets come from the clean logits averaged
 * over the samples. The projections run on the host in f64 (the reference's are f32 tensor ops).
 */
export class FabTargeted extends FixedEpsilonAttack {
  readonly gradientBased = true;

  constructor(
    readonly name: string,
    readonly norm: Norm,
    readonly options: FabOptions,
  ) {
    super();
  }

  get randomized(): boolean {
    return this.options.restarts > 1;
  }

  settings(): Record<string, number | string | boolean> {
    // What it linearises, in place of the evaluation's loss (which it does not use).
    return { ...this.options, loss: "logit-difference" };
  }

  protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    const [b, d] = x.shape;
    const c = ctx.model.classes;
    if (c < 2) throw new Error(`${this.name}: needs at least 2 classes (the model has ${c})`);
    const xs = x.dataSync() as Float32Array;
    const ys = y.dataSync() as Int32Array;
    const es = eps.dataSync() as Float32Array;
    const z = meanLogits(ctx.model, x, ctx);
    const order = logitOrder(z.dataSync(), b, c);
    z.dispose();
    const out = Float32Array.from(xs);
    const broken = new Uint8Array(b);
    for (let t = 1; t <= Math.min(this.options.targets, c - 1); t++) {
      for (let r = 0; r < this.options.restarts; r++) {
        const idx = Array.from({ length: b }, (_, i) => i).filter((i) => !broken[i]);
        if (idx.length === 0) break;
        const x0 = new Float32Array(idx.length * d);
        idx.forEach((i, k) => x0.set(xs.subarray(i * d, (i + 1) * d), k * d));
        const { adv, norms } = this.singleRun(
          ctx,
          x0,
          Int32Array.from(idx, (i) => ys[i]),
          Int32Array.from(idx, (i) => order[i * c + t]),
          Float32Array.from(idx, (i) => es[i]),
          r > 0,
        );
        idx.forEach((i, k) => {
          if (norms[k] <= es[i]) {
            out.set(adv.subarray(k * d, (k + 1) * d), i * d);
            broken[i] = 1;
          }
        });
      }
    }
    return tf.tensor2d(out, [b, d]);
  }

  /**
   * One run (`attack_single_run`, targeted): the closest adversarial found per row and its norm
   * (+∞ where none was found; images already misclassified at x₀ keep x₀, norm 0).
   */
  private singleRun(ctx: AttackContext, x0: Float32Array, ys: Int32Array, targets: Int32Array, eps: Float32Array, randomStart: boolean) {
    const { iters, beta } = this.options;
    const b = ys.length;
    const d = x0.length / b;
    const yT = tf.tensor1d(ys, "int32");
    const norms = new Float64Array(b).fill(Infinity);
    const adv = Float32Array.from(x0);
    const x1 = Float32Array.from(x0);
    if (randomStart) this.randomStart(ctx, x1, x0, eps, b, d);
    // Only images classified correctly at x₀ are attacked (the reference's `pred`).
    const correct = this.correct(ctx, x0, yT, b, d);
    // z_t − z_y per row, for the rows `tg` targets belong to.
    const lossFor = (tg: Int32Array) => (zz: tf.Tensor2D, yy: tf.Tensor1D) => {
      const [bb, c] = zz.shape;
      const m = new Float32Array(bb * c);
      const yd = yy.dataSync();
      for (let r = 0; r < bb; r++) (m[r * c + tg[r]] += 1), (m[r * c + yd[r]] -= 1);
      return tf.tidy(() => tf.sum(tf.mul(zz, tf.tensor2d(m, [bb, c])), 1) as tf.Tensor1D);
    };
    const g = new Float32Array(b * d);
    const df = new Float32Array(b);
    const all = Array.from({ length: b }, (_, r) => r);
    /** The gradient of z_t − z_y and its value at x₁ for `rows` (into g, df); returns their margins. */
    const gradientAt = (rows: number[]): Float32Array => {
      const xs = new Float32Array(rows.length * d);
      rows.forEach((r, k) => xs.set(x1.subarray(r * d, (r + 1) * d), k * d));
      const [xt, yt] = [tf.tensor2d(xs, [rows.length, d]), tf.tensor1d(Int32Array.from(rows, (r) => ys[r]), "int32")];
      const e = lossGradientEstimate(ctx.model, xt, yt, ctx, lossFor(Int32Array.from(rows, (r) => targets[r])));
      const [gd, ld, md] = [e.grad.dataSync() as Float32Array, e.loss.dataSync(), Float32Array.from(e.margin.dataSync())];
      tf.dispose([xt, yt, e.grad, e.loss, e.margin]);
      rows.forEach((r, k) => {
        g.set(gd.subarray(k * d, (k + 1) * d), r * d);
        df[r] = ld[k];
      });
      return md;
    };
    const step = { scratch: new ProjectionScratch(d), d1: new Float64Array(d), d2: new Float64Array(d), project: this.norm === "linf" ? projectionLinf : projectionL2 };
    try {
      gradientAt(all);
      for (let it = 0; it < iters; it++) {
        for (let r = 0; r < b; r++) if (correct[r]) this.stepRow(x1.subarray(r * d, (r + 1) * d), x0.subarray(r * d, (r + 1) * d), g.subarray(r * d, (r + 1) * d), df[r], step);
        // The reference checks x₁ with a forward pass and takes the next gradient at x₁ (pulled back
        // where adversarial) with another; one gradient pass here gives both where x₁ stays, and only
        // the pulled-back rows need a second. The same points, fewer passes.
        const last = it === iters - 1;
        const md = last ? this.margins(ctx, x1, yT, b, d) : gradientAt(all);
        const moved: number[] = [];
        for (let r = 0; r < b; r++) {
          if (!correct[r] || !(md[r] > 0)) continue;
          const o = r * d;
          const n = dist(this.norm, x1, x0, o, d);
          if (n < norms[r]) {
            adv.set(x1.subarray(o, o + d), o);
            norms[r] = n;
          }
          for (let j = o; j < o + d; j++) x1[j] = x0[j] + (x1[j] - x0[j]) * beta;
          moved.push(r);
        }
        if (!last && moved.length) gradientAt(moved);
      }
    } finally {
      yT.dispose();
    }
    for (let r = 0; r < b; r++) if (!correct[r]) norms[r] = 0;
    return { adv, norms };
  }

  /**
   * One step of a row (fab_base.py): x₁ and x₀ projected onto the linearized boundary z_t − z_y = 0 at x₁
   * (w·z = w·x₁ − (z_t − z_y), w its gradient, `df` its value), the two mixed by α = min(‖δ₁‖/(‖δ₁‖ + ‖δ₀‖), α_max),
   * each overshot by η, clipped to [0, 1], into x₁.
   */
  private stepRow(x1: Float32Array, x0: Float32Array, w: Float32Array, df: number, s: { scratch: ProjectionScratch; d1: Float64Array; d2: Float64Array; project: typeof projectionLinf }): void {
    const { alphaMax, eta } = this.options;
    const { d1, d2 } = s;
    let wx = 0;
    for (let j = 0; j < w.length; j++) wx += w[j] * x1[j];
    const hb = wx - df;
    s.project(x1, w, hb, d1, s.scratch);
    s.project(x0, w, hb, d2, s.scratch);
    const a1 = Math.max(this.normOf(d1), 1e-8);
    const a2 = Math.max(this.normOf(d2), 1e-8);
    const alpha = Math.min(Math.max(a1 / (a1 + a2), 0), alphaMax);
    for (let j = 0; j < w.length; j++) {
      const v = (x1[j] + eta * d1[j]) * (1 - alpha) + (x0[j] + d2[j] * eta) * alpha;
      x1[j] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }

  private normOf(v: Float64Array): number {
    let n = 0;
    for (const a of v) n = this.norm === "linf" ? Math.max(n, Math.abs(a)) : n + a * a;
    return this.norm === "linf" ? n : Math.sqrt(n);
  }

  /** Correctly classified rows of x₀ (margin ≤ 0). */
  private correct(ctx: AttackContext, x0: Float32Array, y: tf.Tensor1D, b: number, d: number): Uint8Array {
    return Uint8Array.from(this.margins(ctx, x0, y, b, d), (v) => (v > 0 ? 0 : 1));
  }

  /** Margins max_{j≠y} z_j − z_y of rows x [b·D], one forward pass (per EOT sample). */
  private margins(ctx: AttackContext, x: Float32Array, y: tf.Tensor1D, b: number, d: number): Float32Array {
    const xt = tf.tensor2d(x, [b, d]);
    const m = marginOf(ctx.model, xt, y, ctx);
    const out = Float32Array.from(m.dataSync());
    tf.dispose([xt, m]);
    return out;
  }

  /** x₁ = clip₀¹(x₀ + (ε/2)·u/‖u‖), u ~ U(−1, 1)^D (L∞) or N(0, I) (L2) (`fab_base.py` `use_rand_start`). */
  private randomStart(ctx: AttackContext, x1: Float32Array, x0: Float32Array, eps: Float32Array, b: number, d: number): void {
    for (let r = 0; r < b; r++) {
      const u = this.norm === "linf" ? ctx.rng.fillUniform(new Float64Array(d), -1, 1) : ctx.rng.fillNormal(new Float64Array(d));
      let n = 0;
      for (const v of u) n = this.norm === "linf" ? Math.max(n, Math.abs(v)) : n + v * v;
      n = this.norm === "linf" ? n : Math.sqrt(n);
      for (let j = 0; j < d; j++) {
        const v = x0[r * d + j] + (eps[r] * u[j]) / n / 2;
        x1[r * d + j] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
  }
}

const fabEntry = <const N extends string>(name: N, norm: Norm, title: string) =>
  defineAttack({
    name,
    title,
    description: `targeted Fast Adaptive Boundary attack, minimal ${norm === "linf" ? "L∞" : "L2"} norm over the runner-up classes (Croce & Hein 2020; AutoAttack's third part)`,
    norm,
    schema: FabSchema,
    make: (o) => new FabTargeted(name, norm, o),
    // Per target and restart: about one gradient pass per iteration (two where x₁ is pulled back), and the clean check.
    cost: (o, classes) => Math.min(o.targets, Math.max(classes - 1, 1)) * o.restarts * (o.iters + 1),
    flags: { gradientBased: true, randomized: false, minimalNorm: true },
  });

/** Registry entries: FAB-T under L∞ and L2. */
export const fabTEntry = fabEntry("fab-t", "linf", "FAB-T");
export const fabTL2Entry = fabEntry("fab-t-l2", "l2", "FAB-T-L2");
