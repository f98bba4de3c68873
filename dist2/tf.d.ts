import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
export { tf };
/**
 * Selects tfjs's WASM backend (SIMD build; single-threaded in Node) once.
 * Every tfjs computation in hebblab runs after this.
 */
export declare function initTf(): Promise<void>;
/** Copies a tensor's values out (f32). */
export declare function toArray(t: tf.Tensor): Promise<Float32Array>;
