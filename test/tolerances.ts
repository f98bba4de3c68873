/** Every numeric tolerance of the test suite, in one place. */
export const TOL = {
  exact: { rtol: 0, atol: 0 },
  /** f32 kernel against an f64 twin, short accumulations. */
  f32: { rtol: 1e-5, atol: 1e-6 },
  /** f32 dot products of length up to ~1000 against f64. */
  f32Dot: { rtol: 2e-4, atol: 1e-4 },
  /** A tfjs (f32) gradient along one direction against an f64 central difference. */
  gradF32: { rtol: 1e-3, atol: 1e-4 },
  /** Attacks: ‖x_adv − x‖ ≤ ε·(1 + rtol) + atol after f32 projection and clipping. */
  attackBudget: { rtol: 1e-6, atol: 1e-6 },
  /**
   * Attacks: PGD-L2 from a random start against the analytic worst-case margin. A start ~90° off the
   * optimum turns by only ~a/ε = 2.5/40 rad per step on the sphere, so 40 steps end ~10° off (cos ≈ 0.985).
   */
  attackPgdL2Start: { rtol: 3e-2, atol: 0 },
  /**
   * Attacks: a minimal-norm search (APGD, FAB-T) on a linear model flips every image at ε*·(1 + rtol)
   * and none at ε*·(1 − rtol), ε* = margin/‖w‖₁ in closed form (the margin of an f32 model is exact
   * to ~1e-6 relative, so 1e-3 is far above rounding and far below anything a weak attack reaches).
   */
  attackMinimalNorm: { rtol: 1e-3, atol: 0 },
  /** FAB's projections against the transcribed reference: both find the same root in f64, by different sums. */
  fabProjection: { rtol: 1e-9, atol: 1e-12 },
  /** Attacks: FAB's closest adversarial on a linear boundary against its 1-D iteration in f64 (f32 iterates). */
  attackFabOnLine: { rtol: 1e-4, atol: 0 },
  /** Attacks: critical ε of a threshold classifier against its margin (bisection resolution + f32). */
  attackCritical: { rtol: 0, atol: 1e-5 },
  /** Attacks: EOT variance ratio k·Var(k samples)/Var(1 sample) within 1 ± rtol (seeded, 40 repeats). */
  attackEotVariance: { rtol: 0.6, atol: 0 },
  /**
   * A few steps of an f32 optimizer against the same formula in f64 (AMSGrad against PyTorch's, 3 steps):
   * ≈ 1e-7 relative per operation; measured ≤ 3.4e-7 (a first moment after cancellation).
   */
  optimF32Steps: { rtol: 1e-6, atol: 1e-12 },
  /**
   * Empirical variance of n iid U(±a) draws against a²/3: sampling sd √(4/45)·a²/√n, ≈ 7e-4 relative
   * for a 784×2000 layer (1.57M draws), so 5e-3 is 7 sd.
   */
  uniformVariance: { rtol: 5e-3, atol: 0 },
  /** f64 kernel against f64 twin. */
  f64: { rtol: 1e-10, atol: 1e-12 },
  /** f64 sums of powers (AssemblyScript pow or repeated products against V8 Math.pow). */
  f64Pow: { rtol: 1e-12, atol: 0 },
  /**
   * MLP/regularizers: central difference of an f32 loss along one unit direction, step 1e-2 (tanh
   * nets): rounding ≈ 1e-7·|L|/ε ≈ 1e-5·|L|, truncation ≈ ε²·|L‴|/6; measured ≤ 3e-4 relative.
   */
  fdF32: { rtol: 3e-3, atol: 1e-4 },
  /** MLP: random-projection Jacobian estimate (many projections) against the exact ‖J‖²_F (issue 4: within 5 %). */
  jacobianEstimate: { rtol: 0.05, atol: 0 },
  /** MLP: one f32 tfjs computation against the same maths on another path (sums of a few thousand f32 terms). */
  f32Path: { rtol: 1e-4, atol: 1e-5 },
  /** Covariance kernel (f32 products, f32 sums over 8–64 samples, then f64) against its f64 twin. */
  covF32: { rtol: 1e-5, atol: 1e-6 },
  /** Eigen kernels against their twins: same maths, blocked vs unblocked order of f64 sums. */
  eigenF64: { rtol: 1e-9, atol: 1e-11 },
  /** Eigenvalues against ml-matrix / mathjs / a known spectrum, relative to the largest |λ| (issue 3: 1e-6). */
  eigenvalues: { rtol: 1e-6, atol: 0 },
  /** Invariants of a computed eigen-decomposition (trace, VᵀV = I, AV = VD), relative to ‖A‖. */
  eigenInvariant: { rtol: 0, atol: 1e-10 },
  /** Power-law exponent recovered from Gaussian data with a known n^−α spectrum (issue 3: 0.05). */
  alphaRecovery: { rtol: 0, atol: 0.05 },
} as const;

export type Tol = { rtol: number; atol: number };

/**
 * Elementwise closeness with IEEE semantics: NaN matches NaN, ±Inf matches
 * the same infinity, otherwise |a − b| ≤ atol + rtol·|b|. Returns the first
 * mismatch as a message, or null.
 */
export function mismatch(a: ArrayLike<number>, b: ArrayLike<number>, tol: Tol): string | null {
  if (a.length !== b.length) return `length ${a.length} ≠ ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return `[${i}] ${x} vs ${y}`;
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (x === y) continue;
      return `[${i}] ${x} vs ${y}`;
    }
    if (Math.abs(x - y) > tol.atol + tol.rtol * Math.abs(y)) return `[${i}] ${x} vs ${y} (|Δ| = ${Math.abs(x - y)})`;
  }
  return null;
}
