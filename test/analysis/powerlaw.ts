import type { Rng } from "../../src/rng.js";

/** λ_k = k^(−α), k = 1..d. */
export function powerLaw(d: number, alpha: number): Float64Array {
  return Float64Array.from({ length: d }, (_, k) => (k + 1) ** -alpha);
}

/** A random unit vector of length d. */
function unit(rng: Rng, d: number): Float64Array {
  const u = rng.fillNormal(new Float64Array(d));
  let s = 0;
  for (const v of u) s += v * v;
  const inv = 1 / Math.sqrt(s);
  return u.map((v) => v * inv);
}

/** x ← (I − 2uuᵀ)x in place. */
function reflect(x: Float64Array, u: Float64Array, off = 0): void {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * x[off + i];
  s *= 2;
  for (let i = 0; i < u.length; i++) x[off + i] -= s * u[i];
}

/**
 * A dense symmetric [n, n] f64 matrix with eigenvalues `lambda`, exactly
 * known up to rounding of the construction: A = Q·diag(λ)·Qᵀ with Q a product
 * of `reflectors` random Householder reflectors (O(n²) each), then a random
 * symmetric permutation so no structure lines up with the solver's order.
 */
export function withSpectrum(rng: Rng, lambda: ArrayLike<number>, reflectors = 6): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  const row = new Float64Array(n);
  for (let r = 0; r < reflectors; r++) {
    const u = unit(rng, n);
    // A ← H·A·H: reflect every row, then every column (A stays symmetric).
    for (let i = 0; i < n; i++) reflect(a, u, i * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) row[i] = a[i * n + j];
      reflect(row, u);
      for (let i = 0; i < n; i++) a[i * n + j] = row[i];
    }
  }
  const p = rng.permutation(n);
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = a[p[i] * n + p[j]];
  // Exact symmetry (the column pass rounds differently from the row pass).
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) b[i * n + j] = b[j * n + i];
  return b;
}

/**
 * Gaussian samples [n, d] f32 whose covariance has eigenvalues `lambda`
 * along random directions: x = H₂H₁·(√λ ⊙ z), z ~ N(0, I).
 */
export function gaussianWithSpectrum(rng: Rng, n: number, lambda: ArrayLike<number>, offset = 0): Float32Array {
  const d = lambda.length;
  const u1 = unit(rng, d);
  const u2 = unit(rng, d);
  const sd = Float64Array.from(lambda, (v) => Math.sqrt(v));
  const x = new Float32Array(n * d);
  const row = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < d; j++) row[j] = sd[j] * rng.normal();
    reflect(row, u1);
    reflect(row, u2);
    for (let j = 0; j < d; j++) x[s * d + j] = row[j] + offset;
  }
  return x;
}

/** A random symmetric [n, n] f64 matrix (full storage), entries N(0, 1). */
export function randomSymmetric(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}
