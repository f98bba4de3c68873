import { z } from "zod";
import { Rng } from "../rng.js";
import { tf } from "../tf.js";
import { NoiseConfig } from "./noise.js";

/**
 * A VOne-style front end (Dapello et al. 2020/2021; `dicarlolab/vonenet`): a fixed Gabor filter bank
 * of simple cells (rectified linear) and complex cells (quadrature energy), scaled by k_exc, then
 * VOneNet's stochastic layer and a rectification, ahead of the trained layers. Gabor parameters are
 * sampled from the V1 distributions VOneNet uses (`params.py` `generate_gabor_param`: orientation
 * DeValois 1982a, spatial frequency DeValois 1982b correlated (sf_corr) with the envelope nx
 * (Ringach 2002), ny given nx, phase uniform), seeded. VOneNet's 224-px images span 8° (28 px/°)
 * with 25-px kernels at stride 4; sized here for 28×28 digits: 2° (14 px/°), 11-px kernels,
 * stride 4, spatial frequencies up to Nyquist (7 cycles/°), 32 + 32 channels (hebblab's choices).
 */
export const VOneConfig = z
  .object({
    kind: z.literal("vone"),
    simpleChannels: z.number().int().min(0).default(32).describe("Simple-cell channels: relu of the even Gabor response (VOneNet: 256 at 224 px)."),
    complexChannels: z.number().int().min(0).default(32).describe("Complex-cell channels: quadrature energy √(q0² + q1²)/√2 (VOneNet: 256)."),
    ksize: z.number().int().min(1).default(11).describe("Gabor kernel size in pixels, odd (VOneNet: 25 at 224 px)."),
    stride: z.number().int().min(1).default(4).describe("Convolution stride (VOneNet: 4)."),
    kExc: z.number().positive().default(25).describe("Gain k_exc of the Gabor responses (VOneNet: 25)."),
    visualDegrees: z.number().positive().default(2).describe("Visual angle the image spans, which sets pixels per degree (VOneNet: 8° for 224 px; hebblab: 2° for 28 px)."),
    sfCorr: z.number().min(-1).max(1).default(0.75).describe("Correlation of spatial frequency and envelope width nx (VOneNet: 0.75)."),
    sfMax: z.number().positive().default(7).describe("Highest spatial frequency, cycles/° (VOneNet: 9; here Nyquist at 14 px/°)."),
    sfMin: z.number().min(0).default(0).describe("Lowest spatial frequency, cycles/° (VOneNet: 0)."),
    gaborSeed: z.number().int().default(0).describe("Seed of the Gabor parameters (VOneNet: gabor_seed 0)."),
    noise: z
      .preprocess((v) => (typeof v === "string" ? { kind: v } : v), NoiseConfig.nullable())
      .default({ kind: "poisson", scale: 0.35, level: 0.07, fixed: false })
      .describe("VOneNet's stochastic layer on the front end's output: Poisson-like (default, scale 0.35, level 0.07), Gaussian, or null."),
  })
  .strict();
export type VOneConfig = z.infer<typeof VOneConfig>;

/** Gabor parameters per channel: frequency (cycles/°), orientation (°), phase (°), envelope sizes nx, ny (cycles). */
export interface GaborParams {
  sf: Float64Array;
  theta: Float64Array;
  phase: Float64Array;
  nx: Float64Array;
  ny: Float64Array;
}

/** numpy's interp: piecewise linear through (xp, fp), clamped at the ends. */
function interp(x: number, xp: readonly number[], fp: readonly number[]): number {
  if (x <= xp[0]) return fp[0];
  for (let i = 1; i < xp.length; i++) if (x <= xp[i]) return xp[i] === xp[i - 1] ? fp[i] : fp[i - 1] + ((fp[i] - fp[i - 1]) * (x - xp[i - 1])) / (xp[i] - xp[i - 1]);
  return fp[fp.length - 1];
}

