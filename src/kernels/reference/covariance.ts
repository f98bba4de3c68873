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
