// Types of the npm `quadprog` package (Goldfarb–Idnani dual method, a port of R's quadprog), as used here.
declare module "quadprog" {
  /**
   * min −dᵀb + ½ bᵀDb subject to Aᵀb ≥ b0 (the first `meq` as equalities). Arrays are 1-indexed
   * (index 0 unused), as the Fortran original: D [1..n][1..n], d [1..n], A [1..n][1..q], b0 [1..q].
   */
  export function solveQP(
    Dmat: number[][],
    dvec: number[],
    Amat: number[][],
    bvec: number[],
    meq?: number,
    factorized?: number[],
  ): { solution: number[]; Lagrangian: number[]; value: number[]; iterations: number[]; message: string };
}