const cumsum0 = (h: readonly number[]) => h.reduce<number[]>((acc, v) => [...acc, acc[acc.length - 1] + v], [0]);

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return 0.5 * (1 + (x < 0 ? -erf : erf));
}

/** VOneNet's `generate_gabor_param` with its neuronal distributions, seeded by `rng`. */
export function gaborParams(features: number, rng: Rng, o: Pick<VOneConfig, "sfCorr" | "sfMax" | "sfMin">): GaborParams {
  const oriBins = [-22.5, 22.5, 67.5, 112.5, 157.5];
  const oriDist = [66, 49, 77, 54].map((v, _, a) => v / a.reduce((s, x) => s + x, 0));
  const nBins = Array.from({ length: 6 }, (_, i) => 10 ** (-1 + (1.2 * i) / 5));
  const joint = [
    [2, 0, 1, 0, 0],
    [8, 9, 4, 1, 0],
    [1, 2, 19, 17, 3],
    [0, 0, 1, 7, 4],
    [0, 0, 0, 0, 0],
  ];
  const total = joint.flat().reduce((s, v) => s + v, 0);
  const nxDist = joint.map((r) => r.reduce((s, v) => s + v, 0) / total);
  const nyGivenNx = joint.map((r) => {
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((v) => (s > 0 ? v / s : 0));
  });
  let sfBins = [0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 5.6, 8];
  let sfDist = [4, 4, 8, 25, 32, 26, 28, 12];
  const hi = sfBins.reduce((k, b, i) => (b <= o.sfMax ? i : k), 0);
  const lo = sfBins.findIndex((b) => b >= o.sfMin);
  sfBins = sfBins.slice(lo, hi + 1);
  sfDist = sfDist.slice(lo, hi);
  const sfSum = sfDist.reduce((s, v) => s + v, 0);
  sfDist = sfDist.map((v) => v / sfSum);

  const phase = Float64Array.from({ length: features }, () => interp(rng.uniform(), [0, 1], [0, 360]));
  const theta = Float64Array.from({ length: features }, () => {
    const v = interp(rng.uniform(), cumsum0(oriDist), oriBins);
    return v < 0 ? v + 180 : v;
  });
  const nx = new Float64Array(features);
  const sf = new Float64Array(features);
  const logN = nBins.map(Math.log10);
  for (let i = 0; i < features; i++) {
    // Correlated standard normals (Schiller 1976's sf–size correlation), through their CDFs.
    const a = rng.normal();
    const b = o.sfCorr * a + Math.sqrt(1 - o.sfCorr * o.sfCorr) * rng.normal();
    nx[i] = 10 ** interp(normalCdf(a), cumsum0(nxDist), logN);
    sf[i] = 2 ** interp(normalCdf(b), cumsum0(sfDist), sfBins.map(Math.log2));
  }
  const ny = Float64Array.from(nx, (v) => {
    let bin = 0;
    for (let k = 0; k < nBins.length; k++) if (nBins[k] < v) bin = k;
    return 10 ** interp(rng.uniform(), cumsum0(nyGivenNx[Math.min(bin, 4)]), logN);
  });
  return { sf, theta, phase, nx, ny };
}

/** VOneNet's `gabor_kernel`: an oriented Gabor [ks, ks] (row = y, col = x), normalized by 2πσxσy. */
export function gaborKernel(frequency: number, sigmaX: number, sigmaY: number, theta: number, offset: number, ks: number): Float32Array {
  const w = Math.floor(ks / 2);
  const g = new Float32Array(ks * ks);
  for (let i = 0; i < ks; i++) {
    for (let j = 0; j < ks; j++) {
      // torch.meshgrid(grid, grid) (ij indexing): x varies along rows, y along columns.
      const x = i - w;
      const y = j - w;
      const rx = x * Math.cos(theta) + y * Math.sin(theta);
      const ry = -x * Math.sin(theta) + y * Math.cos(theta);
      g[i * ks + j] = (Math.exp(-0.5 * ((rx * rx) / (sigmaX * sigmaX) + (ry * ry) / (sigmaY * sigmaY))) / (2 * Math.PI * sigmaX * sigmaY)) * Math.cos(2 * Math.PI * frequency * rx + offset);
    }
  }
  return g;
}

