// Scalar and SIMD helpers the kernel families share: integer powers by
// repeated squaring, the synapse transform's core, axpy and its max-abs
// variant. Imported by kernel files; not re-exported by assembly/index.ts, so
// none of them is a module export (kernels are).

export const ABS_MASK: u32 = 0x7fffffff;
export const SIGN_MASK: u32 = 0x80000000;

// Exponents that are whole numbers up to this bound use repeated squaring,
// which is exact enough and far faster than a software pow.
export const MAX_INT_EXP: f64 = 64;

// @ts-ignore: decorator
@inline
export function isSmallInt(e: f64): bool {
  return e >= 0 && e <= MAX_INT_EXP && e == Math.floor(e);
}

/** x^e for a small non-negative integer e by repeated squaring (exact order of products, as in the twin); T is f32 or f64. */
// @ts-ignore: decorator
@inline
export function powInt<T>(x: T, e: i32): T {
  let r = <T>1;
  let b = x;
  while (e > 0) {
    if (e & 1) r *= b;
    e >>= 1;
    if (e) b *= b;
  }
  return r;
}

// @ts-ignore: decorator
@inline
export function powIntV(x: v128, e: i32): v128 {
  let r = f32x4.splat(1);
  let b = x;
  while (e > 0) {
    if (e & 1) r = f32x4.mul(r, b);
    e >>= 1;
    if (e) b = f32x4.mul(b, b);
  }
  return r;
}


/** copysign(|w|^e, w), NaN for NaN input; the scalar core of synapse_pow_f32. */
// @ts-ignore: decorator
@inline
export function synapseScalar(w: f32, e: f64, ie: i32, isInt: bool): f32 {
  if (isNaN<f32>(w)) return w;
  const a = Mathf.abs(w);
  const r = isInt ? powInt<f32>(a, ie) : Mathf.pow(a, <f32>e);
  return copysign<f32>(r, w);
}

/** W̃ = sign(W)|W|^(p−1) over n f32 (the core of synapse_pow_f32, for rule kernels that update rows). */
export function synapseRange(out: usize, w: usize, n: i32, p: f64): void {
  const e = p - 1;
  const isInt = isSmallInt(e);
  const ie = isInt ? <i32>e : 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (isInt) {
      const absMask = i32x4.splat(ABS_MASK);
      const signMask = i32x4.splat(SIGN_MASK);
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        const v = v128.load(w + off);
        const r = powIntV(v128.and(v, absMask), ie);
        // copysign, then put NaN inputs back (|NaN|^0 would be 1).
        const s = v128.or(v128.and(r, absMask), v128.and(v, signMask));
        v128.store(out + off, v128.bitselect(v, s, f32x4.ne(v, v)));
      }
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, synapseScalar(load<f32>(w + off), e, ie, isInt));
  }
}

/** y += a·x over n f32. */
// @ts-ignore: decorator
@inline
export function axpy(y: usize, x: usize, a: f32, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(y + off, f32x4.add(v128.load(y + off), f32x4.mul(av, v128.load(x + off))));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, load<f32>(y + off) + a * load<f32>(x + off));
  }
}

/** y −= a·x over n f32; returns max|y| afterwards (NaN if any y is NaN). */
// @ts-ignore: decorator
@inline
export function subScaledMaxAbs(y: usize, x: usize, a: f32, n: i32): f32 {
  let i = 0;
  let m: f32 = 0;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a);
    let mv = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const v = f32x4.sub(v128.load(y + off), f32x4.mul(av, v128.load(x + off)));
      v128.store(y + off, v);
      mv = f32x4.max(mv, f32x4.abs(v));
    }
    m = Mathf.max(
      Mathf.max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
      Mathf.max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)),
    );
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = load<f32>(y + off) - a * load<f32>(x + off);
    store<f32>(y + off, v);
    m = Mathf.max(m, Mathf.abs(v));
  }
  return m;
}
