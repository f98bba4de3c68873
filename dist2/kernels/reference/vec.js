/** Twin of `find_nonfinite_f32`: index of the first NaN/±Inf in `x`, or -1. */
export function findNonfiniteF32(x) {
    for (let i = 0; i < x.length; i++)
        if (!Number.isFinite(x[i]))
            return i;
    return -1;
}
//# sourceMappingURL=vec.js.map