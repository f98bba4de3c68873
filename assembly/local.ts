// What every local (Hebbian-type) layer computes, whatever its rule: the synapse
// transform W̃ = sign(W)|W|^(p−1) (Krotov & Hopfield 2019), the readout features
// relu(I)^n and the per-unit p-norms. Rules' own kernels live in their folders
// (src/kinds/<rule>/assembly/), built with these (scripts/buildWasm.mjs).
// All buffers are host-owned, row-major f32 (i32 for indices) and 4-byte
// aligned; nothing here allocates.

import { isSmallInt, MAX_INT_EXP, powInt, powIntV, synapseRange } from "./helpers";

/**
 * Synapse transform of the KH currents (Krotov & Hopfield 2019, eq. for I_μ):
 * out[i] = copysign(|w[i]|^(p−1), w[i]), i.e. sign(w)|w|^(p−1) except that
 * ±0 maps to ±1 when p = 1. NaN maps to NaN; ±Inf to ±Inf (p > 1).
 * out, w: [n] f32 (may alias). p ≥ 1; whole p − 1 ≤ 64 uses repeated squaring.
 */
export function synapse_pow_f32(out: usize, w: usize, n: i32, p: f64): void {
  synapseRange(out, w, n, p);
}

/**
 * Readout features (Krotov & Hopfield 2019; Holzhausen et al. 2024):
 * out[i] = max(x[i], 0)^power (power 0 gives 1 everywhere). NaN stays NaN
 * (except power 0); overflow gives +Inf. out, x: [n] f32 (may alias); power ≥ 0.
 * Powers that are multiples of ½ up to 64 use squaring and one sqrt.
 */
export function relu_pow_f32(out: usize, x: usize, n: i32, power: f64): void {
  const twice = power * 2;
  const fast = isSmallInt(twice) && power <= MAX_INT_EXP;
  const ie = fast ? <i32>Math.floor(power) : 0;
  const half = fast && <f64>ie != power;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (fast) {
      const zero = f32x4.splat(0);
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        // f32x4.max propagates NaN, as required.
        const v = f32x4.max(v128.load(x + off), zero);
        let r = powIntV(v, ie);
        if (half) r = f32x4.mul(r, f32x4.sqrt(v));
        v128.store(out + off, r);
      }
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = Mathf.max(load<f32>(x + off), 0);
    let r: f32;
    if (fast) {
      r = powInt<f32>(v, ie);
      if (half) r *= Mathf.sqrt(v);
    } else {
      r = Mathf.pow(v, <f32>power);
    }
    store<f32>(out + off, r);
  }
}

/**
 * Per-unit p-norms ‖W_μ‖_p = (Σ_i |W_μi|^p)^(1/p), accumulated in f64.
 * out: [rows] f64 (8-byte aligned); w: [rows, d] row-major f32; p ≥ 1.
 * NaN in a row gives NaN, ±Inf gives +Inf.
 */
export function row_norm_p_f32(out: usize, w: usize, rows: i32, d: i32, p: f64): void {
  const isInt = isSmallInt(p);
  const ie = isInt ? <i32>p : 0;
  for (let r = 0; r < rows; r++) {
    const pw = w + ((<usize>r * <usize>d) << 2);
    let s: f64 = 0;
    for (let i = 0; i < d; i++) {
      const a = Math.abs(<f64>load<f32>(pw + (<usize>i << 2)));
      s += isInt ? powInt<f64>(a, ie) : Math.pow(a, p);
    }
    store<f64>(out + (<usize>r << 3), Math.pow(s, 1 / p));
  }
}
