/**
 * Log-mel spectrograms in plain TypeScript (f64), platform-neutral: Hann-windowed frames, a radix-2
 * FFT, the power spectrum, HTK-style triangular mel filters, then decibels mapped to [0, 1].
 */

/** Options of {@link logMelSpectrogram}. */
export interface LogMelOptions {
  /** Samples per frame, a power of two (default 512: 23 ms at 22,050 Hz). */
  frame?: number;
  /** Samples between frame starts (default 512: no overlap). */
  hop?: number;
  /** Mel bands (default 40). */
  mels?: number;
  /** Lowest and highest filter edge, Hz (default 20 and the Nyquist frequency). */
  fmin?: number;
  fmax?: number;
  /** Decibel range mapped to [0, 1]: 10·log10(power) clipped to [floorDb, floorDb + rangeDb] (default −100, 100). */
  floorDb?: number;
  rangeDb?: number;
}

/** In-place iterative radix-2 FFT of (re, im), length a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1)) throw new Error(`fft: length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

const hzToMel = (f: number) => 2595 * Math.log10(1 + f / 700);
const melToHz = (m: number) => 700 * (10 ** (m / 2595) - 1);

/**
 * Triangular mel filters [mels, frame/2 + 1] (HTK mel scale, peaks 1, edges evenly spaced in mel
 * between fmin and fmax), as `tf.signal`-style front ends use them.
 */
export function melFilterbank(mels: number, frame: number, sampleRate: number, fmin: number, fmax: number): Float64Array {
  const bins = frame / 2 + 1;
  const edges = Array.from({ length: mels + 2 }, (_, i) => melToHz(hzToMel(fmin) + ((hzToMel(fmax) - hzToMel(fmin)) * i) / (mels + 1)));
  const fb = new Float64Array(mels * bins);
  for (let m = 0; m < mels; m++) {
    const [lo, mid, hi] = [edges[m], edges[m + 1], edges[m + 2]];
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / frame;
      const w = f <= lo || f >= hi ? 0 : f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
      fb[m * bins + k] = w;
    }
  }
  return fb;
}

/**
 * The log-mel spectrogram of `wave` (samples in [−1, 1]) as an image [mels, frames] row-major
 * (row 0 = lowest band), each value 10·log10(mel power + 1e-12) mapped from [floorDb, floorDb +
 * rangeDb] to [0, 1]. Frames past the end are zero-padded.
 */
export function logMelSpectrogram(wave: Float32Array, sampleRate: number, o: LogMelOptions = {}): { data: Float32Array; mels: number; frames: number } {
  const frame = o.frame ?? 512;
  const hop = o.hop ?? 512;
  const mels = o.mels ?? 40;
  const fb = melFilterbank(mels, frame, sampleRate, o.fmin ?? 20, o.fmax ?? sampleRate / 2);
  const floor = o.floorDb ?? -100;
  const range = o.rangeDb ?? 100;
  const frames = Math.max(1, Math.ceil(wave.length / hop));
  const bins = frame / 2 + 1;
  const hann = Float64Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const out = new Float32Array(mels * frames);
  const re = new Float64Array(frame);
  const im = new Float64Array(frame);
  for (let t = 0; t < frames; t++) {
    for (let i = 0; i < frame; i++) {
      const s = t * hop + i;
      re[i] = (s < wave.length ? wave[s] : 0) * hann[i];
      im[i] = 0;
    }
    fft(re, im);
    for (let m = 0; m < mels; m++) {
      let p = 0;
      for (let k = 0; k < bins; k++) {
        const w = fb[m * bins + k];
        if (w) p += w * (re[k] * re[k] + im[k] * im[k]);
      }
      const db = 10 * Math.log10(p + 1e-12);
      out[m * frames + t] = Math.min(1, Math.max(0, (db - floor) / range));
    }
  }
  return { data: out, mels, frames };
}

/**
 * The signal-to-noise ratio an attack budget guarantees at least, for waveforms of mean power
 * `power` (samples in [−1, 1]) and `dim` samples: an L∞ perturbation of ε per sample has power at
 * most ε², an L2 one of norm ε has power ε²/dim; SNR ≥ 10·log10(power / that). +∞ at ε = 0.
 */
export function snrBoundDb(power: number, eps: number, norm: "linf" | "l2", dim: number): number {
  const p = norm === "linf" ? eps * eps : (eps * eps) / dim;
  return p > 0 ? 10 * Math.log10(power / p) : Infinity;
}
