// Symmetric eigensolver in f64: blocked Householder tridiagonalisation
// (LAPACK dsytrd/dlatrd, lower form), implicit QL with Wilkinson shifts
// (EISPACK tql2), and the back-transformation of eigenvectors.
//
// Storage: A is [n, n] row-major. Only entries with column ≥ row are read
// ("row r from its diagonal"): row r of that triangle is column r of LAPACK's
// lower triangle, so every LAPACK column operation runs on a contiguous row.
// Eigenvectors are held as rows (row i of Z is the eigenvector of d[i]) so a
// QL rotation and a reflector act on contiguous memory.

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function at(p: usize, r: i32, c: i32, n: i32): usize {
  return p + ((<usize>r * <usize>n + <usize>c) << 3);
}

/** Σ x[k]·y[k], k < len. */
function dot(x: usize, y: usize, len: i32): f64 {
  let k = 0;
  let s: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let a = f64x2.splat(0), b = f64x2.splat(0);
    for (; k + 4 <= len; k += 4) {
      const o = <usize>k << 3;
      a = f64x2.add(a, f64x2.mul(v128.load(x + o), v128.load(y + o)));
      b = f64x2.add(b, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
    }
    a = f64x2.add(a, b);
    s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  }
  for (; k < len; k++) s += ld(x, k) * ld(y, k);
  return s;
}

/** y[k] += alpha·x[k], k < len. */
function axpy(y: usize, x: usize, alpha: f64, len: i32): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(alpha);
    for (; k + 4 <= len; k += 4) {
      const o = <usize>k << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
      v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
    }
  }
  for (; k < len; k++) st(y, k, ld(y, k) + alpha * ld(x, k));
}

/** x[k] *= alpha, k < len. */
function scal(x: usize, alpha: f64, len: i32): void {
  for (let k = 0; k < len; k++) st(x, k, ld(x, k) * alpha);
}

/**
 * y[c] = Σ_r A[r, c]·v[r] for c, r in [r0, n), reading only the triangle c ≥ r
 * (fused symv: each row gives one dot and one axpy, so A is read once).
 * Two rows at a time halve the traffic on y. `v`, `y` are indexed by column.
 */
function symv(a: usize, n: i32, r0: i32, v: usize, y: usize): void {
  for (let c = r0; c < n; c++) st(y, c, 0);
  let r = r0;
  for (; r + 1 < n; r += 2) {
    const a0 = at(a, r, 0, n);
    const a1 = at(a, r + 1, 0, n);
    const v0 = ld(v, r);
    const v1 = ld(v, r + 1);
    const a01 = ld(a0, r + 1);
    let s0 = ld(a0, r) * v0 + a01 * v1;
    let s1 = a01 * v0 + ld(a1, r + 1) * v1;
    let c = r + 2;
    if (ASC_FEATURE_SIMD) {
      const w0 = f64x2.splat(v0), w1 = f64x2.splat(v1);
      let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
      for (; c + 2 <= n; c += 2) {
        const o = <usize>c << 3;
        const x0 = v128.load(a0 + o);
        const x1 = v128.load(a1 + o);
        const vc = v128.load(v + o);
        v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(f64x2.mul(w0, x0), f64x2.mul(w1, x1))));
        acc0 = f64x2.add(acc0, f64x2.mul(x0, vc));
        acc1 = f64x2.add(acc1, f64x2.mul(x1, vc));
      }
      s0 += f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
      s1 += f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
    }
    for (; c < n; c++) {
      const x0 = ld(a0, c);
      const x1 = ld(a1, c);
      st(y, c, ld(y, c) + v0 * x0 + v1 * x1);
      s0 += x0 * ld(v, c);
      s1 += x1 * ld(v, c);
    }
    st(y, r, ld(y, r) + s0);
    st(y, r + 1, ld(y, r + 1) + s1);
  }
  if (r < n) st(y, r, ld(y, r) + ld(at(a, r, 0, n), r) * ld(v, r));
}

/**
 * LAPACK dlatrd (lower) on columns i..i+nb−1: reduces them and leaves
 * W (rows of `wt`, indexed by global column) such that the trailing matrix
 * equals A − V·Wᵀ − W·Vᵀ, with V's columns stored in A's rows i..i+nb−1
 * (unit element explicit while the panel lasts).
 */
