// Dense f32 matrix products over host-owned memory (row-major, 4-byte aligned).
// The register-blocked path keeps a 4×8 tile of C in eight v128 registers:
// per k it broadcasts four A values (load32_splat) and loads two v128 of B,
// so A rows stay in L1 and B streams from L2. Work is split by row ranges of C
// so a worker pool on a shared memory can take disjoint [m0, m1) slices.
// The `relaxed` build (ASC_FEATURE_RELAXED_SIMD) fuses each multiply-add into
// f32x4.relaxed_madd in the SIMD tiles (one FMA where the engine has it, so results may differ
// from the other builds in the last bits); every other build rounds twice.

/** c + a·b per lane: fused in the relaxed build, a mul then an add elsewhere. */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * C[i, :] = A[i, :] · B for rows i in [m0, m1) (C is overwritten there, other rows untouched).
 * A: [M, K], B: [K, N], C: [M, N], all row-major f32. Any sizes (tails handled).
 * NaN/±Inf follow IEEE arithmetic (a NaN in A row i or B column j makes C[i, j] NaN).
 * Preconditions: 0 ≤ m0 ≤ m1 ≤ M; C does not overlap A or B.
 */
export function gemm_f32(c: usize, a: usize, b: usize, m0: i32, m1: i32, n: i32, k: i32): void {
  if (m1 <= m0 || n <= 0) return;
  if (k <= 0) {
    memory.fill(c + ((<usize>m0 * <usize>n) << 2), 0, (<usize>(m1 - m0) * <usize>n) << 2);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    const ldb = <usize>n << 2;
    const lda = <usize>k << 2;
    let i = m0;
    for (; i + 4 <= m1; i += 4) {
      const pa = a + <usize>i * lda;
      const pc = c + <usize>i * ldb;
      let j = 0;
      for (; j + 8 <= n; j += 8) ptile4x8(pc + (<usize>j << 2), pa, b + (<usize>j << 2), lda, ldb, k, 8, ldb);
      for (; j + 4 <= n; j += 4) tile4x4(pc + (<usize>j << 2), pa, b + (<usize>j << 2), lda, ldb, k);
      for (; j < n; j++) {
        for (let r = 0; r < 4; r++) {
          store<f32>(pc + <usize>r * ldb + (<usize>j << 2), dotStrided(pa + <usize>r * lda, b + (<usize>j << 2), ldb, k));
        }
      }
    }
    for (; i < m1; i++) {
      const pa = a + <usize>i * lda;
      const pc = c + <usize>i * ldb;
      let j = 0;
      for (; j + 8 <= n; j += 8) tile1x8(pc + (<usize>j << 2), pa, b + (<usize>j << 2), ldb, k);
      for (; j < n; j++) store<f32>(pc + (<usize>j << 2), dotStrided(pa, b + (<usize>j << 2), ldb, k));
    }
  } else {
    gemmScalar(c, a, b, m0, m1, n, k);
  }
}

// @ts-ignore: decorator
@inline
function dotStrided(pa: usize, pb: usize, ldb: usize, k: i32): f32 {
  let s: f32 = 0;
  for (let l = 0; l < k; l++) {
    s += load<f32>(pa + (<usize>l << 2)) * load<f32>(pb);
    pb += ldb;
  }
  return s;
}

// @ts-ignore: decorator
@inline
function tile4x4(pc: usize, pa: usize, pb: usize, lda: usize, ldb: usize, k: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let p0 = pa;
  const end = pa + (<usize>k << 2);
  while (p0 < end) {
    const b0 = v128.load(pb);
    c0 = madd(v128.load32_splat(p0), b0, c0);
    c1 = madd(v128.load32_splat(p0 + lda), b0, c1);
    c2 = madd(v128.load32_splat(p0 + 2 * lda), b0, c2);
    c3 = madd(v128.load32_splat(p0 + 3 * lda), b0, c3);
    p0 += 4;
    pb += ldb;
  }
  v128.store(pc, c0);
  v128.store(pc + ldb, c1);
  v128.store(pc + 2 * ldb, c2);
  v128.store(pc + 3 * ldb, c3);
}

