import { findNonfiniteF32 } from "../../../src/kernels/reference/vec.js";
import { TOL } from "../../tolerances.js";
import { plant, type TwinCase } from "./types.js";

export const vecCases: TwinCase[] = [
  {
    kernel: "find_nonfinite_f32",
    run(w, rng, n, fill) {
      const x = rng.fillNormal(new Float32Array(n));
      plant(x, rng, fill);
      const m = w.arena.mark();
      const p = w.arena.putF32(x);
      const got = w.exports.find_nonfinite_f32(p, n);
      w.arena.release(m);
      return { wasm: [got], twin: [findNonfiniteF32(x)], tol: TOL.exact };
    },
  },
];
