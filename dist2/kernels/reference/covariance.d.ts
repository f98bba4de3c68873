/** Twin of `col_mean_f32`: column means of an [n, d] row-major matrix (zeros when n = 0). */
export declare function colMeanF32(x: ArrayLike<number>, n: number, d: number): Float64Array;
/** Twin of `cov_f32`: scale·(X − 1·meanᵀ)ᵀ(X − 1·meanᵀ), [d, d] f64, exactly symmetric. */
export declare function covF32(x: ArrayLike<number>, n: number, d: number, mean: ArrayLike<number>, scale: number): Float64Array;
/** Twin of `crosscov_f32`: scale·(X − 1·mxᵀ)ᵀ(Y − 1·myᵀ), [d, d] f64. */
export declare function crossCovF32(x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, mx: ArrayLike<number>, my: ArrayLike<number>, scale: number): Float64Array;
/**
 * Twin of `cov_stripes_f32`: unscaled centred sums Σ_s xc[s, i]·xc[s, j] into
 * out[i, j] for the columns j of stripes [k0, k1) and rows i < min(8·(⌊j/8⌋ + 1), d);
 * other entries of `out` ([d, d]) untouched. The workspace and block arguments are unused.
 */
export declare function covStripesF32(x: ArrayLike<number>, n: number, d: number, mean: ArrayLike<number>, out: Float64Array, _work: unknown, _kb: unknown, k0: number, k1: number): void;
/** Twin of `cov_scale_mirror_f64`: out[i, j] = out[j, i] = scale·out[i, j] for rows i in [i0, i1), j ≥ i. */
export declare function covScaleMirrorF64(out: Float64Array, d: number, scale: number, i0: number, i1: number): void;
/**
 * Twin of `crosscov_stripes_f32`: unscaled centred sums Σ_s xc[s, i]·yc[s, j]
 * into out[i, j] for every row i and the columns j of stripes [k0, k1); other
 * entries untouched. The workspace and block arguments are unused.
 */
export declare function crossCovStripesF32(x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, mx: ArrayLike<number>, my: ArrayLike<number>, out: Float64Array, _work: unknown, _kb: unknown, k0: number, k1: number): void;
/** Twin of `scale_rows_f64`: out[i, :] *= scale for rows i in [i0, i1) of a [rows, d] matrix. */
export declare function scaleRowsF64(out: Float64Array, d: number, scale: number, i0: number, i1: number): void;