function panel(a: usize, n: i32, i: i32, nb: i32, e: usize, tau: usize, wt: usize, t1: usize, t2: usize): void {
  for (let j = 0; j < nb; j++) {
    const k = i + j;
    const rowk = at(a, k, 0, n);
    // Bring row k (columns ≥ k) up to date with the panel's earlier reflectors.
    for (let p = 0; p < j; p++) {
      const vp = at(a, i + p, 0, n);
      const wp = wt + ((<usize>p * <usize>n) << 3);
      const len = n - k;
      const o = <usize>k << 3;
      axpy(rowk + o, vp + o, -ld(wp, k), len);
      axpy(rowk + o, wp + o, -ld(vp, k), len);
    }
    // Reflector H = I − τ·v·vᵀ with H·A[k, k+1:] = β·e₁ (dlarfg).
    const m = n - k - 1;
    const alpha = ld(rowk, k + 1);
    const xnorm = Math.sqrt(dot(rowk + (<usize>(k + 2) << 3), rowk + (<usize>(k + 2) << 3), m - 1));
    const wj = wt + ((<usize>j * <usize>n) << 3);
    if (xnorm == 0) {
      st(tau, k, 0);
      st(e, k, alpha);
      st(rowk, k + 1, 1);
      for (let c = k + 1; c < n; c++) st(wj, c, 0);
      continue;
    }
    const nrm = Math.sqrt(alpha * alpha + xnorm * xnorm);
    const beta = alpha >= 0 ? -nrm : nrm;
    const tk = (beta - alpha) / beta;
    scal(rowk + (<usize>(k + 2) << 3), 1.0 / (alpha - beta), m - 1);
    st(tau, k, tk);
    st(e, k, beta);
    st(rowk, k + 1, 1);
    // w = τ·(A₂₂ − V·Wᵀ − W·Vᵀ)·v, then w −= ½τ(wᵀv)·v.
    const v = rowk;
    symv(a, n, k + 1, v, wj);
    const o = <usize>(k + 1) << 3;
    for (let p = 0; p < j; p++) {
      const vp = at(a, i + p, 0, n);
      const wp = wt + ((<usize>p * <usize>n) << 3);
      st(t1, p, dot(wp + o, v + o, m));
      st(t2, p, dot(vp + o, v + o, m));
    }
    for (let p = 0; p < j; p++) {
      const vp = at(a, i + p, 0, n);
      const wp = wt + ((<usize>p * <usize>n) << 3);
      axpy(wj + o, vp + o, -ld(t1, p), m);
      axpy(wj + o, wp + o, -ld(t2, p), m);
    }
    scal(wj + o, tk, m);
    axpy(wj + o, v + o, -0.5 * tk * dot(wj + o, v + o, m), m);
  }
}

/**
 * Trailing update A[r, c] −= Σ_p V[r,p]·W[c,p] + W[r,p]·V[c,p] for
 * r0 ≤ r ≤ c < n (dsyr2k). 4×4 tiles; column blocks of 256 keep the panel's
 * slices of V and W in L2. Tiles that straddle the diagonal also write a few
 * entries left of it, which nothing reads.
 */
