import { reluPowF32, rowNormPF32, synapsePowF32 } from "../../../src/kernels/reference/local.js";
import { TOL } from "../../tolerances.js";
import { plant, type TwinCase } from "./types.js";

function synapseCase(p: number): TwinCase {
  return {
    kernel: "synapse_pow_f32",
    label: `p=${p}`,
    run(w, rng, n, fill) {
      const x = rng.fillNormal(new Float32Array(n), 0, 2);
      if (n > 2) x[1] = -0; // signed zero keeps its sign
      plant(x, rng, fill);
      const px = w.arena.putF32(x);
      const po = w.arena.allocF32(n);
      w.exports.synapse_pow_f32(po, px, n, p);
      const twin = new Float32Array(n);
      synapsePowF32(twin, x, n, p);
      return { wasm: w.arena.f32(po, n).slice(), twin, tol: TOL.f32 };
    },
  };
}

function reluPowCase(power: number): TwinCase {
  return {
    kernel: "relu_pow_f32",
    label: `power=${power}`,
    run(w, rng, n, fill) {
      const x = rng.fillNormal(new Float32Array(n), 0, 3);
      plant(x, rng, fill);
      const px = w.arena.putF32(x);
      // In place, as the learner uses it.
      w.exports.relu_pow_f32(px, px, n, power);
      const twin = new Float32Array(n);
      reluPowF32(twin, x, n, power);
      return { wasm: w.arena.f32(px, n).slice(), twin, tol: TOL.f32 };
    },
  };
}

function rowNormCase(p: number): TwinCase {
  return {
    kernel: "row_norm_p_f32",
    label: `p=${p}, [n, n+3]`,
    run(w, rng, n, fill) {
      const d = n + 3;
      const x = rng.fillNormal(new Float32Array(n * d));
      plant(x, rng, fill);
      const px = w.arena.putF32(x);
      const po = w.arena.allocF64(n);
      w.exports.row_norm_p_f32(po, px, n, d, p);
      const twin = new Float64Array(n);
      rowNormPF32(twin, x, n, d, p);
      return { wasm: w.arena.f64(po, n).slice(), twin, tol: TOL.f64Pow };
    },
  };
}

/** Twin cases of `assembly/local.ts`: what every local layer computes. */
export const localCases: TwinCase[] = [
  synapseCase(3),
  synapseCase(2),
  synapseCase(1),
  synapseCase(4.5),
  reluPowCase(4.5),
  reluPowCase(3),
  reluPowCase(1.3),
  reluPowCase(0),
  rowNormCase(3),
  rowNormCase(2.5),
];
