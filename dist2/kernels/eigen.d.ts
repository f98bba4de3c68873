import type { Wasm } from "../wasm/init.js";
import type { KernelEntry } from "./types.js";
/** Kernels of `assembly/eigen.ts` and their twins. */
export declare const eigenKernels: readonly KernelEntry[];
/** Panel width of the blocked tridiagonalisation (32–64 are equally fast at n = 2,000 here). */
export declare const TRIDIAG_BLOCK = 32;
/** QL sweeps recorded before their rotations are applied to the eigenvectors (Z is read once per batch). */
export declare const QL_BATCH = 32;
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
export declare function eigenAt(w: Wasm, aPtr: number, n: number, vectors: boolean): EigenAt;
/**
 * All eigenvalues (and optionally eigenvectors) of a real symmetric matrix,
 * in f64: blocked Householder tridiagonalisation (LAPACK dsytrd), implicit
 * QL with Wilkinson shifts (EISPACK tql2), back-transformation of the
 * eigenvectors. Eigenvalue errors are O(ε·n·‖A‖) (backward stable), so
 * eigenvalues ≪ ε·‖A‖ are not resolved relatively.
 *
 * @param a [n, n] row-major f64, symmetric; only entries a[i, j] with j ≥ i are read.
 *   NaN/±Inf are rejected with an error.
 * @returns values descending; vectors [n, n] row-major with column j the unit
 *   eigenvector of values[j] (sign arbitrary).
 */
export declare function symmetricEigen(w: Wasm, a: Float64Array, n: number, opts?: EigenOptions): SymmetricEigen;