// @ts-ignore: decorator
@inline
function tile1x8(pc: usize, pa: usize, pb: usize, ldb: usize, k: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let p0 = pa;
  const end = pa + (<usize>k << 2);
  while (p0 < end) {
    const av = v128.load32_splat(p0);
    c0 = madd(av, v128.load(pb), c0);
    c1 = madd(av, v128.load(pb, 16), c1);
    p0 += 4;
    pb += ldb;
  }
  v128.store(pc, c0);
  v128.store(pc, c1, 16);
}

// ---- B packed in panels of 8 columns (the dense engine's products, issue 25)
//
// A panel holds K rows of 8 consecutive columns of B, contiguous (K·32 bytes; columns past N are 0),
// so a 4×8 tile reads B sequentially instead of one 32-byte piece every N·4 bytes, and a panel
// (25–64 KB for K = 784–2,000) stays in cache while every 4-row strip of a block of A passes over it.
// Each element of C is still Σ_k a·b in k order with a separate multiply and add: the same bits as
// gemm_f32 (and as tfjs-wasm's XNNPACK).

/** Rows of A per block: a block of A (≤ 64 × K f32) stays in L2 while the panels pass over it. */
const PACK_MC: i32 = 64;

/**
 * Packs panels [p0, p1) of B [K, N] (row-major f32), ⌈N/8⌉ panels in all: out[p, l, j] = B[l, 8p + j],
 * 0 where 8p + j ≥ N. out holds ⌈N/8⌉·K·8 f32 (panel p at byte p·K·32). Values are copied bit for bit
 * (NaN payloads included). The panel range lets a pool split the work. Preconditions: out does not
 * overlap b; 0 ≤ p0 ≤ p1 ≤ ⌈N/8⌉.
 */
export function pack_b_f32(out: usize, b: usize, p0: i32, p1: i32, k: i32, n: i32): void {
  const ldb = <usize>n << 2;
  // Blocks of 16 rows: the reads advance along 16 rows of B, each panel's writes are 512 contiguous
  // bytes (row by row, or panel by panel, one side would jump N·4 or K·32 bytes at every piece).
  for (let l0 = 0; l0 < k; l0 += 16) {
    const l1 = min(l0 + 16, k);
    for (let p = p0; p < p1; p++) {
      const j0 = p << 3;
      const w = <usize>min(8, n - j0) << 2;
      let po = out + ((<usize>p * <usize>k + <usize>l0) << 5);
      let pb = b + <usize>l0 * ldb + (<usize>j0 << 2);
      // Plain loads and stores (bit for bit): V8 makes a 32-byte memory.copy a call.
      if (w == 32) {
        for (let l = l0; l < l1; l++) {
          store<u64>(po, load<u64>(pb));
          store<u64>(po, load<u64>(pb, 8), 8);
          store<u64>(po, load<u64>(pb, 16), 16);
          store<u64>(po, load<u64>(pb, 24), 24);
          po += 32;
          pb += ldb;
        }
      } else {
        for (let l = l0; l < l1; l++) {
          for (let q: usize = 0; q < 32; q += 4) store<u32>(po + q, q < w ? load<u32>(pb + q) : 0);
          po += 32;
          pb += ldb;
        }
      }
    }
  }
}

/**
 * Packs panels [p0, p1) of B = btᵀ, where `bt` is [N, K] row-major f32, as pack_b_f32 does for B
 * (out[p, l, j] = bt[8p + j, l], 0 where 8p + j ≥ N): a product with a transposed operand needs no
 * transposed copy. Preconditions: out does not overlap bt; 0 ≤ p0 ≤ p1 ≤ ⌈N/8⌉.
 */
