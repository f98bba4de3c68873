import { z } from "zod";
import { tf } from "../tf.js";
import { FixedEpsilonAttack, project, signExact, unitL2, type AttackContext, type Norm } from "./base.js";
import { defineAttack } from "./entry.js";
import { lossGradientEstimate, meanLogits } from "./eot.js";
import { attackLoss, dlrLoss, logitOrder, targetedDlrLoss, type PerImageLoss } from "./loss.js";

const int = (min: number) => z.number().int().min(min);

/** Options of APGD-CE and APGD-DLR (Croce & Hein 2020; `fra31/auto-attack`, `autopgd_base.py`). */
export const ApgdSchema = z
  .object({
    iters: int(1).default(100).describe("Iterations N per run (autopgd_base.py n_iter = 100, AutoAttack's setting)."),
    restarts: int(1).default(1).describe("Runs from random starts, each on the images still correctly classified (AutoAttack standard: 1)."),
    rho: z.number().gt(0).lt(1).default(0.75).describe("ρ: at a checkpoint the step halves when the loss rose in at most ρ·k of the last k steps (autopgd_base.py rho = .75)."),
    momentum: z.number().min(0).max(1).default(0.75).describe("α of x ← P(x + α(z − x) + (1 − α)(x − x_prev)), 1 at the first step (autopgd_base.py a = 0.75)."),
    initialStep: z.number().positive().default(2).describe("Initial step η = initialStep·ε (autopgd_base.py alpha = 2 for L∞ and L2)."),
  })
  .strict();

/** Options of APGD-T: APGD's and the number of target classes. */
export const ApgdTargetedSchema = ApgdSchema.extend({
  targets: int(1).default(9).describe("Target classes: the runner-up classes of the clean logits, one run each (autopgd_base.py n_target_classes = 9; at most C − 1)."),
}).strict();

export type ApgdOptions = z.output<typeof ApgdTargetedSchema>;

/** The loss an APGD variant ascends. */
export type ApgdLoss = "ce" | "dlr" | "dlr-targeted";

/**
 * APGD's checkpoints for N iterations (`autopgd_base.py`: n_iter_2 = max(⌊0.22N⌋, 1), then windows
 * shrinking by max(⌊0.03N⌋, 1) down to max(⌊0.06N⌋, 1)), as iteration counts: the check runs after
 * that many steps (0-based loop index count − 1). N = 100 → 22, 41, 57, 70, 80, 87, 93, 99, the
 * paper's w_j = ⌈p_j N⌉ with p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06).
 */
export function apgdCheckpoints(n: number): number[] {
  const first = Math.max(Math.floor(0.22 * n), 1);
  const min = Math.max(Math.floor(0.06 * n), 1);
  const shrink = Math.max(Math.floor(0.03 * n), 1);
  const out: number[] = [];
  for (let at = first, k = first; at <= n; k = Math.max(k - shrink, min), at += k) out.push(at);
  return out;
}

/**
 * APGD's step-size rule at one checkpoint, per image (`autopgd_base.py` `check_oscillation` and the
 * `counter3 == k` block): halve the step and restart from the best point when the loss rose in at
 * most ρ·k of the last k steps, or when the step was not halved at the previous checkpoint and the
 * best loss has not improved since.
 *
 * `losses(j)` is the loss after step j (0-based, j ≤ i); the window compares losses(i − c) with
 * losses(i − c − 1) for c < k. At the first checkpoint that reaches j = −1, which the caller must
 * read as the reference does: Python's `loss_steps[-1]`, the last row of a zero-filled buffer, not
 * yet written unless N = 1.
 * @returns whether to halve the step and restart from the best point
 */
export function apgdShouldHalve(
  losses: (j: number) => number,
  i: number,
  k: number,
  rho: number,
  bestNow: number,
  bestAtLastCheck: number,
  halvedAtLastCheck: boolean,
): boolean {
  let rises = 0;
  for (let c = 0; c < k; c++) if (losses(i - c) > losses(i - c - 1)) rises++;
  return rises <= k * rho || (!halvedAtLastCheck && bestAtLastCheck >= bestNow);
}

