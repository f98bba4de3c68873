/**
 * Twin of `gemm_f32`: C[i, :] = A[i, :]·B for rows i in [m0, m1), accumulated in f64
 * and rounded to f32. A: [M, K], B: [K, N], C: [M, N] row-major. Other rows of C are untouched.
 */
export function gemmF32(c, a, b, m0, m1, n, k) {
    const acc = new Float64Array(n);
    for (let i = m0; i < m1; i++) {
        acc.fill(0);
        for (let l = 0; l < k; l++) {
            const av = a[i * k + l];
            const off = l * n;
            for (let j = 0; j < n; j++)
                acc[j] += av * b[off + j];
        }
        for (let j = 0; j < n; j++)
            c[i * n + j] = acc[j];
    }
}
/** Twin of `transpose_f32`: out [cols, rows] = xᵀ, x [rows, cols] row-major. */
export function transposeF32(out, x, rows, cols) {
    for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
            out[j * rows + i] = x[i * cols + j];
}
/** Twin of `gather_rows_f32`: out[r, :] = src[idx[r], :] for r < n, rows of d values. */
export function gatherRowsF32(out, src, idx, n, d) {
    for (let r = 0; r < n; r++)
        for (let j = 0; j < d; j++)
            out[r * d + j] = src[idx[r] * d + j];
}
//# sourceMappingURL=gemm.js.map