// The one place tfjs is imported. `@tensorflow/tfjs` (its CJS entry in Node)
// registers the gradients; importing the wasm backend registers it with the
// same tfjs-core instance.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
export { tf };
let ready = null;
/**
 * Selects tfjs's WASM backend (SIMD build; single-threaded in Node) once.
 * Every tfjs computation in hebblab runs after this.
 */
export function initTf() {
    if (!ready) {
        ready = (async () => {
            const ok = await tf.setBackend("wasm");
            if (!ok)
                throw new Error("hebblab: the tfjs wasm backend failed to initialise");
            await tf.ready();
        })();
        ready.catch(() => (ready = null));
    }
    return ready;
}
/** Copies a tensor's values out (f32). */
export async function toArray(t) {
    return (await t.data());
}
//# sourceMappingURL=tf.js.map