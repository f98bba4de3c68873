// Runs test code with a chosen dense engine active.
import { setActiveDense, type DenseEngine } from "../src/wasm/dense.js";

/** fn with `engine` active (null: tfjs-wasm's own kernels, XNNPACK), the previous engine restored after. */
export function using<T>(engine: DenseEngine | null, fn: () => T): T {
  const before = setActiveDense(engine);
  try {
    return fn();
  } finally {
    setActiveDense(before);
  }
}
