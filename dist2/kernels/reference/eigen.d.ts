/** Output of {@link tridiagF64}. */
export interface Tridiagonal {
    /** Diagonal of T, n. */
    d: Float64Array;
    /** Off-diagonal of T, n (e[k] couples k, k+1; e[n−1] = 0). */
    e: Float64Array;
    /** τ of each reflector, n (tau[n−1] = 0). */
    tau: Float64Array;
    /** A overwritten with the reflectors (row k, columns k+2.. hold v_k). */
    a: Float64Array;
}
/** Twin of `tridiag_f64`: unblocked Householder reduction (LAPACK dsytd2, lower form). */
export declare function tridiagF64(input: ArrayLike<number>, n: number): Tridiagonal;
/** Output of {@link tridiagQlF64}. */
export interface QlResult {
    /** Eigenvalues, unsorted (the order QL finds them in). */
    values: Float64Array;
    /** Row i is the eigenvector of values[i] in T's basis ([n, n]), when asked for. */
    z?: Float64Array;
    /** QL sweeps, or −1−l when eigenvalue l failed to converge. */
    sweeps: number;
}
/** Twin of `tridiag_ql_f64`: implicit QL with Wilkinson shifts (EISPACK tql2). */
export declare function tridiagQlF64(dIn: ArrayLike<number>, eIn: ArrayLike<number>, n: number, vectors: boolean): QlResult;
/** Twin of `householder_apply_f64`: rows z_t ← Q·z_t, Q = H₀·…·H_{n−2} from {@link tridiagF64}. */
export declare function householderApplyF64(a: ArrayLike<number>, n: number, tau: ArrayLike<number>, zIn: ArrayLike<number>, m: number): Float64Array;
/** Twin of `quadform_f64`: out[t] = z_tᵀ·S·z_t for m rows of z (length n), S [n, n]. */
export declare function quadformF64(s: ArrayLike<number>, n: number, z: ArrayLike<number>, m: number): Float64Array;