/**
 * APGD's step sizes of a batch over one run (`autopgd_base.py`'s bookkeeping around
 * {@link apgdShouldHalve}): per image the best loss so far, the loss after every step, and η, which
 * halves at a checkpoint when progress stalls. The attack feeds it each step's losses; tests feed
 * it synthetic ones.
 */
export class ApgdSchedule {
  /** η per image; starts at `eta0` and halves at checkpoints. */
  readonly eta: Float32Array;
  /** The highest loss so far per image (the start point's at first). */
  readonly best: Float32Array;
  private readonly steps: Float32Array;
  private readonly checkpoints: number[];
  private next = 0;
  private bestAtLastCheck: Float32Array;
  private halvedAtLastCheck: Uint8Array;

  /**
   * @param n iterations N; rho ρ; eta0 [b] initial steps; loss0 [b] losses at the start point
   */
  constructor(
    readonly b: number,
    readonly n: number,
    readonly rho: number,
    eta0: ArrayLike<number>,
    loss0: ArrayLike<number>,
  ) {
    this.eta = Float32Array.from(eta0);
    this.best = Float32Array.from(loss0);
    // Rows not yet written read 0, as the reference's zero-filled `loss_steps`.
    this.steps = new Float32Array(n * b);
    this.checkpoints = apgdCheckpoints(n);
    this.bestAtLastCheck = Float32Array.from(loss0);
    // The reference starts `reduced_last_check` at ones: no "no improvement" halving at the first checkpoint.
    this.halvedAtLastCheck = new Uint8Array(b).fill(1);
  }

  /** Records the losses after step i (0-based); returns per image whether it beat its best (strictly). */
  observe(i: number, loss: ArrayLike<number>): Uint8Array {
    const { b } = this;
    const improved = new Uint8Array(b);
    for (let r = 0; r < b; r++) {
      this.steps[i * b + r] = loss[r];
      if (loss[r] > this.best[r]) {
        this.best[r] = loss[r];
        improved[r] = 1;
      }
    }
    return improved;
  }

  /**
   * After step i: at a checkpoint, per image whether η halved (and the iterate must restart from the
   * best point); null between checkpoints.
   */
  checkpoint(i: number): Uint8Array | null {
    if (i + 1 !== this.checkpoints[this.next]) return null;
    const window = this.checkpoints[this.next] - (this.next > 0 ? this.checkpoints[this.next - 1] : 0);
    this.next++;
    const { b, n, steps } = this;
    // Python indexing: step −1 is the buffer's last row.
    const lossAt = (r: number) => (j: number) => steps[(j < 0 ? j + n : j) * b + r];
    const halve = Uint8Array.from({ length: b }, (_, r) =>
      apgdShouldHalve(lossAt(r), i, window, this.rho, this.best[r], this.bestAtLastCheck[r], this.halvedAtLastCheck[r] === 1) ? 1 : 0,
    );
    for (let r = 0; r < b; r++) if (halve[r]) this.eta[r] /= 2;
    this.halvedAtLastCheck = halve;
    this.bestAtLastCheck = Float32Array.from(this.best);
    return halve;
  }
}

/** What one APGD run leaves per image, as host arrays. */
interface RunResult {
  /** The last misclassified iterate, or the start point [b·D]. */
  xAdv: Float32Array;
  /** Still correctly classified at every iterate. */
  correct: Uint8Array;
  /** The highest-loss iterate [b·D] and the margin max_{j≠y} z_j − z_y there. */
  xBest: Float32Array;
  marginAtBest: Float32Array;
}

