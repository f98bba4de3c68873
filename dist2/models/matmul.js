import { tf } from "../tf.js";
/**
 * The kernel name of {@link matMulFast}. Registered once per backend that has
 * `BatchMatMul`; its forward is that backend's own untransposed matMul.
 */
export const FAST_MATMUL = "HebblabMatMul";
// Backends whose BatchMatMul we wrap; registering for a backend that is not
// loaded is harmless (the kernel is looked up by backend name at run time).
const BACKENDS = ["wasm", "cpu", "webgl"];
let registered = false;
function ensureRegistered() {
    if (registered)
        return;
    registered = true;
    for (const backendName of BACKENDS) {
        let base;
        try {
            base = tf.getKernel("BatchMatMul", backendName);
        }
        catch {
            continue;
        }
        if (!base)
            continue;
        const baseFunc = base.kernelFunc;
        tf.registerKernel({
            kernelName: FAST_MATMUL,
            backendName,
            kernelFunc: ({ inputs, backend }) => baseFunc({ inputs, backend, attrs: { transposeA: false, transposeB: false, bias: null, activation: "linear" } }),
        });
    }
    // Lazy per-input thunks: tfjs calls only those on the path to the
    // variables, so the first layer never computes dX (tf.customGrad would).
    // The gradient is itself built from matMulFast, so nested gradients stay
    // on the fast path too.
    tf.registerGradient({
        kernelName: FAST_MATMUL,
        inputsToSave: ["a", "b"],
        gradFunc: (dy, saved) => {
            const [a, b] = saved;
            const g = dy;
            return {
                a: () => matMulFast(g, tf.transpose(b)),
                b: () => matMulFast(tf.transpose(a), g),
            };
        },
    });
}
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
export function matMulFast(a, b) {
    ensureRegistered();
    if (a.rank !== 2 || b.rank !== 2)
        throw new Error(`matMulFast: rank-2 operands required, got [${a.shape}] and [${b.shape}]`);
    if (a.shape[1] !== b.shape[0])
        throw new Error(`matMulFast: inner sizes differ, [${a.shape}]·[${b.shape}]`);
    return tf.engine().runKernel(FAST_MATMUL, { a, b });
}
/** tfjs's default path: `tf.matMul` with its built-in (transposed) gradient. Kept for benchmarks. */
export const matMulDefault = (a, b) => tf.matMul(a, b);
//# sourceMappingURL=matmul.js.map