/**
 * Small dense linear algebra in f64 for the manifold analysis (matrices of at most a few
 * thousand rows by a hundred columns): row-major `Float64Array`s with explicit shapes.
 */

/** C [m, n] = A [m, k] · B [k, n]. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = a[i * k + p];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += v * b[p * n + j];
    }
  }
  return c;
}

/** Aᵀ [n, m] of A [m, n]. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/**
 * Householder QR of A [m, n], m ≥ n: A = Q·R with Q [m, n] orthonormal columns and R [n, n] upper
 * triangular (the economic form of `scipy.linalg.qr(mode="economic")`, signs aside).
 * @param wantQ build Q (else only R).
 */
export function qr(a: Float64Array, m: number, n: number, wantQ = true): { q: Float64Array | null; r: Float64Array } {
  if (m < n) throw new Error(`qr: needs rows ≥ columns, got ${m}×${n}`);
  const w = Float64Array.from(a);
  const vs: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += w[i * n + j] ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m - j);
    if (norm === 0) {
      vs.push(v);
      continue;
    }
    const alpha = w[j * n + j] > 0 ? -norm : norm;
    for (let i = j; i < m; i++) v[i - j] = w[i * n + j];
    v[0] -= alpha;
    let vn = 0;
    for (let i = 0; i < v.length; i++) vn += v[i] * v[i];
    if (vn > 0) {
      // Apply H = I − 2vvᵀ/vᵀv to the remaining columns.
      for (let c = j; c < n; c++) {
        let s = 0;
        for (let i = j; i < m; i++) s += v[i - j] * w[i * n + c];
        s = (2 * s) / vn;
        for (let i = j; i < m; i++) w[i * n + c] -= s * v[i - j];
      }
      const scale = Math.sqrt(vn);
      for (let i = 0; i < v.length; i++) v[i] /= scale;
    }
    vs.push(v);
  }
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j];
  if (!wantQ) return { q: null, r };
  // Q = H_0 … H_{n−1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let j = n - 1; j >= 0; j--) {
    const v = vs[j];
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i - j] * q[i * n + c];
      s *= 2;
      if (s !== 0) for (let i = j; i < m; i++) q[i * n + c] -= s * v[i - j];
    }
  }
  return { q, r };
}

/** Eigenvalues (descending) of a symmetric A [n, n] by cyclic Jacobi rotations (n up to a few hundred). */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const w = Float64Array.from(a);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += w[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += w[i * n + j] ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = w[p * n + q];
        if (apq === 0) continue;
        const theta = (w[q * n + q] - w[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = w[k * n + p];
          const akq = w[k * n + q];
          w[k * n + p] = c * akp - s * akq;
          w[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = w[p * n + k];
          const aqk = w[q * n + k];
          w[p * n + k] = c * apk - s * aqk;
          w[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => w[i * n + i]).sort((x, y) => y - x);
}