/**
 * Auto-PGD (Croce & Hein, ICML 2020, Algorithm 1; the reference `APGDAttack`/`APGDAttack_targeted` of
 * `fra31/auto-attack`): projected gradient ascent with momentum 0.75 (1 at the first step) and a step
 * that starts at 2ε and halves at the checkpoints of {@link apgdCheckpoints} when progress stalls
 * ({@link apgdShouldHalve}), the iterate then restarting from the best point. Random start on the
 * boundary of the ball (L∞: U(−1, 1)^D scaled to max norm ε; L2: a Gaussian direction of norm ε),
 * clipped to [0, 1]. Losses: cross-entropy, DLR, or targeted DLR over the `targets` runner-up classes
 * of the clean logits (APGD-T), one run each. Restarts and targets run only on the images no earlier
 * run misclassified. Per image it returns a misclassified iterate when one was found (the last one,
 * as the reference), else the highest-loss iterate over all runs (by margin across runs).
 *
 * Differences forced or chosen here, none changing what is found on a deterministic model:
 * - the reference returns the clean image where it fails; this returns the strongest point, so a
 *   stochastic model's expected accuracy is measured there;
 * - on a stochastic model an iterate counts as misclassified when its margin averaged over the EOT
 *   samples is positive (the reference reads the last sample's prediction), and APGD-T's targets come
 *   from the clean logits averaged over the samples;
 * - sign(∇) is {@link signExact} (tfjs-wasm's Sign is 0 below 1.2e-7) and the L2 direction is
 *   {@link unitL2} (exact for gradients of 1e-20, where ∇/(‖∇‖ + 1e-12) is not);
 * - the CE loss is hebblab's `attackLoss(·, "ce")`, the same function in a more precise form.
 */
export class Apgd extends FixedEpsilonAttack {
  readonly gradientBased = true;
  readonly randomized = true;

  constructor(
    readonly name: string,
    readonly norm: Norm,
    readonly loss: ApgdLoss,
    readonly options: ApgdOptions,
  ) {
    super();
  }

  settings(): Record<string, number | string | boolean> {
    const { targets, ...rest } = this.options;
    return { ...rest, ...(this.loss === "dlr-targeted" ? { targets } : {}), loss: this.loss, checkpoints: apgdCheckpoints(this.options.iters).join(",") };
  }

  protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    const [b, d] = x.shape;
    const c = ctx.model.classes;
    const xs = x.dataSync() as Float32Array;
    const ys = y.dataSync() as Int32Array;
    const es = eps.dataSync() as Float32Array;
    const out = Float32Array.from(xs);
    const fooled = new Uint8Array(b);
    const bestMargin = new Float32Array(b).fill(-Infinity);
    const runs: { target: number }[] = [];
    let order: Int32Array | null = null;
    if (this.loss === "dlr-targeted") {
      if (c < 4) throw new Error(`${this.name}: the targeted DLR loss needs at least 4 classes (the model has ${c})`);
      const z = meanLogits(ctx.model, x, ctx);
      order = logitOrder(z.dataSync(), b, c);
      z.dispose();
      for (let t = 0; t < Math.min(this.options.targets, c - 1); t++) for (let r = 0; r < this.options.restarts; r++) runs.push({ target: t + 1 });
    } else for (let r = 0; r < this.options.restarts; r++) runs.push({ target: 0 });
    if (this.loss === "dlr" && c < 3) throw new Error(`${this.name}: the DLR loss needs at least 3 classes (the model has ${c})`);