export function pack_bt_f32(out: usize, bt: usize, p0: i32, p1: i32, k: i32, n: i32): void {
  const ldt = <usize>k << 2;
  for (let p = p0; p < p1; p++) {
    const j0 = p << 3;
    const w = min(8, n - j0);
    const po = out + ((<usize>p * <usize>k) << 5);
    for (let j = 0; j < 8; j++) {
      const dst = po + (<usize>j << 2);
      if (j < w) {
        const src = bt + <usize>(j0 + j) * ldt;
        for (let l = 0; l < k; l++) store<u32>(dst + (<usize>l << 5), load<u32>(src + (<usize>l << 2)));
      } else {
        for (let l = 0; l < k; l++) store<u32>(dst + (<usize>l << 5), 0);
      }
    }
  }
}

/**
 * C[i, :] = A[i, :]·B for rows i in [m0, m1), with B given packed by pack_b_f32/pack_bt_f32 (`bp`).
 * A: [M, K], C: [M, N] row-major f32; other rows of C untouched. The same bits as gemm_f32 on the
 * same build (each element sums over k in order); NaN/±Inf follow IEEE arithmetic.
 * Preconditions: 0 ≤ m0 ≤ m1 ≤ M; C does not overlap A or bp.
 */
export function gemm_packed_f32(c: usize, a: usize, bp: usize, m0: i32, m1: i32, n: i32, k: i32): void {
  if (m1 <= m0 || n <= 0) return;
  const ldc = <usize>n << 2;
  if (k <= 0) {
    memory.fill(c + <usize>m0 * ldc, 0, <usize>(m1 - m0) * ldc);
    return;
  }
  const lda = <usize>k << 2;
  const panel = <usize>k << 5;
  const panels = (n + 7) >> 3;
  for (let i0 = m0; i0 < m1; i0 += PACK_MC) {
    const i1 = min(i0 + PACK_MC, m1);
    for (let p = 0; p < panels; p++) {
      const pb = bp + <usize>p * panel;
      const j0 = p << 3;
      const w = min(8, n - j0);
      const pcCol = c + (<usize>j0 << 2);
      let i = i0;
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= i1; i += 4) ptile4x8(pcCol + <usize>i * ldc, a + <usize>i * lda, pb, lda, ldc, k, w, 32);
        for (; i < i1; i++) ptile1x8(pcCol + <usize>i * ldc, a + <usize>i * lda, pb, k, w);
      } else {
        for (; i < i1; i++) {
          const pa = a + <usize>i * lda;
          const pc = pcCol + <usize>i * ldc;
          for (let j = 0; j < w; j++) {
            let s: f32 = 0;
            let q = pb + (<usize>j << 2);
            for (let l = 0; l < k; l++) {
              s += load<f32>(pa + (<usize>l << 2)) * load<f32>(q);
              q += 32;
            }
            store<f32>(pc + (<usize>j << 2), s);
          }
        }
      }
    }
  }
}