/** The fixed filter bank of a VOne front end on side×side single-channel images. */
export class VOneFront {
  /** Even (q0) and odd (q1, phase + π/2) kernels [ks, ks, 1, channels] (tf.conv2d's filter layout). */
  private readonly q0: tf.Tensor4D;
  private readonly q1: tf.Tensor4D;
  /** Output side length and width (side² · channels). */
  readonly outSide: number;
  readonly width: number;
  readonly channels: number;

  constructor(
    readonly config: VOneConfig,
    readonly side: number,
  ) {
    const c = config;
    if (c.ksize % 2 !== 1) throw new Error(`vone: ksize must be odd, got ${c.ksize}`);
    this.channels = c.simpleChannels + c.complexChannels;
    if (this.channels < 1) throw new Error("vone: needs at least one simple or complex channel");
    const p = gaborParams(this.channels, new Rng(c.gaborSeed), c);
    const ppd = side / c.visualDegrees;
    const k = c.ksize;
    const q0 = new Float32Array(k * k * this.channels);
    const q1 = new Float32Array(k * k * this.channels);
    for (let ch = 0; ch < this.channels; ch++) {
      const f = p.sf[ch] / ppd;
      const th = (p.theta[ch] / 180) * Math.PI;
      const ph = (p.phase[ch] / 180) * Math.PI;
      const even = gaborKernel(f, p.nx[ch] / f, p.ny[ch] / f, th, ph, k);
      const odd = gaborKernel(f, p.nx[ch] / f, p.ny[ch] / f, th, ph + Math.PI / 2, k);
      for (let i = 0; i < k * k; i++) {
        q0[i * this.channels + ch] = even[i];
        q1[i * this.channels + ch] = odd[i];
      }
    }
    this.q0 = tf.tensor4d(q0, [k, k, 1, this.channels]);
    this.q1 = tf.tensor4d(q1, [k, k, 1, this.channels]);
    this.outSide = Math.floor((side + 2 * Math.floor(k / 2) - k) / c.stride) + 1;
    this.width = this.outSide * this.outSide * this.channels;
  }

  /**
   * Deterministic part [B, side²] → [B, width]: k_exc·[relu(q0_simple), √(q0² + q1²)/√2 of the complex
   * channels], NHWC-flattened. The energy adds 1e-12 under the root so its gradient stays finite on
   * blank image regions (where both responses are exactly 0).
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const b = x.shape[0];
      const img = tf.reshape(x, [b, this.side, this.side, 1]) as tf.Tensor4D;
      const pad = Math.floor(this.config.ksize / 2);
      const s0 = tf.conv2d(img, this.q0, this.config.stride, pad);
      const S = this.config.simpleChannels;
      const C = this.config.complexChannels;
      const parts: tf.Tensor4D[] = [];
      if (S > 0) parts.push(tf.relu(tf.slice(s0, [0, 0, 0, 0], [-1, -1, -1, S])) as tf.Tensor4D);
      if (C > 0) {
        const s1 = tf.conv2d(img, this.q1, this.config.stride, pad);
        const a = tf.slice(s0, [0, 0, 0, S], [-1, -1, -1, C]);
        const c = tf.slice(s1, [0, 0, 0, S], [-1, -1, -1, C]);
        parts.push(tf.div(tf.sqrt(tf.add(tf.add(tf.square(a), tf.square(c)), 1e-12)), Math.SQRT2) as tf.Tensor4D);
      }
      const out = parts.length === 1 ? parts[0] : tf.concat(parts, 3);
      return tf.reshape(tf.mul(out, this.config.kExc), [b, this.width]) as tf.Tensor2D;
    });
  }

  dispose(): void {
    this.q0.dispose();
    this.q1.dispose();
  }
}