function syr2k(a: usize, n: i32, i: i32, nb: i32, wt: usize, r0: i32): void {
  const rowStride = <usize>n << 3;
  const vbase = at(a, i, 0, n);
  for (let cb = r0; cb < n; cb += 256) {
    const cEnd = min(cb + 256, n);
    let r = r0;
    if (ASC_FEATURE_SIMD) {
      for (; r + 4 <= cEnd; r += 4) {
        let c = max(r, cb);
        for (; c + 4 <= cEnd; c += 4) {
          let a0 = f64x2.splat(0), b0 = f64x2.splat(0), a1 = f64x2.splat(0), b1 = f64x2.splat(0);
          let a2 = f64x2.splat(0), b2 = f64x2.splat(0), a3 = f64x2.splat(0), b3 = f64x2.splat(0);
          let vp = vbase;
          let wp = wt;
          const oc = <usize>c << 3;
          const or = <usize>r << 3;
          for (let p = 0; p < nb; p++) {
            const w0 = v128.load(wp + oc);
            const w1 = v128.load(wp + oc, 16);
            const u0 = v128.load(vp + oc);
            const u1 = v128.load(vp + oc, 16);
            let s = v128.load64_splat(vp + or);
            let t = v128.load64_splat(wp + or);
            a0 = f64x2.add(a0, f64x2.add(f64x2.mul(s, w0), f64x2.mul(t, u0)));
            b0 = f64x2.add(b0, f64x2.add(f64x2.mul(s, w1), f64x2.mul(t, u1)));
            s = v128.load64_splat(vp + or, 8);
            t = v128.load64_splat(wp + or, 8);
            a1 = f64x2.add(a1, f64x2.add(f64x2.mul(s, w0), f64x2.mul(t, u0)));
            b1 = f64x2.add(b1, f64x2.add(f64x2.mul(s, w1), f64x2.mul(t, u1)));
            s = v128.load64_splat(vp + or, 16);
            t = v128.load64_splat(wp + or, 16);
            a2 = f64x2.add(a2, f64x2.add(f64x2.mul(s, w0), f64x2.mul(t, u0)));
            b2 = f64x2.add(b2, f64x2.add(f64x2.mul(s, w1), f64x2.mul(t, u1)));
            s = v128.load64_splat(vp + or, 24);
            t = v128.load64_splat(wp + or, 24);
            a3 = f64x2.add(a3, f64x2.add(f64x2.mul(s, w0), f64x2.mul(t, u0)));
            b3 = f64x2.add(b3, f64x2.add(f64x2.mul(s, w1), f64x2.mul(t, u1)));
            vp += rowStride;
            wp += rowStride;
          }
          let q = at(a, r, c, n);
          v128.store(q, f64x2.sub(v128.load(q), a0));
          v128.store(q, f64x2.sub(v128.load(q, 16), b0), 16);
          q += rowStride;
          v128.store(q, f64x2.sub(v128.load(q), a1));
          v128.store(q, f64x2.sub(v128.load(q, 16), b1), 16);
          q += rowStride;
          v128.store(q, f64x2.sub(v128.load(q), a2));
          v128.store(q, f64x2.sub(v128.load(q, 16), b2), 16);
          q += rowStride;
          v128.store(q, f64x2.sub(v128.load(q), a3));
          v128.store(q, f64x2.sub(v128.load(q, 16), b3), 16);
        }
        for (; c < cEnd; c++) for (let t = 0; t < 4; t++) syr2kEntry(a, n, i, nb, wt, r + t, c);
      }
    }
    for (; r < cEnd; r++) for (let c = max(r, cb); c < cEnd; c++) syr2kEntry(a, n, i, nb, wt, r, c);
  }
}

@inline function syr2kEntry(a: usize, n: i32, i: i32, nb: i32, wt: usize, r: i32, c: i32): void {
  let s: f64 = 0;
  for (let p = 0; p < nb; p++) {
    const vp = at(a, i + p, 0, n);
    const wp = wt + ((<usize>p * <usize>n) << 3);
    s += ld(vp, r) * ld(wp, c) + ld(wp, r) * ld(vp, c);
  }
  const q = at(a, r, c, n);
  store<f64>(q, load<f64>(q) - s);
}

/**
 * Householder tridiagonalisation Qᵀ·A·Q = T of a symmetric [n, n] f64 matrix
 * (LAPACK dsytrd, lower form, blocked by `nb` columns; Golub & Van Loan §8.3).
 *
 * Reads only entries with column ≥ row. Writes `d` (n, diagonal of T), `e`
 * (n: e[k] couples k and k+1, e[n−1] = 0), `tau` (n: τ of reflector k,
 * tau[n−1] = 0). A is overwritten: row k, columns k+2.. hold v_k[k+2..]
 * (v_k[k+1] = 1 implied); Q = H₀·H₁·…·H_{n−2}, H_k = I − τ_k·v_k·v_kᵀ.
 * `work`: f64 workspace of nb·n + 2·nb values; nb ≥ 1 (32 is a good default).
 */
export function tridiag_f64(a: usize, n: i32, d: usize, e: usize, tau: usize, work: usize, nb: i32): void {
  if (n <= 0) return;
  if (nb < 1) nb = 1;
  const wt = work;
  const t1 = work + ((<usize>nb * <usize>n) << 3);
  const t2 = t1 + (<usize>nb << 3);
  for (let i = 0; i < n - 1; i += nb) {
    const nbe = min(nb, n - 1 - i);
    panel(a, n, i, nbe, e, tau, wt, t1, t2);
    syr2k(a, n, i, nbe, wt, i + nbe);
    for (let j = i; j < i + nbe; j++) {
      const rowj = at(a, j, 0, n);
      st(rowj, j + 1, ld(e, j));
      st(d, j, ld(rowj, j));
    }
  }
  st(d, n - 1, ld(at(a, n - 1, 0, n), n - 1));
  st(e, n - 1, 0);
  st(tau, n - 1, 0);
}

