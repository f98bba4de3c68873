import { solveQP } from "quadprog";
import { runSteps } from "../host.js";
import type { Rng } from "../rng.js";
import { matmul, qr, symmetricEigenvalues, transpose } from "./linalg.js";

/**
 * Mean-field theoretic manifold analysis (MFTMA; Chung, Lee & Sompolinsky, PRX 2018; Cohen et al.
 * 2020), as `schung039/neural_manifolds_replicaMFT` (`mftma/manifold_analysis_correlation.py`,
 * `manifold_analysis_corr`) computes it, used by Dapello et al. (2021) to compare clean and
 * adversarial representations.
 *
 * 1. Subtract the mean of all points; remove the low-rank structure shared by the manifold centers
 *    (`fun_FA`: for K = 1..maxK, minimize the squared center correlations left after projecting out
 *    a K-dimensional subspace, by conjugate gradient on the Stiefel manifold with `nReps` random
 *    starts, keeping the most stable; K is the argmin of the residual correlation).
 * 2. Project each manifold off that subspace, center it and scale it by its center's norm; QR-project
 *    it to at most M dimensions and append the center coordinate 1.
 * 3. For each of `nT` Gaussian vectors t solve min ½‖v − t‖² s.t. sD1ᵀv ≤ −κ (Goldfarb–Idnani,
 *    npm `quadprog`, where the reference uses cvxopt), giving the anchor point s̃ = (t − v)/Σα.
 * 4. Capacity α_M = 1/⟨λ²‖s̃‖²⟩ with λ = max(t·s̃ + κ, 0)/‖s̃‖² (PRX eqs. 16/17), radius
 *    R_M = √⟨‖δs̃/s̃₀‖²⟩ (eq. 28), dimension D_M = D·⟨t̂·ŝ⟩² (eq. 29).
 *
 * Overall capacity is the harmonic mean over manifolds (1/⟨1/α_i⟩, as Dapello et al. report it),
 * radius and dimension the plain means. Defaults as the reference: κ = 0, nT = 100, nReps = 10.
 * Deviation: maxK (the reference's index of 95 % center variance + 11) is capped at P − 2 (and at
 * one less than the feature count), since a full-rank removal would leave no center (the reference
 * fails there: its issue #5). Everything is f64 and
 * seeded by `rng`.
 */
export interface MftmaOptions {
  /** Margin κ (reference default 0). */
  kappa?: number;
  /** Gaussian vectors per manifold (reference default 100). */
  nT?: number;
  /** Random restarts per rank of the center-correlation search (reference default 10). */
  nReps?: number;
  /** Conjugate-gradient iterations per restart at most (default 1000). */
  maxIter?: number;
  /** Largest rank of the center subspace tried (default: the reference's rule, capped at P − 2). */
  maxK?: number;
  /** Source of the restarts and of the Gaussian vectors. */
  rng: Rng;
}

/** What {@link manifoldAnalysis} returns. */
export interface MftmaResult {
  /** Manifold capacity α_M: harmonic mean over manifolds. */
  capacity: number;
  /** Mean anchor radius R_M. */
  radius: number;
  /** Mean anchor dimension D_M. */
  dimension: number;
  /** Mean |correlation| of the manifold centers before the low-rank removal (the reference's res_coeff0). */
  centerCorrelation: number;
  /** Rank K of the removed center subspace (0: none, fewer than 3 manifolds). */
  K: number;
  perManifold: { capacity: number[]; radius: number[]; dimension: number[] };
  manifolds: number;
  features: number;
  kappa: number;
  nT: number;
}

/** One manifold: `m` points of the `n` features, row-major [m, n]. */
export interface ManifoldPoints {
  data: ArrayLike<number>;
  m: number;
}

/**
 * MFTMA of P manifolds in an n-dimensional space (see {@link MftmaOptions}).
 * @param manifolds each [m_i, n] row-major, m_i ≥ 2 points, finite values.
 * @throws Error naming the manifold on a wrong length, too few points, a non-finite value, or fewer than 2 manifolds.
 */
