/** Twin of `find_nonfinite_f32`: index of the first NaN/±Inf in `x`, or -1. */
export declare function findNonfiniteF32(x: ArrayLike<number>): number;