/**
 * Eigenvalues (and optionally eigenvectors) of the symmetric tridiagonal T
 * by implicit QL with Wilkinson shifts (EISPACK tql2, as in JAMA).
 *
 * `d`: n f64, diagonal in, eigenvalues out (unsorted); `e`: n f64,
 * e[k] couples k and k+1 (destroyed). If `vectors` ≠ 0, `z` ([n, n] f64) is
 * set to I and rotated so that row i is the unit eigenvector of d[i] in T's
 * basis. Deflation is absolute: |e[k]| ≤ 2⁻⁵²·max(|d|+|e|), i.e. eigenvalue
 * errors are O(ε‖T‖), like LAPACK's dsteqr.
 * Returns the number of QL sweeps, or −1−l if eigenvalue l did not converge
 * in 60 sweeps (e.g. NaN input).
 *
 * With vectors, each sweep's rotations are recorded in `work` and applied to
 * Z `batch` sweeps at a time, in 8-column chunks that stay in L2: Z is read
 * once per batch instead of once per sweep (the arithmetic per element is the
 * same). `work`: f64 workspace of batch·(2n + 2) values (unused without
 * vectors); batch ≥ 1 (32 is a good default).
 */
export function tridiag_ql_f64(d: usize, e: usize, n: i32, z: usize, vectors: i32, work: usize, batch: i32): i32 {
  if (n <= 0) return 0;
  if (vectors != 0) {
    memory.fill(z, 0, (<usize>n * <usize>n) << 3);
    for (let i = 0; i < n; i++) st(z, i * n + i, 1);
  }
  st(e, n - 1, 0);
  const eps: f64 = 2.220446049250313e-16;
  let f: f64 = 0;
  let tst1: f64 = 0;
  let sweeps = 0;
  if (batch < 1) batch = 1;
  const rec = <usize>(2 * n + 2) << 3;
  let pending = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(ld(d, l)) + Math.abs(ld(e, l)));
    let m = l;
    while (m < n - 1) {
      if (Math.abs(ld(e, m)) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return -1 - l;
        sweeps++;
        const sw = work + <usize>pending * rec;
        if (vectors != 0) {
          st(sw, 0, <f64>l);
          st(sw, 1, <f64>m);
        }
        let g = ld(d, l);
        let p = (ld(d, l + 1) - g) / (2.0 * ld(e, l));
        let r = Math.sqrt(p * p + 1.0);
        if (p < 0) r = -r;
        st(d, l, ld(e, l) / (p + r));
        st(d, l + 1, ld(e, l) * (p + r));
        const dl1 = ld(d, l + 1);
        let h = g - ld(d, l);
        for (let i = l + 2; i < n; i++) st(d, i, ld(d, i) - h);
        f += h;
        p = ld(d, m);
        let c: f64 = 1, c2: f64 = 1, c3: f64 = 1;
        const el1 = ld(e, l + 1);
        let s: f64 = 0, s2: f64 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const ei = ld(e, i);
          g = c * ei;
          h = c * p;
          r = Math.sqrt(p * p + ei * ei);
          st(e, i + 1, s * r);
          s = ei / r;
          c = p / r;
          const di = ld(d, i);
          p = c * di - s * g;
          st(d, i + 1, h + s * (c * g + s * di));
          if (vectors != 0) {
            st(sw, 2 + i, c);
            st(sw, 2 + n + i, s);
          }
        }
        if (vectors != 0 && ++pending == batch) {
          applySweeps(z, n, work, pending);
          pending = 0;
        }
        p = (-s * s2 * c3 * el1 * ld(e, l)) / dl1;
        st(e, l, s * p);
        st(d, l, c * p);
      } while (Math.abs(ld(e, l)) > eps * tst1);
    }
    st(d, l, ld(d, l) + f);
    st(e, l, 0);
  }
  if (vectors != 0 && pending > 0) applySweeps(z, n, work, pending);
  return sweeps;
}