    for (const { target } of runs) {
      const idx = Array.from({ length: b }, (_, i) => i).filter((i) => !fooled[i]);
      if (idx.length === 0) break;
      const targets = order ? Int32Array.from(idx, (i) => order![i * c + target]) : null;
      const lossFn: PerImageLoss = this.loss === "ce" ? (zz, yy) => attackLoss(zz, yy, "ce") : this.loss === "dlr" ? dlrLoss : (zz, yy) => targetedDlrLoss(zz, yy, targets!);
      const xi = tf.tensor2d(gatherRows(xs, idx, d), [idx.length, d]);
      const yi = tf.tensor1d(Int32Array.from(idx, (i) => ys[i]), "int32");
      let r: RunResult;
      try {
        r = this.singleRun(ctx, xi, yi, Float32Array.from(idx, (i) => es[i]), lossFn);
      } finally {
        tf.dispose([xi, yi]);
      }
      idx.forEach((i, k) => {
        const row = (a: Float32Array) => a.subarray(k * d, (k + 1) * d);
        if (!r.correct[k]) {
          out.set(row(r.xAdv), i * d);
          fooled[i] = 1;
        } else if (r.marginAtBest[k] > bestMargin[i]) {
          out.set(row(r.xBest), i * d);
          bestMargin[i] = r.marginAtBest[k];
        }
      });
    }
    return tf.tensor2d(out, [b, d]);
  }

  /** One APGD run on all rows of x (`attack_single_run`). */
  private singleRun(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: Float32Array, lossFn: PerImageLoss): RunResult {
    const { iters: n, rho, momentum, initialStep } = this.options;
    const [b, d] = x.shape;
    const epsCol = tf.tensor2d(eps, [b, 1]);
    const proj = (v: tf.Tensor2D) => project(this.norm, x, v, epsCol);
    let xAdv = tf.tidy(() => tf.clipByValue(tf.add(x, tf.mul(this.startDirection(ctx, b, d), epsCol)), 0, 1) as tf.Tensor2D);
    let xOld = xAdv.clone();
    const first = lossGradientEstimate(ctx.model, xAdv, y, ctx, lossFn);
    let grad = first.grad;
    const row = (a: Float32Array, r: number) => a.subarray(r * d, (r + 1) * d);
    const xBest = Float32Array.from(xAdv.dataSync() as Float32Array);
    const xBestAdv = Float32Array.from(xBest);
    const gradBest = Float32Array.from(grad.dataSync() as Float32Array);
    const marginAtBest = Float32Array.from(first.margin.dataSync() as Float32Array);
    const correct = Uint8Array.from(marginAtBest, (m) => (m > 0 ? 0 : 1));
    const schedule = new ApgdSchedule(b, n, rho, Float32Array.from(eps, (e) => initialStep * e), first.loss.dataSync());
    let etaCol = tf.tensor2d(schedule.eta, [b, 1]);
    tf.dispose([first.loss, first.margin]);

    for (let i = 0; i < n; i++) {
      const a = i > 0 ? momentum : 1;
      const [next, moved] = tf.tidy(() => {
        const dir = this.norm === "linf" ? signExact(grad) : unitL2(grad);
        const z = proj(tf.add(xAdv, tf.mul(dir, etaCol)) as tf.Tensor2D);
        const v = tf.add(tf.add(xAdv, tf.mul(tf.sub(z, xAdv), a)), tf.mul(tf.sub(xAdv, xOld), 1 - a)) as tf.Tensor2D;
        return [proj(v), xAdv.clone()];
      });
      tf.dispose([xOld, grad, xAdv]);
      xOld = moved;
      xAdv = next;
      const e = lossGradientEstimate(ctx.model, xAdv, y, ctx, lossFn);
      grad = e.grad;
      const margin = e.margin.dataSync() as Float32Array;
      const improved = schedule.observe(i, e.loss.dataSync());
      tf.dispose([e.loss, e.margin]);
      const xNow = xAdv.dataSync() as Float32Array;
      const gNow = improved.some((v) => v) ? (grad.dataSync() as Float32Array) : null;
      for (let r = 0; r < b; r++) {
        if (margin[r] > 0) {
          correct[r] = 0;
          xBestAdv.set(row(xNow, r), r * d);
        }
        if (improved[r]) {
          xBest.set(row(xNow, r), r * d);
          gradBest.set(row(gNow!, r), r * d);
          marginAtBest[r] = margin[r];
        }
      }
      const halve = schedule.checkpoint(i);
      if (!halve?.some((h) => h)) continue;
      // Restart the halved images from their best point, with the gradient there.
      const xData = Float32Array.from(xNow);
      const gData = Float32Array.from(gNow ?? (grad.dataSync() as Float32Array));
      for (let r = 0; r < b; r++) {
        if (!halve[r]) continue;
        xData.set(row(xBest, r), r * d);
        gData.set(row(gradBest, r), r * d);
      }
      tf.dispose([xAdv, grad, etaCol]);
      xAdv = tf.tensor2d(xData, [b, d]);
      grad = tf.tensor2d(gData, [b, d]);
      etaCol = tf.tensor2d(schedule.eta, [b, 1]);
    }
    tf.dispose([xAdv, xOld, grad, epsCol, etaCol]);
    return { xAdv: xBestAdv, correct, xBest, marginAtBest };
  }

  /** The random start's direction of unit norm, per row (`autopgd_base.py`: L∞ U(−1, 1)^D / max|·|; L2 N(0, I) / ‖·‖₂). */
  private startDirection(ctx: AttackContext, b: number, d: number): tf.Tensor2D {
    const t = this.norm === "linf" ? ctx.rng.fillUniform(new Float32Array(b * d), -1, 1) : ctx.rng.fillNormal(new Float32Array(b * d));
    for (let r = 0; r < b; r++) {
      const row = t.subarray(r * d, (r + 1) * d);
      let n = 0;
      for (const v of row) n = this.norm === "linf" ? Math.max(n, Math.abs(v)) : n + v * v;
      const s = 1 / ((this.norm === "linf" ? n : Math.sqrt(n)) + 1e-12);
      for (let j = 0; j < d; j++) row[j] *= s;
    }
    return tf.tensor2d(t, [b, d]);
  }
}

