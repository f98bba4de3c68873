import { tf } from "../tf.js";
import { activeDense, type HeapBackend } from "../wasm/dense.js";

/**
 * The kernel name of {@link matMulFast}. Registered once per backend that has
 * `BatchMatMul`; its forward is that backend's own untransposed matMul.
 */
export const FAST_MATMUL = "HebblabMatMul";

// Backends whose BatchMatMul we wrap; registering for a backend that is not
// loaded is harmless (the kernel is looked up by backend name at run time).
const BACKENDS = ["wasm", "cpu", "webgl"];

let registered = false;

interface Attrs {
  transposeA: boolean;
  transposeB: boolean;
}
type KernelArgs = Parameters<tf.KernelFunc>[0];

function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  for (const backendName of BACKENDS) {
    let base: ReturnType<typeof tf.getKernel>;
    let transpose: ReturnType<typeof tf.getKernel>;
    try {
      base = tf.getKernel("BatchMatMul", backendName);
      transpose = tf.getKernel("Transpose", backendName);
    } catch {
      continue;
    }
    if (!base || !transpose) continue;
    const [mm, tr] = [base.kernelFunc, transpose.kernelFunc];
    // The backend's own product, untransposed (XNNPACK on wasm): transposed operands are copied first.
    const own = ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
      const { transposeA, transposeB } = attrs as unknown as Attrs;
      const t = (x: tf.TensorInfo) => tr({ inputs: { x }, backend, attrs: { perm: [1, 0] } }) as tf.TensorInfo;
      const a = transposeA ? t(inputs.a as tf.TensorInfo) : (inputs.a as tf.TensorInfo);
      const b = transposeB ? t(inputs.b as tf.TensorInfo) : (inputs.b as tf.TensorInfo);
      const out = mm({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false, bias: null, activation: "linear" } as never }) as tf.TensorInfo;
      for (const [x, made] of [[a, transposeA], [b, transposeB]] as const) if (made) (backend as tf.KernelBackend).disposeData(x.dataId);
      return out;
    };
    tf.registerKernel({
      kernelName: FAST_MATMUL,
      backendName,
      kernelFunc: (args) => {
        const engine = backendName === "wasm" ? activeDense() : null;
        const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
        if (!engine || a.dtype !== "float32" || b.dtype !== "float32") return own(args);
        const { transposeA, transposeB } = args.attrs as unknown as Attrs;
        return engine.matMul(args.backend as unknown as HeapBackend, a, b, transposeA, transposeB) as tf.TensorInfo;
      },
    });
  }
  // Lazy per-input thunks: tfjs calls only those on the path to the
  // variables, so the first layer never computes dX (tf.customGrad would).
  // The gradient is built from the same op with transpose flags (no
  // transposed copy in tfjs), so nested gradients stay on the fast path too.
  tf.registerGradient({
    kernelName: FAST_MATMUL,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as tf.Tensor2D[];
      const g = dy as tf.Tensor2D;
      const { transposeA: ta, transposeB: tb } = attrs as unknown as Attrs;
      // C = op(A)·op(B): dA and dB as in tfjs's own BatchMatMul gradient.
      if (!ta && !tb) return { a: () => product(g, b, false, true), b: () => product(a, g, true, false) };
      if (!ta && tb) return { a: () => product(g, b, false, false), b: () => product(g, a, true, false) };
      if (ta && !tb) return { a: () => product(b, g, false, true), b: () => product(a, g, false, false) };
      return { a: () => product(b, g, true, true), b: () => product(g, a, true, true) };
    },
  });
}

/** op(A)·op(B) through the registered kernel. */
function product(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  return tf.engine().runKernel(FAST_MATMUL, { a, b }, { transposeA, transposeB } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * C = A·B for A [M, K], B [K, N] (row-major f32), differentiable to any order
 * (its gradient is built from the same op).
 *
 * On the wasm backend with a {@link DenseEngine} active (the runner's, or the
 * one-thread engine `initTf` starts) the products run on hebblab's pool GEMM,
 * split over its threads, with operands kept in the pool's memory while they
 * are reused. Otherwise on the backend's own untransposed matMul.
 *
 * Why not `tf.matMul`: on tfjs-backend-wasm 4.22, `matMul` reaches XNNPACK only
 * when neither operand is transposed; tfjs's own gradient of matMul uses
 * `transposeA`/`transposeB` and falls to a scalar loop about 12 × slower. This
 * op's gradient passes transpose flags that the engine handles in its own
 * memory (a cached transpose) and the fallback by an explicit copy.
 * Requires tfjs initialized (any backend with `BatchMatMul`).
 */
export function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matMulT(a, b, false, false);
}

/** op(A)·op(B), op = transpose where asked: {@link matMulFast} with transpose flags (no transposed copy on the engine). */
export function matMulT(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  ensureRegistered();
  if (a.rank !== 2 || b.rank !== 2) throw new Error(`matMulFast: rank-2 operands required, got [${a.shape}] and [${b.shape}]`);
  const k1 = transposeA ? a.shape[0] : a.shape[1];
  const k2 = transposeB ? b.shape[1] : b.shape[0];
  if (k1 !== k2) throw new Error(`matMulFast: inner sizes differ, [${a.shape}]${transposeA ? "ᵀ" : ""}·[${b.shape}]${transposeB ? "ᵀ" : ""}`);
  return product(a, b, transposeA, transposeB);
}

/** A matMul of rank-2 tensors (either {@link matMulFast} or tfjs's own `tf.matMul`). */
export type MatMul = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** tfjs's default path: `tf.matMul` with its built-in (transposed) gradient. Kept for benchmarks. */
export const matMulDefault: MatMul = (a, b) => tf.matMul(a, b);
