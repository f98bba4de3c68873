import { tf } from "../tf.js";
/**
 * The kernel name of {@link matMulFast}. Registered once per backend that has
 * `BatchMatMul`; its forward is that backend's own untransposed matMul.
 */
export declare const FAST_MATMUL = "HebblabMatMul";
/**
 * C = A·B for A [M, K], B [K, N] (row-major f32), differentiable to any order
 * (its gradient is built from matMulFast itself).
 *
 * Why: on tfjs-backend-wasm 4.22, `matMul` reaches XNNPACK only when neither
 * operand is transposed; tfjs's own gradient of matMul uses
 * `transposeA`/`transposeB` and falls to a scalar loop about 12 × slower. This
 * op's gradient transposes explicitly (a cheap copy) and multiplies
 * untransposed: dA = dC·transpose(B), dB = transpose(A)·dC.
 * Requires tfjs initialised (any backend with `BatchMatMul`).
 */
export declare function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
/** A matMul of rank-2 tensors (either {@link matMulFast} or tfjs's own `tf.matMul`). */
export type MatMul = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
/** tfjs's default path: `tf.matMul` with its built-in (transposed) gradient. Kept for benchmarks. */
export declare const matMulDefault: MatMul;
