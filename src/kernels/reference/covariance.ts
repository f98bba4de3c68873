// Plain-TypeScript twins of assembly/covariance.ts, in f64 throughout.

/** Twin of `col_mean_f32`: column means of an [n, d] row-major matrix (zeros when n = 0). */
export function colMeanF32(x: ArrayLike<number>, n: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let s = 0; s < n; s++) for (let j = 0; j < d; j++) m[j] += x[s * d + j];
  if (n > 0) for (let j = 0; j < d; j++) m[j] /= n;
  return m;
}

/** Twin of `cov_f32`: scale·(X − 1·meanᵀ)ᵀ(X − 1·meanᵀ), [d, d] f64, exactly symmetric. */
export function covF32(x: ArrayLike<number>, n: number, d: number, mean: ArrayLike<number>, scale: number): Float64Array {
  const out = crossCovF32(x, x, n, d, mean, mean, scale);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) out[i * d + j] = out[j * d + i];
  return out;
}

/** Twin of `crosscov_f32`: scale·(X − 1·mxᵀ)ᵀ(Y − 1·myᵀ), [d, d] f64. */
export function crossCovF32(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  d: number,
  mx: ArrayLike<number>,
  my: ArrayLike<number>,
  scale: number,
): Float64Array {
  const out = new Float64Array(d * d);
  const xc = new Float64Array(d);
  const yc = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < d; j++) {
      xc[j] = x[s * d + j] - mx[j];
      yc[j] = y[s * d + j] - my[j];
    }
    for (let i = 0; i < d; i++) {
      const a = xc[i];
      for (let j = 0; j < d; j++) out[i * d + j] += a * yc[j];
    }
  }
  for (let k = 0; k < d * d; k++) out[k] *= scale;
  return out;
}

/** Columns [8k0, 8k1) ∩ [0, d): the columns of stripes [k0, k1) (8 columns each). */
function stripeColumns(d: number, k0: number, k1: number): [number, number] {
  return [Math.max(0, 8 * k0), Math.min(d, 8 * k1)];
}

/**
 * Twin of `cov_stripes_f32`: unscaled centered sums Σ_s xc[s, i]·xc[s, j] into
 * out[i, j] for the columns j of stripes [k0, k1) and rows i < min(8·(⌊j/8⌋ + 1), d);
 * other entries of `out` ([d, d]) untouched. The workspace and block arguments are unused.
 */
export function covStripesF32(
  x: ArrayLike<number>,
  n: number,
  d: number,
  mean: ArrayLike<number>,
  out: Float64Array,
  _work: unknown,
  _kb: unknown,
  k0: number,
  k1: number,
): void {
  const [c0, c1] = stripeColumns(d, k0, k1);
  for (let j = c0; j < c1; j++) {
    const rows = Math.min(8 * (Math.floor(j / 8) + 1), d);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += (x[t * d + i] - mean[i]) * (x[t * d + j] - mean[j]);
      out[i * d + j] = s;
    }
  }
}

/** Twin of `cov_scale_mirror_f64`: out[i, j] = out[j, i] = scale·out[i, j] for rows i in [i0, i1), j ≥ i. */
export function covScaleMirrorF64(out: Float64Array, d: number, scale: number, i0: number, i1: number): void {
  for (let i = Math.max(0, i0); i < Math.min(i1, d); i++) {
    for (let j = i; j < d; j++) {
      const v = out[i * d + j] * scale;
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
}

/**
 * Twin of `crosscov_stripes_f32`: unscaled centered sums Σ_s xc[s, i]·yc[s, j]
 * into out[i, j] for every row i and the columns j of stripes [k0, k1); other
 * entries untouched. The workspace and block arguments are unused.
 */
export function crossCovStripesF32(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  d: number,
  mx: ArrayLike<number>,
  my: ArrayLike<number>,
  out: Float64Array,
  _work: unknown,
  _kb: unknown,
  k0: number,
  k1: number,
): void {
  const [c0, c1] = stripeColumns(d, k0, k1);
  for (let i = 0; i < d; i++) {
    for (let j = c0; j < c1; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += (x[t * d + i] - mx[i]) * (y[t * d + j] - my[j]);
      out[i * d + j] = s;
    }
  }
}

/** Twin of `scale_rows_f64`: out[i, :] *= scale for rows i in [i0, i1) of a [rows, d] matrix. */
export function scaleRowsF64(out: Float64Array, d: number, scale: number, i0: number, i1: number): void {
  for (let k = Math.max(0, i0) * d; k < i1 * d; k++) out[k] *= scale;
}
