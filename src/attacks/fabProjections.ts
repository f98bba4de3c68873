/**
 * The projections FAB steps with (Croce & Hein, ICML 2020, "Minimally distorted adversarial examples
 * with a fast adaptive boundary attack", §3.1; `fra31/auto-attack` `fab_projections.py`): the smallest
 * perturbation d, in L∞ or L2, that puts a point t of the box [0, 1]^D on the hyperplane w·z = b
 * while staying in the box,
 *
 *   d* = argmin ‖d‖ s.t. w·(t + d) = b, 0 ≤ t + d ≤ 1.
 *
 * After flipping the signs so that w·t ≥ b, each coordinate moves against w up to its bound, and the
 * change w·d reached at radius λ is −F(λ) with F(λ) = Σᵢ vᵢ·min(λ, βᵢ), increasing and piecewise
 * linear: L∞ vᵢ = |wᵢ|, βᵢ = the room to the bound, dᵢ = ∓min(λ, βᵢ); L2 (KKT: dᵢ = clip(−α·wᵢ))
 * vᵢ = wᵢ², βᵢ = room/|wᵢ|, dᵢ = ∓min(α|wᵢ|, room). The reference sorts the breakpoints and bisects
 * on their cumulative sums; {@link solveCapped} finds the same root of F(λ) = w·t − b by sorting
 * the breakpoints and bisecting on F evaluated directly (f64). When the hyperplane cannot be reached
 * inside the box, every coordinate goes to its bound, as in the reference.
 */

/**
 * The λ ≥ 0 with Σᵢ vᵢ·min(λ, βᵢ) = target (vᵢ ≥ 0, βᵢ ≥ 0): 0 for target ≤ 0, +∞ when
 * target ≥ Σ vᵢβᵢ (unreachable). `sorted` is scratch of length ≥ n.
 */
export function solveCapped(v: Float64Array, beta: Float64Array, n: number, target: number, sorted: Float64Array): number {
  if (!(target > 0)) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += v[i] * beta[i];
  if (target >= total) return Infinity;
  const s = sorted.subarray(0, n);
  s.set(beta.subarray(0, n));
  s.sort();
  const F = (lam: number) => {
    let f = 0;
    for (let i = 0; i < n; i++) f += v[i] * (beta[i] < lam ? beta[i] : lam);
    return f;
  };
  // F(s[lo]) ≤ target < F(s[hi]), with s[−1] read as 0.
  let lo = -1;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (F(s[mid]) <= target) lo = mid;
    else hi = mid;
  }
  const at = lo < 0 ? 0 : s[lo];
  let slope = 0;
  for (let i = 0; i < n; i++) if (beta[i] > at) slope += v[i];
  return at + (target - F(at)) / slope;
}

/** Scratch arrays for rows of D values, reused across calls. */
export class ProjectionScratch {
  readonly v: Float64Array;
  readonly beta: Float64Array;
  readonly sorted: Float64Array;
  constructor(readonly d: number) {
    this.v = new Float64Array(d);
    this.beta = new Float64Array(d);
    this.sorted = new Float64Array(d);
  }
}

/**
 * The L∞ projection of `fab_projections.py` `projection_linf` for one row: d [D] with
 * w·(t + d) = b, t + d ∈ [0, 1]^D and ‖d‖∞ smallest (coordinates with wᵢ = 0 stay).
 * @param t, w [D]; out [D] receives d
 */
export function projectionLinf(t: ArrayLike<number>, w: ArrayLike<number>, b: number, out: Float64Array, s: ProjectionScratch): void {
  const d = s.d;
  let wt = 0;
  for (let i = 0; i < d; i++) wt += w[i] * t[i];
  const sign = wt - b >= 0 ? 1 : -1;
  for (let i = 0; i < d; i++) {
    s.v[i] = Math.abs(w[i]);
    // Room towards the bound that lowers sign·w·z: 1 − t where sign·w < 0, else t.
    s.beta[i] = sign * w[i] < 0 ? 1 - t[i] : t[i];
  }
  const lam = solveCapped(s.v, s.beta, d, sign * (wt - b), s.sorted);
  for (let i = 0; i < d; i++) {
    const ws = sign * w[i];
    out[i] = ws === 0 ? 0 : ws < 0 ? Math.min(lam, s.beta[i]) : -Math.min(lam, s.beta[i]);
  }
}

/**
 * The L2 projection of `fab_projections.py` `projection_l2` for one row: dᵢ = clip(−α·wᵢ) to the
 * box with the α ≥ 0 that reaches w·(t + d) = b (coordinates with |wᵢ| ≤ 1e-8 stay, as in the reference).
 * @param t, w [D]; out [D] receives d
 */
export function projectionL2(t: ArrayLike<number>, w: ArrayLike<number>, b: number, out: Float64Array, s: ProjectionScratch): void {
  const d = s.d;
  let wt = 0;
  for (let i = 0; i < d; i++) wt += w[i] * t[i];
  const sign = wt - b >= 0 ? 1 : -1;
  for (let i = 0; i < d; i++) {
    const a = Math.abs(w[i]);
    const room = sign * w[i] < 0 ? 1 - t[i] : t[i];
    const live = a > 1e-8;
    s.v[i] = live ? a * a : 0;
    s.beta[i] = live ? room / a : 0;
  }
  const alpha = solveCapped(s.v, s.beta, d, sign * (wt - b), s.sorted);
  for (let i = 0; i < d; i++) {
    const ws = sign * w[i];
    const a = Math.abs(w[i]);
    if (!(a > 1e-8)) out[i] = 0;
    else {
      const room = ws < 0 ? 1 - t[i] : t[i];
      const m = Math.min(alpha * a, room);
      out[i] = ws < 0 ? m : -m;
    }
  }
}
