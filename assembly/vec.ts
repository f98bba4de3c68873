// Vector utilities shared by every pipeline: input validation before the hot kernels.

/**
 * Index of the first non-finite (NaN or ±Inf) entry of `x[0..n)`, or -1.
 * `x`: f32, 4-byte aligned. Used to reject NaN pixels/features with a clear
 * error before any kernel mixes them into a result.
 */
export function find_nonfinite_f32(x: usize, n: i32): i32 {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // x - x is 0 for finite values and NaN for NaN/Inf; NaN != NaN flags it.
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      const d = f32x4.sub(v, v);
      if (v128.any_true(f32x4.ne(d, d))) break;
    }
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (!isFinite<f32>(v)) return i;
  }
  return -1;
}