/** Rows idx of a row-major [·, w] array. */
function gatherRows(src: Float32Array, idx: readonly number[], w: number): Float32Array {
  const o = new Float32Array(idx.length * w);
  idx.forEach((i, k) => o.set(src.subarray(i * w, (i + 1) * w), k * w));
  return o;
}

/** Gradient passes per image of APGD: one per iteration plus the start, per run. */
const apgdCost = (o: { iters: number; restarts: number }) => (o.iters + 1) * o.restarts;

const apgdEntry = <const N extends string>(name: N, norm: Norm, loss: "ce" | "dlr", title: string, what: string) =>
  defineAttack({
    name,
    title,
    description: `Auto-PGD on the ${what} loss under ${norm === "linf" ? "L∞" : "L2"} (Croce & Hein 2020; AutoAttack's ${loss === "ce" ? "first part" : "rand version"})`,
    norm,
    schema: ApgdSchema,
    make: (o) => new Apgd(name, norm, loss, { ...o, targets: 9 }),
    cost: apgdCost,
    flags: { gradientBased: true, randomized: true, apgd: true },
  });

const apgdTargetedEntry = <const N extends string>(name: N, norm: Norm, title: string) =>
  defineAttack({
    name,
    title,
    description: `Auto-PGD on the targeted DLR loss over the runner-up classes under ${norm === "linf" ? "L∞" : "L2"} (Croce & Hein 2020; AutoAttack's second part)`,
    norm,
    schema: ApgdTargetedSchema,
    make: (o) => new Apgd(name, norm, "dlr-targeted", o),
    cost: (o, classes) => (apgdCost(o) + 0.5) * Math.min(o.targets, Math.max(classes - 1, 1)),
    flags: { gradientBased: true, randomized: true, apgd: true },
  });

/** Registry entries: APGD-CE, APGD-DLR and APGD-T, each under L∞ and L2. */
export const apgdCeEntry = apgdEntry("apgd-ce", "linf", "ce", "APGD-CE", "cross-entropy");
export const apgdDlrEntry = apgdEntry("apgd-dlr", "linf", "dlr", "APGD-DLR", "DLR");
export const apgdTEntry = apgdTargetedEntry("apgd-t", "linf", "APGD-T");
export const apgdCeL2Entry = apgdEntry("apgd-ce-l2", "l2", "ce", "APGD-CE-L2", "cross-entropy");
export const apgdDlrL2Entry = apgdEntry("apgd-dlr-l2", "l2", "dlr", "APGD-DLR-L2", "DLR");
export const apgdTL2Entry = apgdTargetedEntry("apgd-t-l2", "l2", "APGD-T-L2");