export function manifoldAnalysis(manifolds: readonly ManifoldPoints[], n: number, opts: MftmaOptions): MftmaResult {
  return runSteps(manifoldAnalysisSteps(manifolds, n, opts));
}

/**
 * {@link manifoldAnalysis} as a generator that pauses after every restart of the center-subspace
 * search and every manifold's anchor points (well under a second each), so a caller can let a signal
 * be handled in between (`runYielding`): one analysis of 50 exemplar manifolds runs for minutes,
 * past a scheduler's grace period. Same numbers.
 */
export function* manifoldAnalysisSteps(manifolds: readonly ManifoldPoints[], n: number, opts: MftmaOptions): Generator<void, MftmaResult, void> {
  const kappa = opts.kappa ?? 0;
  const nT = opts.nT ?? 100;
  const P = manifolds.length;
  if (P < 2) throw new Error(`manifoldAnalysis: needs at least 2 manifolds, got ${P}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`manifoldAnalysis: feature count must be a positive integer, got ${n}`);
  manifolds.forEach((mf, i) => {
    if (!Number.isInteger(mf.m) || mf.m < 2) throw new Error(`manifoldAnalysis: manifold ${i} has ${mf.m} points; each needs at least 2`);
    if (mf.data.length !== mf.m * n) throw new Error(`manifoldAnalysis: manifold ${i} has ${mf.data.length} values, expected ${mf.m}×${n}`);
    for (let j = 0; j < mf.data.length; j++) {
      if (!Number.isFinite(mf.data[j])) throw new Error(`manifoldAnalysis: manifold ${i}, point ${Math.floor(j / n)}, feature ${j % n} is ${mf.data[j]}`);
    }
  });

  // The mean of all points, and each manifold's center (of its raw points, as the reference).
  const origin = new Float64Array(n);
  let total = 0;
  for (const mf of manifolds) {
    for (let p = 0; p < mf.m; p++) for (let j = 0; j < n; j++) origin[j] += mf.data[p * n + j];
    total += mf.m;
  }
  for (let j = 0; j < n; j++) origin[j] /= total;
  const centers = new Float64Array(P * n); // [P, n]
  manifolds.forEach((mf, i) => {
    for (let p = 0; p < mf.m; p++) for (let j = 0; j < n; j++) centers[i * n + j] += mf.data[p * n + j] / mf.m;
  });

  const fa = P >= 3 ? yield* centerSubspace(centers, P, n, opts) : null;
  // V11 [n, K]: the shared center directions to project out.
  const K = fa?.K ?? 0;
  const v11 = fa?.v11 ?? new Float64Array(0);

  const capacity: number[] = [];
  const radius: number[] = [];
  const dimension: number[] = [];
  for (const [i, mf] of manifolds.entries()) {
    const m = mf.m;
    // Points minus the origin, off the center subspace: Xr − (Xr·V11)·V11ᵀ, rows = points.
    const xr = new Float64Array(m * n);
    for (let p = 0; p < m; p++) for (let j = 0; j < n; j++) xr[p * n + j] = mf.data[p * n + j] - origin[j];
    if (K > 0) {
      const proj = matmul(xr, v11, m, n, K);
      const back = matmul(proj, transpose(v11, n, K), m, K, n);
      for (let k = 0; k < xr.length; k++) xr[k] -= back[k];
    }
    const mean = new Float64Array(n);
    for (let p = 0; p < m; p++) for (let j = 0; j < n; j++) mean[j] += xr[p * n + j] / m;
    const norm = Math.sqrt(mean.reduce((s, v) => s + v * v, 0));
    if (!(norm > 0)) throw new Error(`manifoldAnalysis: manifold ${i} has its center at the origin once the shared center subspace is removed`);
    // S_r [n, m]: centered, scaled points as columns; QR-projected to m dimensions when n > m.
    let D = n;
    let s: Float64Array = new Float64Array(n * m);
    for (let p = 0; p < m; p++) for (let j = 0; j < n; j++) s[j * m + p] = (xr[p * n + j] - mean[j]) / norm;
    if (n > m) {
      s = qr(s, n, m, false).r;
      D = m;
    }
    const sD1 = new Float64Array((D + 1) * m);
    sD1.set(s);
    sD1.fill(1, D * m);
    const r = anchorGeometry(sD1, D, m, kappa, nT, opts.rng);
    capacity.push(r.capacity);
    radius.push(r.radius);
    dimension.push(r.dimension);
    yield;
  }

  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    capacity: 1 / mean(capacity.map((a) => 1 / a)),
    radius: mean(radius),
    dimension: mean(dimension),
    centerCorrelation: fa?.resCoeff0 ?? centerCorrelation(centers, P, n),
    K,
    perManifold: { capacity, radius, dimension },
    manifolds: P,
    features: n,
    kappa,
    nT,
  };
}

/** Mean |correlation| between distinct centered manifold centers (rows of `c` [P, n] minus their mean). */
function centerCorrelation(c: Float64Array, P: number, n: number): number {
  const xb = centered(c, P, n);
  return meanAbsOffDiagonalCorrelation(xb, P, n);
}

function centered(c: Float64Array, P: number, n: number): Float64Array {
  const mu = new Float64Array(n);
  for (let i = 0; i < P; i++) for (let j = 0; j < n; j++) mu[j] += c[i * n + j] / P;
  const out = new Float64Array(P * n);
  for (let i = 0; i < P; i++) for (let j = 0; j < n; j++) out[i * n + j] = c[i * n + j] - mu[j];
  return out;
}

/** (Σ|C0| − P)/(P(P − 1)) for C0 the correlation matrix of the rows of x [P, d] (the reference's res_coeff). */
function meanAbsOffDiagonalCorrelation(x: Float64Array, P: number, d: number): number {
  const g = matmul(x, transpose(x, P, d), P, d, P);
  let s = 0;
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) s += Math.abs(g[i * P + j]) / Math.sqrt(g[i * P + i] * g[j * P + j]);
  return (s - P) / (P * (P - 1));
}

/**
 * The reference's `fun_FA`: the K-dimensional subspace of the centers whose removal leaves them
 * least correlated, K from 1 to maxK (stopping after three rises in a row), and V11 = Proj·V1 [n, K].
 */
function* centerSubspace(centers: Float64Array, P: number, n: number, opts: MftmaOptions): Generator<void, { K: number; v11: Float64Array; resCoeff0: number; resCoeff: number[] }, void> {
  const xb = centered(centers, P, n); // [P, n]
  // Rank rule of the reference: last index with cumulative center variance < 95 %, plus 11; capped at P − 2.
  const gram = matmul(xb, transpose(xb, P, n), P, n, P);
  const sv2 = symmetricEigenvalues(gram, P).map((v) => Math.max(v, 0));
  const sum = sv2.reduce((a, b) => a + b, 0);
  let cum = 0;
  let last = 0;
  for (let i = 0; i < Math.min(P, n); i++) {
    cum += sv2[i] / sum;
    if (cum < 0.95) last = i;
  }
  // X [P, d]: the centers in an orthonormal basis of their span (Gram–Schmidt of Xbᵀ), d = P − 1;
  // with fewer features than manifolds (logits), the features themselves (d = n), as numpy's q[:, :P−1] gives.
  const d = Math.min(P - 1, n);
  const maxK = Math.max(1, Math.min(opts.maxK ?? last + 11, P - 2, d - 1));
  const proj = new Float64Array(n * d);
  if (n >= P) {
    const { q } = qr(transpose(xb, P, n), n, P);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) proj[i * d + j] = q![i * P + j];
  } else {
    for (let i = 0; i < n; i++) proj[i * d + i] = 1;
  }
  const x = matmul(xb, proj, P, n, d);
  const resCoeff0 = meanAbsOffDiagonalCorrelation(x, P, d);
  const C = matmul(x, transpose(x, P, d), P, d, P);
  const nReps = opts.nReps ?? 10;
  const maxIter = opts.maxIter ?? 1000;
  const rowNorm = Float64Array.from({ length: P }, (_, i) => Math.sqrt(C[i * P + i]));

  const solutions: Float64Array[] = [];
  const resCoeff: number[] = [];
  let v1: Float64Array | null = null;
  for (let K = 1; K <= maxK; K++) {
    let best: Float64Array | null = null;
    let bestStability = -Infinity;
    for (let rep = 0; rep < nReps; rep++) {
      // Start: the projection of the centers on a random direction, then the previous rank's subspace.
      const s = Float64Array.from({ length: P }, () => opts.rng.normal());
      const v0 = new Float64Array(d * K);
      for (let j = 0; j < d; j++) {
        let sx = 0;
        for (let i = 0; i < P; i++) sx += s[i] * x[i * d + j];
        v0[j * K] = sx;
        for (let k = 1; k < K; k++) v0[j * K + k] = v1![j * (K - 1) + (k - 1)];
      }
      const start = qfactor(v0, d, K);
      const v = stiefelMinimize(start, d, K, (V) => correlationCost(V, x, C, P, d, K), maxIter);
      // Stability: the smallest fraction of a center's norm left after removing the subspace.
      const x0 = residual(x, v, P, d, K);
      let stability = Infinity;
      for (let i = 0; i < P; i++) {
        let r2 = 0;
        for (let j = 0; j < d; j++) r2 += x0[i * d + j] ** 2;
        stability = Math.min(stability, Math.sqrt(r2) / rowNorm[i]);
      }
      if (stability > bestStability) {
        bestStability = stability;
        best = v;
      }
      yield;
    }
    v1 = best!;
    solutions.push(v1);
    resCoeff.push(meanAbsOffDiagonalCorrelation(residual(x, v1, P, d, K), P, d));
    const r = resCoeff;
    if (K > 4 && r[K - 1] > r[K - 2] && r[K - 2] > r[K - 3] && r[K - 3] > r[K - 4]) break;
  }
  let kBest = 0;
  for (let k = 1; k < resCoeff.length; k++) if (resCoeff[k] < resCoeff[kBest]) kBest = k;
  const K = kBest + 1;
  return { K, v11: matmul(proj, solutions[kBest], n, d, K), resCoeff0, resCoeff };
}

/** X − X·V·Vᵀ for X [P, d], V [d, K]. */
function residual(x: Float64Array, v: Float64Array, P: number, d: number, K: number): Float64Array {
  const xv = matmul(x, v, P, d, K);
  const back = matmul(xv, transpose(v, d, K), P, K, d);
  return x.map((a, i) => a - back[i]);
}

/**
 * The reference's `square_corrcoeff_full_cost` and its gradient: with c = X·V and c0_m = C_mm − ‖c_m‖²,
 * cost = ½ Σ_mn (C_mn − c_m·c_n)²/(c0_m c0_n); ∂cost/∂V = Xᵀ(−2A·c + 2 diag(B·c0)·c) with
 * A = E/(c0 c0ᵀ), B = E²/(c0 c0ᵀ)², E = C − c cᵀ (checked against finite differences in the tests).
 */
export function correlationCost(v: Float64Array, x: Float64Array, C: Float64Array, P: number, d: number, K: number): { cost: number; grad: Float64Array } {
  const c = matmul(x, v, P, d, K);
  const c0 = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += c[i * K + k] ** 2;
    c0[i] = C[i * P + i] - s;
  }
  let cost = 0;
  const gc = new Float64Array(P * K);
  const bc0 = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      let cc = 0;
      for (let k = 0; k < K; k++) cc += c[i * K + k] * c[j * K + k];
      const e = C[i * P + j] - cc;
      const den = c0[i] * c0[j];
      cost += (e * e) / den;
      const a = e / den;
      for (let k = 0; k < K; k++) gc[i * K + k] -= 2 * a * c[j * K + k];
      bc0[i] += ((e * e) / (den * den)) * c0[j];
    }
  }
  for (let i = 0; i < P; i++) for (let k = 0; k < K; k++) gc[i * K + k] += 2 * bc0[i] * c[i * K + k];
  return { cost: cost / 2, grad: matmul(transpose(x, P, d), gc, d, P, K) };
}

/** Q of the QR of A [n, k] with R's diagonal made positive (the retraction onto the Stiefel manifold). */
function qfactor(a: Float64Array, n: number, k: number): Float64Array {
  const { q, r } = qr(a, n, k);
  for (let j = 0; j < k; j++) if (r[j * k + j] < 0) for (let i = 0; i < n; i++) q![i * k + j] = -q![i * k + j];
  return q!;
}

/** The tangent part of Z at V: Z − V·sym(VᵀZ). */
function tangent(v: Float64Array, z: Float64Array, n: number, k: number): Float64Array {
  const vz = matmul(transpose(v, n, k), z, k, n, k);
  const sym = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sym[i * k + j] = (vz[i * k + j] + vz[j * k + i]) / 2;
  const vs = matmul(v, sym, n, k, k);
  return z.map((a, i) => a - vs[i]);
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * Minimises f on the Stiefel manifold {V [n, k] : VᵀV = I} by Riemannian conjugate gradient
 * (Polak–Ribière+, vector transport by projection, QR retraction, Armijo backtracking), as pymanopt's
 * ConjugateGradient does in the reference; stops at a gradient norm below 1e-6, a relative cost
 * change below 1e-12, or `maxIter` iterations.
 */
export function stiefelMinimize(v0: Float64Array, n: number, k: number, f: (v: Float64Array) => { cost: number; grad: Float64Array }, maxIter: number): Float64Array {
  let v = v0;
  let { cost, grad } = f(v);
  let g = tangent(v, grad, n, k);
  let dir = g.map((a) => -a);
  let step = 1;
  for (let it = 0; it < maxIter; it++) {
    const gg = dot(g, g);
    if (Math.sqrt(gg) < 1e-6) break;
    let slope = dot(g, dir);
    if (slope >= 0) {
      dir = g.map((a) => -a);
      slope = -gg;
    }
    let t = step * 2;
    let next = v;
    let nextF = { cost, grad };
    for (let tries = 0; tries < 60; tries++) {
      next = qfactor(v.map((a, i) => a + t * dir[i]), n, k);
      nextF = f(next);
      if (nextF.cost <= cost + 1e-4 * t * slope) break;
      t /= 2;
    }
    if (!(nextF.cost < cost)) break;
    const change = Math.abs(cost - nextF.cost) / Math.max(Math.abs(cost), 1e-300);
    step = t;
    v = next;
    cost = nextF.cost;
    const gNew = tangent(v, nextF.grad, n, k);
    const gOld = tangent(v, g, n, k);
    const beta = Math.max(0, (dot(gNew, gNew) - dot(gNew, gOld)) / gg);
    const dOld = tangent(v, dir, n, k);
    dir = gNew.map((a, i) => -a + beta * dOld[i]);
    g = gNew;
    if (change < 1e-12) break;
  }
  return v;
}

/**
 * The reference's `each_manifold_analysis_D1` on sD1 [(D+1), m] (the last row all ones): anchor
 * points of `nT` Gaussian vectors, and the capacity, radius and dimension from them.
 */
export function anchorGeometry(sD1: Float64Array, D: number, m: number, kappa: number, nT: number, rng: Rng): { capacity: number; radius: number; dimension: number } {
  const D1 = D + 1;
  const t = new Float64Array(D1 * nT); // [D1, nT]
  for (let i = 0; i < t.length; i++) t[i] = rng.normal();
  const sAll = new Float64Array(D1 * nT);
  for (let c = 0; c < nT; c++) {
    const tc = Float64Array.from({ length: D1 }, (_, r) => t[r * nT + c]);
    // maxproj: the point with the largest projection on t (center coordinate 1).
    let best = 0;
    let bestP = -Infinity;
    for (let p = 0; p < m; p++) {
      let s = 0;
      for (let r = 0; r < D; r++) s += tc[r] * sD1[r * m + p];
      if (s > bestP) [bestP, best] = [s, p];
    }
    const s0 = Float64Array.from({ length: D1 }, (_, r) => (r < D ? sD1[r * m + best] : 1));
    const g = bestP + tc[D];
    let sf: Float64Array;
    if (g + kappa < 0) {
      sf = s0; // v = t satisfies the constraints
    } else {
      const { v, alpha } = projectOntoCone(tc, sD1, D1, m, kappa);
      let dv = 0;
      for (let r = 0; r < D1; r++) dv += (v[r] - tc[r]) ** 2;
      const scale = alpha.reduce((a, b) => a + b, 0);
      sf = Math.sqrt(dv) < 1e-8 || !(scale > 0) ? s0 : Float64Array.from({ length: D1 }, (_, r) => (tc[r] - v[r]) / scale);
    }
    for (let r = 0; r < D1; r++) sAll[r * nT + c] = sf[r];
  }
  // Capacity (PRX 2018 eqs. 16, 17).
  let slam = 0;
  for (let c = 0; c < nT; c++) {
    let ts = kappa;
    let ss = 0;
    for (let r = 0; r < D1; r++) {
      ts += t[r * nT + c] * sAll[r * nT + c];
      ss += sAll[r * nT + c] ** 2;
    }
    const lam = ss > 0 ? Math.max(ts, 0) / ss : 0;
    slam += lam * lam * ss;
  }
  const capacity = 1 / (slam / nT);
  // Radius (eq. 28): spread of the anchor points over their center coordinate.
  let r2 = 0;
  for (let r = 0; r < D; r++) {
    let mean = 0;
    for (let c = 0; c < nT; c++) mean += sAll[r * nT + c] / nT;
    for (let c = 0; c < nT; c++) r2 += ((sAll[r * nT + c] - mean) / sAll[D * nT + c]) ** 2;
  }
  const radius = Math.sqrt(r2 / nT);
  // Dimension (eq. 29): D·⟨t̂·ŝ⟩² over the first D coordinates.
  let ts = 0;
  for (let c = 0; c < nT; c++) {
    let tn = 0;
    let sn = 0;
    let dt = 0;
    for (let r = 0; r < D; r++) {
      tn += t[r * nT + c] ** 2;
      sn += sAll[r * nT + c] ** 2;
      dt += t[r * nT + c] * sAll[r * nT + c];
    }
    ts += dt / (Math.sqrt(tn) * Math.sqrt(sn + 1e-12));
  }
  const dimension = D * (ts / nT) ** 2;
  return { capacity, radius, dimension };
}

/**
 * min ½‖v − t‖² s.t. sD1ᵀ·v ≤ −κ (the reference's `minimize_vt_sq`), by the Goldfarb–Idnani dual
 * method; returns v and the constraints' multipliers α ≥ 0.
 */
export function projectOntoCone(t: Float64Array, sD1: Float64Array, D1: number, m: number, kappa: number): { v: Float64Array; alpha: Float64Array } {
  // quadprog: min −dᵀv + ½vᵀDv s.t. Aᵀv ≥ b0, 1-indexed: D = I, d = t, A = −sD1, b0 = κ.
  const Dmat: number[][] = [[]];
  const Amat: number[][] = [[]];
  for (let i = 1; i <= D1; i++) {
    Dmat.push(Array.from({ length: D1 + 1 }, (_, j) => (j === i ? 1 : 0)));
    Amat.push([0, ...Array.from({ length: m }, (_, p) => -sD1[(i - 1) * m + p])]);
  }
  const dvec = [0, ...t];
  const bvec = [0, ...Array.from({ length: m }, () => kappa)];
  const out = solveQP(Dmat, dvec, Amat, bvec);
  if (out.message) throw new Error(`manifoldAnalysis: the anchor-point QP failed: ${out.message}`);
  return { v: Float64Array.from(out.solution.slice(1, D1 + 1)), alpha: Float64Array.from(out.Lagrangian.slice(1, m + 1)) };
}
