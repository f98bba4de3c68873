/**
 * Twin of `gemm_f32`: C[i, :] = A[i, :]·B for rows i in [m0, m1), accumulated in f64
 * and rounded to f32. A: [M, K], B: [K, N], C: [M, N] row-major. Other rows of C are untouched.
 */
export function gemmF32(
  c: Float32Array,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m0: number,
  m1: number,
  n: number,
  k: number,
): void {
  const acc = new Float64Array(n);
  for (let i = m0; i < m1; i++) {
    acc.fill(0);
    for (let l = 0; l < k; l++) {
      const av = a[i * k + l];
      const off = l * n;
      for (let j = 0; j < n; j++) acc[j] += av * b[off + j];
    }
    for (let j = 0; j < n; j++) c[i * n + j] = acc[j];
  }
}

/**
 * Twin of `pack_b_f32`: panels [p0, p1) of B [K, N] in the GEMM's packed layout, out[p, l, j] =
 * B[l, 8p + j] (0 where 8p + j ≥ N); panel p starts at out[8·K·p].
 */
export function packBF32(out: Float32Array, b: ArrayLike<number>, p0: number, p1: number, k: number, n: number): void {
  for (let p = p0; p < p1; p++) for (let l = 0; l < k; l++) for (let j = 0; j < 8; j++) out[8 * (p * k + l) + j] = 8 * p + j < n ? b[l * n + 8 * p + j] : 0;
}

/** Twin of `pack_bt_f32`: the panels of B = btᵀ from bt [N, K], out[p, l, j] = bt[8p + j, l] (0 where 8p + j ≥ N). */
export function packBtF32(out: Float32Array, bt: ArrayLike<number>, p0: number, p1: number, k: number, n: number): void {
  for (let p = p0; p < p1; p++) for (let l = 0; l < k; l++) for (let j = 0; j < 8; j++) out[8 * (p * k + l) + j] = 8 * p + j < n ? bt[(8 * p + j) * k + l] : 0;
}

/**
 * Twin of `gemm_packed_f32`: C[i, :] = A[i, :]·B for rows i in [m0, m1) with B given packed
 * (`packBF32`), accumulated in f64 and rounded to f32. Other rows of C are untouched.
 */
export function gemmPackedF32(c: Float32Array, a: ArrayLike<number>, bp: ArrayLike<number>, m0: number, m1: number, n: number, k: number): void {
  for (let i = m0; i < m1; i++) {
    for (let j = 0; j < n; j++) {
      const p = j >> 3;
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * bp[8 * (p * k + l) + (j & 7)];
      c[i * n + j] = s;
    }
  }
}

/** Twin of `transpose_f32`: out [cols, rows] = xᵀ, x [rows, cols] row-major. */
export function transposeF32(out: Float32Array, x: ArrayLike<number>, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j];
}

/** Twin of `gather_rows_f32`: out[r, :] = src[idx[r], :] for r < n, rows of d values. */
export function gatherRowsF32(out: Float32Array, src: ArrayLike<number>, idx: ArrayLike<number>, n: number, d: number): void {
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) out[r * d + j] = src[idx[r] * d + j];
}
