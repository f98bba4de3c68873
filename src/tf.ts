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
      setDefaultDense(engine);
    })();
    ready.catch(() => (ready = null));
  }
  return ready;
}

/** Copies a tensor's values out (f32). */
export async function toArray(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}