/** Stores the first w (0–4) lanes of v at p. */
// @ts-ignore: decorator
@inline
function storeLanes(p: usize, v: v128, w: i32): void {
  if (w > 0) store<f32>(p, f32x4.extract_lane(v, 0));
  if (w > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (w > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
  if (w > 3) store<f32>(p, f32x4.extract_lane(v, 3), 12);
}

/** Stores the first w (1–8) columns of one tile row (v0: columns 0–3, v1: 4–7). */
// @ts-ignore: decorator
@inline
function storeRow8(p: usize, v0: v128, v1: v128, w: i32): void {
  if (w == 8) {
    v128.store(p, v0);
    v128.store(p, v1, 16);
  } else if (w >= 4) {
    v128.store(p, v0);
    storeLanes(p + 16, v1, w - 4);
  } else {
    storeLanes(p, v0, w);
  }
}

/**
 * A 4 × 8 tile of C: rows of A `lda` bytes apart, successive rows of B `bStride` bytes apart (32 in a
 * packed panel, the row stride of B unpacked), the first w columns stored, rows `ldc` apart. Inlined
 * with constant w and bStride, so the full-tile path has no branch.
 */
// @ts-ignore: decorator
@inline
function ptile4x8(pc: usize, pa: usize, pb: usize, lda: usize, ldc: usize, k: i32, w: i32, bStride: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let p0 = pa;
  const end = pa + (<usize>k << 2);
  while (p0 < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(p0);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(p0 + lda);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(p0 + 2 * lda);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(p0 + 3 * lda);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    p0 += 4;
    pb += bStride;
  }
  storeRow8(pc, c00, c01, w);
  storeRow8(pc + ldc, c10, c11, w);
  storeRow8(pc + 2 * ldc, c20, c21, w);
  storeRow8(pc + 3 * ldc, c30, c31, w);
}

// @ts-ignore: decorator
@inline
function ptile1x8(pc: usize, pa: usize, pb: usize, k: i32, w: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let p0 = pa;
  const end = pa + (<usize>k << 2);
  while (p0 < end) {
    const av = v128.load32_splat(p0);
    c0 = madd(av, v128.load(pb), c0);
    c1 = madd(av, v128.load(pb, 16), c1);
    p0 += 4;
    pb += 32;
  }
  storeRow8(pc, c0, c1, w);
}

function gemmScalar(c: usize, a: usize, b: usize, m0: i32, m1: i32, n: i32, k: i32): void {
  const ldb = <usize>n << 2;
  const lda = <usize>k << 2;
  for (let i = m0; i < m1; i++) {
    const pa = a + <usize>i * lda;
    const pc = c + <usize>i * ldb;
    memory.fill(pc, 0, ldb);
    for (let l = 0; l < k; l++) {
      const av = load<f32>(pa + (<usize>l << 2));
      const pb = b + <usize>l * ldb;
      for (let j = 0; j < n; j++) {
        const q = pc + (<usize>j << 2);
        store<f32>(q, load<f32>(q) + av * load<f32>(pb + (<usize>j << 2)));
      }
    }
  }
}

/**
 * out = xᵀ: x is [rows, cols] row-major f32, out is [cols, rows] row-major f32.
 * Used to lay a mini-batch X [B, D] out as Xᵀ [D, B], the B operand of the
 * KH currents W̃·Xᵀ. Values are copied bit for bit (NaN payloads included).
 * Preconditions: out does not overlap x.
 */
export function transpose_f32(out: usize, x: usize, rows: i32, cols: i32): void {
  // 8×8 blocks keep both the read and the write side within a few cache lines.
  const ldx = <usize>cols << 2;
  const ldo = <usize>rows << 2;
  for (let i0 = 0; i0 < rows; i0 += 8) {
    const i1 = min(i0 + 8, rows);
    for (let j0 = 0; j0 < cols; j0 += 8) {
      const j1 = min(j0 + 8, cols);
      for (let i = i0; i < i1; i++) {
        const px = x + <usize>i * ldx;
        for (let j = j0; j < j1; j++) {
          store<u32>(out + <usize>j * ldo + (<usize>i << 2), load<u32>(px + (<usize>j << 2)));
        }
      }
    }
  }
}

/**
 * out[r, :] = src[idx[r], :] for r in [0, n): gathers rows of d f32 (a
 * shuffled mini-batch from a dataset held in WASM memory). idx: [n] i32 row
 * numbers of src; rows are copied bit for bit. Preconditions: out does not
 * overlap the rows it reads; every idx[r] is a row of src.
 */
export function gather_rows_f32(out: usize, src: usize, idx: usize, n: i32, d: i32): void {
  const ld = <usize>d << 2;
  for (let r = 0; r < n; r++) {
    const i = <usize>load<i32>(idx + (<usize>r << 2));
    memory.copy(out + <usize>r * ld, src + i * ld, ld);
  }
}
