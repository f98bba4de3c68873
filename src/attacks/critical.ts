import { tf } from "../tf.js";
import { rowNorms, type AttackContext, type FixedEpsilonAttack } from "./base.js";
import { correctness } from "./eot.js";

/** How the smallest flipping ε is searched. */
export interface CriticalOptions {
  /**
   * `bisection`: check ε = max, then halve [lo, hi] `iters` times (resolution max/2^iters);
   * `grid`: the first ε of the sorted `grid` that flips the image, every grid point attacked from the
   * clean image (Holzhausen et al.'s scan); `grid-bisection`: the same first flipping grid point found
   * by bisection over the grid's indices (⌈log₂ n⌉ + 1 probes instead of up to n; equal to the scan
   * whenever flipping is monotone in ε, the scaled-down variant of the scan).
   */
  method: "bisection" | "grid" | "grid-bisection";
  /** Upper end of the search (bisection). */
  max: number;
  /** Bisection halvings. Default 10. */
  iters: number;
  /** Candidate ε (grid). */
  grid: readonly number[];
}

/** Per-image result of {@link criticalPerturbation}. NaN where no ε up to max (or the grid's last) flips the image. */
export interface CriticalResult {
  /** Smallest flipping ε found, in the attack's norm [B]. 0 for images already misclassified. */
  eps: Float64Array;
  /** ‖x_adv − x‖₂ of the flipping perturbation found at that ε [B] (Holzhausen et al. 2024). */
  l2: Float64Array;
}

/**
 * The critical perturbation of each image: the smallest budget ε at which `attack` flips its
 * prediction (correctness < ½, i.e. misclassified by the majority of noise samples on a stochastic
 * model), by grid or bisection, with the L2 norm of the perturbation that does it. All images of the
 * batch are searched together with one ε per image.
 * @param x [B, D]; y [B] labels. Intended for initially correct images.
 */
export function criticalPerturbation(
  attack: FixedEpsilonAttack,
  ctx: AttackContext,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  o: CriticalOptions,
): CriticalResult {
  const b = x.shape[0];
  const eps = new Float64Array(b).fill(NaN);
  const l2 = new Float64Array(b).fill(NaN);
  /** Runs the attack at per-image budgets; returns flipped flags and perturbation L2 norms. */
  const probe = (e: Float64Array): { flipped: boolean[]; norms: Float32Array } => {
    const xa = attack.attack(ctx, x, y, e);
    const [c, n] = tf.tidy(() => [correctness(ctx.model, xa, y, ctx), rowNorms("l2", tf.sub(xa, x))]);
    const cd = c.dataSync();
    const nd = n.dataSync() as Float32Array;
    tf.dispose([xa, c, n]);
    return { flipped: Array.from(cd, (v) => v < 0.5), norms: nd };
  };
  const clean = probe(new Float64Array(b));
  for (let i = 0; i < b; i++) if (clean.flipped[i]) (eps[i] = 0), (l2[i] = 0);
  const open = (i: number) => !clean.flipped[i];

  if (o.method === "grid-bisection") {
    const grid = [...o.grid].filter((g) => g > 0).sort((a, c) => a - c);
    if (!grid.length) return { eps, l2 };
    // Per image: index lo flips not (−1 = the clean image), hi flips; the first flipping index is in (lo, hi].
    const top = probe(Float64Array.from({ length: b }, (_, i) => (open(i) ? grid[grid.length - 1] : 0)));
    const lo = new Int32Array(b).fill(-1);
    const hi = new Int32Array(b).fill(grid.length - 1);
    const live = Array.from({ length: b }, (_, i) => open(i) && top.flipped[i]);
    for (let i = 0; i < b; i++) if (live[i]) (eps[i] = grid[grid.length - 1]), (l2[i] = top.norms[i]);
    while (live.some((l, i) => l && hi[i] - lo[i] > 1)) {
      const mid = Int32Array.from(lo, (l, i) => (live[i] && hi[i] - l > 1 ? (l + hi[i]) >> 1 : -1));
      const r = probe(Float64Array.from(mid, (m) => (m >= 0 ? grid[m] : 0)));
      for (let i = 0; i < b; i++) {
        if (mid[i] < 0) continue;
        if (r.flipped[i]) (hi[i] = mid[i]), (eps[i] = grid[mid[i]]), (l2[i] = r.norms[i]);
        else lo[i] = mid[i];
      }
    }
    return { eps, l2 };
  }

  if (o.method === "grid") {
    const grid = [...o.grid].filter((g) => g > 0).sort((a, c) => a - c);
    for (const g of grid) {
      const todo = Array.from({ length: b }, (_, i) => open(i) && Number.isNaN(eps[i]));
      if (!todo.some(Boolean)) break;
      const r = probe(Float64Array.from(todo, (t) => (t ? g : 0)));
      for (let i = 0; i < b; i++) if (todo[i] && r.flipped[i]) (eps[i] = g), (l2[i] = r.norms[i]);
    }
    return { eps, l2 };
  }

  const lo = new Float64Array(b);
  const hi = new Float64Array(b).fill(o.max);
  const top = probe(Float64Array.from(hi, (h, i) => (open(i) ? h : 0)));
  const live = Array.from({ length: b }, (_, i) => open(i) && top.flipped[i]);
  for (let i = 0; i < b; i++) if (live[i]) (eps[i] = o.max), (l2[i] = top.norms[i]);
  if (!live.some(Boolean)) return { eps, l2 };
  for (let it = 0; it < o.iters; it++) {
    const mid = Float64Array.from(lo, (l, i) => (live[i] ? (l + hi[i]) / 2 : 0));
    const r = probe(mid);
    for (let i = 0; i < b; i++) {
      if (!live[i]) continue;
      if (r.flipped[i]) (hi[i] = mid[i]), (eps[i] = mid[i]), (l2[i] = r.norms[i]);
      else lo[i] = mid[i];
    }
  }
  return { eps, l2 };
}

/** Median of the flipped images only (NaN = never flipped dropped, as Holzhausen et al.'s figures do); null when none flipped. */
export function medianFlipped(v: ArrayLike<number>): number | null {
  const a = Array.from(v).filter((x) => !Number.isNaN(x)).sort((p, q) => p - q);
  if (a.length === 0) return null;
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}

/**
 * numpy's `logspace(a, b, n)`: n values 10^(a + (b − a)·i/(n − 1)) (Holzhausen et al.'s critical
 * grids, e.g. `logspace(-6, -1.5, 400)`).
 */
export function logspace(a: number, b: number, n: number): number[] {
  if (!(Number.isInteger(n) && n >= 2)) throw new Error(`logspace: n must be an integer ≥ 2, got ${n}`);
  return Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)));
}

/** A critical grid as configured: explicit values, or `{ logspace: [a, b, n] }`. */
export type GridSpec = number[] | { logspace: [number, number, number] };

/** The ε values of a grid spec. */
export function gridValues(g: GridSpec): number[] {
  return Array.isArray(g) ? g : logspace(g.logspace[0], g.logspace[1], g.logspace[2]);
}

/** Median of the finite-or-infinite values (NaN = never flipped counts as +∞); null if the median is +∞ or there are none. */
export function medianFlip(v: ArrayLike<number>): number | null {
  const a = Array.from(v, (x) => (Number.isNaN(x) ? Infinity : x)).sort((p, q) => p - q);
  if (a.length === 0) return null;
  const m = a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  return Number.isFinite(m) ? m : null;
}
