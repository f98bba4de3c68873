import { adamF32, amsgradF32 } from "../../../src/kernels/reference/optim.js";
import type { Rng } from "../../../src/rng.js";
import type { Wasm } from "../../../src/wasm/init.js";
import { TOL } from "../../tolerances.js";
import { plant, type Fill, type TwinCase } from "./types.js";

const f = Math.fround;

/** adam_f32 against its twin at step t = 3 of tfjs's defaults (β₁ 0.9, β₂ 0.999, ε 1e-7, lr 1e-3): bit for bit. */
function runAdam(w: Wasm, rng: Rng, n: number, fill: Fill, inPlace: boolean) {
  const wv = rng.fillNormal(new Float32Array(n));
  const mv = rng.fillNormal(new Float32Array(n), 0, 0.1);
  const vv = Float32Array.from(rng.fillNormal(new Float32Array(n), 0, 0.01), (x) => x * x);
  const gv = rng.fillNormal(new Float32Array(n));
  plant(gv, rng, fill);
  const acc1 = f(f(0.9 * 0.9) * 0.9);
  const acc2 = f(f(0.999 * 0.999) * 0.999);
  const s = [f(0.9), f(1 - 0.9), f(0.999), f(1 - 0.999), f(1 - acc1), f(1 - acc2), f(1e-7), f(-1e-3)] as const;
  const [pw, pm, pv, pg] = [wv, mv, vv, gv].map((x) => w.arena.putF32(x));
  const outs = inPlace ? [pw, pm, pv] : [w.arena.allocF32(n), w.arena.allocF32(n), w.arena.allocF32(n)];
  w.exports.adam_f32(outs[0], outs[1], outs[2], pw, pm, pv, pg, n, ...s);
  const got = outs.flatMap((p) => Array.from(w.arena.f32(p, n)));
  const tw = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  adamF32(tw[0], tw[1], tw[2], wv, mv, vv, gv, n, ...s);
  return { wasm: got, twin: tw.flatMap((x) => Array.from(x)), tol: TOL.exact };
}

/** Every SIMD tail (n mod 4 = 0..3 twice over), empty input and a large odd size. */
const AMSGRAD_SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1023] as const;

/**
 * amsgrad_f32 against its twin at step t = 3 of PyTorch's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8, lr 1e-3;
 * the bias corrections in f64 as PyTorch computes them): bit for bit. The running maximum v̂ is drawn
 * so that about half the entries keep it and half take the new v.
 */
function runAmsgrad(w: Wasm, rng: Rng, n: number, fill: Fill, inPlace: boolean) {
  const wv = rng.fillNormal(new Float32Array(n));
  const mv = rng.fillNormal(new Float32Array(n), 0, 0.1);
  const vv = Float32Array.from(rng.fillNormal(new Float32Array(n), 0, 0.01), (x) => x * x);
  const hv = Float32Array.from(rng.fillNormal(new Float32Array(n), 0, 0.03), (x) => x * x);
  const gv = rng.fillNormal(new Float32Array(n));
  plant(gv, rng, fill);
  const t = 3;
  const s = [f(0.9), f(1 - 0.9), f(0.999), f(1 - 0.999), f(Math.sqrt(1 - 0.999 ** t)), f(1e-8), f(-1e-3 / (1 - 0.9 ** t))] as const;
  const [pw, pm, pv, ph, pg] = [wv, mv, vv, hv, gv].map((x) => w.arena.putF32(x));
  const outs = inPlace ? [pw, pm, pv, ph] : [w.arena.allocF32(n), w.arena.allocF32(n), w.arena.allocF32(n), w.arena.allocF32(n)];
  w.exports.amsgrad_f32(outs[0], outs[1], outs[2], outs[3], pw, pm, pv, ph, pg, n, ...s);
  const got = outs.flatMap((p) => Array.from(w.arena.f32(p, n)));
  const tw = [new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  amsgradF32(tw[0], tw[1], tw[2], tw[3], wv, mv, vv, hv, gv, n, ...s);
  return { wasm: got, twin: tw.flatMap((x) => Array.from(x)), tol: TOL.exact };
}

export const optimCases: TwinCase[] = [
  { kernel: "adam_f32", label: "into new arrays", run: (w, rng, n, fill) => runAdam(w, rng, n, fill, false) },
  { kernel: "adam_f32", label: "in place", run: (w, rng, n, fill) => runAdam(w, rng, n, fill, true) },
  { kernel: "amsgrad_f32", label: "into new arrays", sizes: AMSGRAD_SIZES, run: (w, rng, n, fill) => runAmsgrad(w, rng, n, fill, false) },
  { kernel: "amsgrad_f32", label: "in place", sizes: AMSGRAD_SIZES, run: (w, rng, n, fill) => runAmsgrad(w, rng, n, fill, true) },
];