/**
 * Applies `count` recorded QL sweeps to the rows of Z. Sweep b rotates rows
 * (i, i+1) for i = m−1 down to l: row i+1 ← s·row i + c·row i+1 and
 * row i ← c·row i − s·row i+1; the new row i is carried to the next rotation
 * in registers, so each element is loaded and stored once per sweep.
 */
function applySweeps(z: usize, n: i32, work: usize, count: i32): void {
  const rec = <usize>(2 * n + 2) << 3;
  const stride = <usize>n << 3;
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    for (; k + 8 <= n; k += 8) {
      const zk = z + (<usize>k << 3);
      for (let b = 0; b < count; b++) {
        const sw = work + <usize>b * rec;
        const l = <i32>ld(sw, 0);
        const m = <i32>ld(sw, 1);
        let p = zk + <usize>m * stride;
        let c0 = v128.load(p), c1 = v128.load(p, 16), c2 = v128.load(p, 32), c3 = v128.load(p, 48);
        for (let i = m - 1; i >= l; i--) {
          const c = f64x2.splat(ld(sw, 2 + i));
          const s = f64x2.splat(ld(sw, 2 + n + i));
          const q = p - stride;
          const x0 = v128.load(q), x1 = v128.load(q, 16), x2 = v128.load(q, 32), x3 = v128.load(q, 48);
          v128.store(p, f64x2.add(f64x2.mul(s, x0), f64x2.mul(c, c0)));
          v128.store(p, f64x2.add(f64x2.mul(s, x1), f64x2.mul(c, c1)), 16);
          v128.store(p, f64x2.add(f64x2.mul(s, x2), f64x2.mul(c, c2)), 32);
          v128.store(p, f64x2.add(f64x2.mul(s, x3), f64x2.mul(c, c3)), 48);
          c0 = f64x2.sub(f64x2.mul(c, x0), f64x2.mul(s, c0));
          c1 = f64x2.sub(f64x2.mul(c, x1), f64x2.mul(s, c1));
          c2 = f64x2.sub(f64x2.mul(c, x2), f64x2.mul(s, c2));
          c3 = f64x2.sub(f64x2.mul(c, x3), f64x2.mul(s, c3));
          p = q;
        }
        v128.store(p, c0);
        v128.store(p, c1, 16);
        v128.store(p, c2, 32);
        v128.store(p, c3, 48);
      }
    }
  }
  for (; k < n; k++) {
    const zk = z + (<usize>k << 3);
    for (let b = 0; b < count; b++) {
      const sw = work + <usize>b * rec;
      const l = <i32>ld(sw, 0);
      const m = <i32>ld(sw, 1);
      let p = zk + <usize>m * stride;
      let cur = load<f64>(p);
      for (let i = m - 1; i >= l; i--) {
        const c = ld(sw, 2 + i);
        const s = ld(sw, 2 + n + i);
        const q = p - stride;
        const x = load<f64>(q);
        store<f64>(p, s * x + c * cur);
        cur = c * x - s * cur;
        p = q;
      }
      store<f64>(p, cur);
    }
  }
}

/**
 * Back-transformation: z_t ← Q·z_t for m rows z_t (length n) of `z`, with
 * Q = H₀·…·H_{n−2} from tridiag_f64 (`a`, `tau`), i.e. eigenvectors of T to
 * eigenvectors of A. Rows go four at a time so each reflector is read once
 * per four rows (4 fused dots, then 4 fused axpys).
 */
