import type { Wasm } from "../wasm/init.js";
import type { KernelEntry } from "./types.js";
import { householderApplyF64, quadformF64, tridiagF64, tridiagQlF64 } from "./reference/eigen.js";

/** Kernels of `assembly/eigen.ts` and their twins. */
export const eigenKernels: readonly KernelEntry[] = [
  { name: "tridiag_f64", twin: tridiagF64 },
  { name: "tridiag_ql_f64", twin: tridiagQlF64 },
  { name: "householder_apply_f64", twin: householderApplyF64 },
  { name: "quadform_f64", twin: quadformF64 },
];

/** Panel width of the blocked tridiagonalization (32–64 are equally fast at n = 2,000 here). */
export const TRIDIAG_BLOCK = 32;

/** QL sweeps recorded before their rotations are applied to the eigenvectors (Z is read once per batch). */
export const QL_BATCH = 32;

/** Options of {@link symmetricEigen}. */
export interface EigenOptions {
  /** Also compute eigenvectors (O(n³) more work). Default false. */
  vectors?: boolean;
}

/** Eigen-decomposition of a symmetric matrix, eigenvalues in descending order. */
export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** [n, n] row-major; column j is the unit eigenvector of values[j]. Only when asked for. */
  vectors?: Float64Array;
}

/** The solver's result while it still lives in WASM memory (see {@link eigenAt}). */
export interface EigenAt {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** order[j] = the row of Z holding the eigenvector of values[j]. */
  order: Int32Array;
  /** Byte offset of Z ([n, n] f64, eigenvectors as rows) when vectors were asked for, else 0. */
  zPtr: number;
}

/**
 * Runs the solver on a symmetric [n, n] f64 matrix already in WASM memory at
 * `aPtr` (overwritten). Allocates its buffers (and Z) in the arena: the
 * caller marks before and releases after copying what it needs. No input
 * validation; see {@link symmetricEigen}.
 */
export function eigenAt(w: Wasm, aPtr: number, n: number, vectors: boolean): EigenAt {
  const x = w.exports;
  const nb = TRIDIAG_BLOCK;
  const d = w.arena.allocF64(n);
  const e = w.arena.allocF64(n);
  const tau = w.arena.allocF64(n);
  const work = w.arena.allocF64(nb * n + 2 * nb);
  const z = vectors ? w.arena.allocF64(n * n) : 0;
  const qlWork = vectors ? w.arena.allocF64(QL_BATCH * (2 * n + 2)) : 0;
  x.tridiag_f64(aPtr, n, d, e, tau, work, nb);
  const sweeps = x.tridiag_ql_f64(d, e, n, z, vectors ? 1 : 0, qlWork, QL_BATCH);
  if (sweeps < 0) throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${-1 - sweeps} (n = ${n})`);
  if (vectors) x.householder_apply_f64(aPtr, n, tau, z, n);
  const raw = w.arena.f64(d, n);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => raw[j] - raw[i]);
  const values = Float64Array.from(order, (i) => raw[i]);
  return { values, order, zPtr: z };
}

/**
 * All eigenvalues (and optionally eigenvectors) of a real symmetric matrix,
 * in f64: blocked Householder tridiagonalization (LAPACK dsytrd), implicit
 * QL with Wilkinson shifts (EISPACK tql2), back-transformation of the
 * eigenvectors. Eigenvalue errors are O(ε·n·‖A‖) (backward stable), so
 * eigenvalues ≪ ε·‖A‖ are not resolved relatively.
 *
 * @param a [n, n] row-major f64, symmetric; only entries a[i, j] with j ≥ i are read.
 *   NaN/±Inf are rejected with an error.
 * @returns values descending; vectors [n, n] row-major with column j the unit
 *   eigenvector of values[j] (sign arbitrary).
 */
export function symmetricEigen(w: Wasm, a: Float64Array, n: number, opts: EigenOptions = {}): SymmetricEigen {
  if (!Number.isInteger(n) || n < 0) throw new Error(`symmetricEigen: bad size ${n}`);
  if (a.length !== n * n) throw new Error(`symmetricEigen: expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = a[i * n + j];
      if (!Number.isFinite(v)) throw new Error(`symmetricEigen: non-finite value ${v} at row ${i}, column ${j}`);
    }
  }
  const mark = w.arena.mark();
  try {
    const ap = w.arena.putF64(a);
    const r = eigenAt(w, ap, n, !!opts.vectors);
    if (!opts.vectors) return { values: r.values };
    const z = w.arena.f64(r.zPtr, n * n);
    const vectors = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const row = r.order[j] * n;
      for (let i = 0; i < n; i++) vectors[i * n + j] = z[row + i];
    }
    return { values: r.values, vectors };
  } finally {
    w.arena.release(mark);
  }
}
