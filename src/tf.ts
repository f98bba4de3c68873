// The one place tfjs is imported. `@tensorflow/tfjs` (its CJS entry in Node)
// registers the gradients; importing the wasm backend registers it with the
// same tfjs-core instance.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { DenseEngine, setDefaultDense } from "./wasm/dense.js";

export { tf };

let ready: Promise<void> | null = null;

/**
 * Selects tfjs's WASM backend (SIMD build; single-threaded in Node) once, and
 * makes hebblab's one-thread {@link DenseEngine} the dense products' engine
 * unless one is active (the runner swaps in its multi-threaded one while it
 * trains). Every tfjs computation in hebblab runs after this, so every
 * model's products take the same arithmetic wherever they run.
 */
export function initTf(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      const [ok, engine] = await Promise.all([tf.setBackend("wasm"), DenseEngine.create({ threads: 1 })]);
      if (!ok) throw new Error("hebblab: the tfjs wasm backend failed to initialize");
      await tf.ready();
      shareClones();
      setDefaultDense(engine);
    })();
    ready.catch(() => (ready = null));
  }
  return ready;
}

/**
 * Makes tfjs-backend-wasm's `clone` share its source's data, as tfjs's CPU backend does (and the wasm
 * backend's own `reshape`): tfjs tensors are immutable, and the backend's reference count keeps the
 * data until the last tensor on it is disposed. tfjs clones every tensor it saves for a gradient, and
 * the wasm backend's Identity copied it under a new `dataId`: each PGD step copied every weight matrix
 * (6.3 MB for 784 × 2000) and the dense engine, which keys what it keeps by `dataId`, saw a new
 * operand to copy in and pack again (issue 25). Values are unchanged; no kernel writes to its inputs.
 */
function shareClones(): void {
  const own = tf.getKernel("Identity", "wasm");
  if (!own || sharing) return;
  sharing = true;
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === "string") return own.kernelFunc(args);
      (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
let sharing = false;

/** Copies a tensor's values out (f32). */
export async function toArray(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}