export function householder_apply_f64(a: usize, n: i32, tau: usize, z: usize, m: i32): void {
  let t = 0;
  for (; t + 4 <= m; t += 4) {
    const z0 = at(z, t, 0, n), z1 = at(z, t + 1, 0, n), z2 = at(z, t + 2, 0, n), z3 = at(z, t + 3, 0, n);
    for (let k = n - 2; k >= 0; k--) {
      const tk = ld(tau, k);
      if (tk == 0) continue;
      const v = at(a, k, 0, n);
      let c = k + 2;
      let s0 = ld(z0, k + 1), s1 = ld(z1, k + 1), s2 = ld(z2, k + 1), s3 = ld(z3, k + 1);
      if (ASC_FEATURE_SIMD) {
        let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
        for (; c + 2 <= n; c += 2) {
          const o = <usize>c << 3;
          const vc = v128.load(v + o);
          a0 = f64x2.add(a0, f64x2.mul(vc, v128.load(z0 + o)));
          a1 = f64x2.add(a1, f64x2.mul(vc, v128.load(z1 + o)));
          a2 = f64x2.add(a2, f64x2.mul(vc, v128.load(z2 + o)));
          a3 = f64x2.add(a3, f64x2.mul(vc, v128.load(z3 + o)));
        }
        s0 += f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
        s1 += f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
        s2 += f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
        s3 += f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
      }
      for (; c < n; c++) {
        const vc = ld(v, c);
        s0 += vc * ld(z0, c);
        s1 += vc * ld(z1, c);
        s2 += vc * ld(z2, c);
        s3 += vc * ld(z3, c);
      }
      s0 *= tk;
      s1 *= tk;
      s2 *= tk;
      s3 *= tk;
      st(z0, k + 1, ld(z0, k + 1) - s0);
      st(z1, k + 1, ld(z1, k + 1) - s1);
      st(z2, k + 1, ld(z2, k + 1) - s2);
      st(z3, k + 1, ld(z3, k + 1) - s3);
      c = k + 2;
      if (ASC_FEATURE_SIMD) {
        const w0 = f64x2.splat(s0), w1 = f64x2.splat(s1), w2 = f64x2.splat(s2), w3 = f64x2.splat(s3);
        for (; c + 2 <= n; c += 2) {
          const o = <usize>c << 3;
          const vc = v128.load(v + o);
          v128.store(z0 + o, f64x2.sub(v128.load(z0 + o), f64x2.mul(w0, vc)));
          v128.store(z1 + o, f64x2.sub(v128.load(z1 + o), f64x2.mul(w1, vc)));
          v128.store(z2 + o, f64x2.sub(v128.load(z2 + o), f64x2.mul(w2, vc)));
          v128.store(z3 + o, f64x2.sub(v128.load(z3 + o), f64x2.mul(w3, vc)));
        }
      }
      for (; c < n; c++) {
        const vc = ld(v, c);
        st(z0, c, ld(z0, c) - s0 * vc);
        st(z1, c, ld(z1, c) - s1 * vc);
        st(z2, c, ld(z2, c) - s2 * vc);
        st(z3, c, ld(z3, c) - s3 * vc);
      }
    }
  }
  for (; t < m; t++) {
    const zt = at(z, t, 0, n);
    for (let k = n - 2; k >= 0; k--) {
      const tk = ld(tau, k);
      if (tk == 0) continue;
      const v = at(a, k, 0, n);
      const o = <usize>(k + 2) << 3;
      const s = tk * (ld(zt, k + 1) + dot(v + o, zt + o, n - k - 2));
      st(zt, k + 1, ld(zt, k + 1) - s);
      axpy(zt + o, v + o, -s, n - k - 2);
    }
  }
}

/**
 * Quadratic forms out[t] = z_tᵀ·S·z_t for m rows z_t (length n) of `z` and a
 * full [n, n] f64 matrix S (cvPCA's cross-validated variances along PCs).
 * Four rows at a time, so S is read once per four rows.
 */
export function quadform_f64(s: usize, n: i32, z: usize, m: i32, out: usize): void {
  let t = 0;
  for (; t + 4 <= m; t += 4) {
    const z0 = at(z, t, 0, n), z1 = at(z, t + 1, 0, n), z2 = at(z, t + 2, 0, n), z3 = at(z, t + 3, 0, n);
    let q0: f64 = 0, q1: f64 = 0, q2: f64 = 0, q3: f64 = 0;
    for (let r = 0; r < n; r++) {
      const row = at(s, r, 0, n);
      q0 += ld(z0, r) * dot(row, z0, n);
      q1 += ld(z1, r) * dot(row, z1, n);
      q2 += ld(z2, r) * dot(row, z2, n);
      q3 += ld(z3, r) * dot(row, z3, n);
    }
    st(out, t, q0);
    st(out, t + 1, q1);
    st(out, t + 2, q2);
    st(out, t + 3, q3);
  }
  for (; t < m; t++) {
    const zt = at(z, t, 0, n);
    let q: f64 = 0;
    for (let r = 0; r < n; r++) q += ld(zt, r) * dot(at(s, r, 0, n), zt, n);
    st(out, t, q);
  }
}
