import { z } from "zod";
import { melFilterbank } from "../data/audio/logmel.js";
import { tf } from "../tf.js";

/**
 * A differentiable log-mel front end on raw waveforms (Dapello et al. 2021 attack the sound itself):
 * inputs are waveforms w ∈ [−1, 1] stored as x = (w + 1)/2 ∈ [0, 1] (the data contract), so an
 * L∞ budget ε on x is 2ε on the waveform. Frames of `frame` samples without overlap, Hann window,
 * the DFT as two fixed matrix products (cos and sin, the window folded in), power, HTK mel filters,
 * 10·log10, and [floorDb, floorDb + rangeDb] → [0, 1]: the same spectrogram as
 * `logMelSpectrogram` of `src/data/audio/logmel.ts` (its twin in the tests), laid out [mels, frames].
 */
export const LogMelFrontConfig = z
  .object({
    kind: z.literal("logmel"),
    sampleRate: z.number().int().positive().default(22050).describe("Samples per second of the waveform."),
    frame: z.number().int().min(2).default(512).describe("Samples per frame (and hop: frames do not overlap)."),
    mels: z.number().int().min(1).default(40).describe("Mel bands (HTK scale)."),
    fmin: z.number().min(0).default(20).describe("Lowest filter edge, Hz (highest: Nyquist)."),
    floorDb: z.number().default(-60).describe("Decibels mapped to 0."),
    rangeDb: z.number().positive().default(110).describe("Decibel range mapped to [0, 1]."),
  })
  .strict();
export type LogMelFrontConfig = z.infer<typeof LogMelFrontConfig>;

/** The fixed log-mel front end of a waveform model (see {@link LogMelFrontConfig}). */
export class LogMelFront {
  private readonly cos: tf.Tensor2D;
  private readonly sin: tf.Tensor2D;
  private readonly mel: tf.Tensor2D;
  readonly frames: number;
  readonly width: number;

  constructor(
    readonly config: LogMelFrontConfig,
    readonly samples: number,
  ) {
    const { frame, mels, sampleRate, fmin } = config;
    const bins = Math.floor(frame / 2) + 1;
    this.frames = Math.ceil(samples / frame);
    this.width = mels * this.frames;
    const c = new Float32Array(frame * bins);
    const s = new Float32Array(frame * bins);
    for (let i = 0; i < frame; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame);
      for (let k = 0; k < bins; k++) {
        c[i * bins + k] = w * Math.cos((2 * Math.PI * i * k) / frame);
        s[i * bins + k] = -w * Math.sin((2 * Math.PI * i * k) / frame);
      }
    }
    const fb = melFilterbank(mels, frame, sampleRate, fmin, sampleRate / 2);
    const m = new Float32Array(bins * mels);
    for (let j = 0; j < mels; j++) for (let k = 0; k < bins; k++) m[k * mels + j] = fb[j * bins + k];
    this.cos = tf.tensor2d(c, [frame, bins]);
    this.sin = tf.tensor2d(s, [frame, bins]);
    this.mel = tf.tensor2d(m, [bins, mels]);
  }

  /** Waveforms x [B, samples] in [0, 1] → log-mel images [B, mels·frames] in [0, 1] (differentiable). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const b = x.shape[0];
      const { frame, mels, floorDb, rangeDb } = this.config;
      const pad = this.frames * frame - this.samples;
      let w = tf.sub(tf.mul(x, 2), 1) as tf.Tensor2D;
      if (pad > 0) w = tf.pad(w, [[0, 0], [0, pad]]);
      const frames = tf.reshape(w, [b * this.frames, frame]) as tf.Tensor2D;
      const power = tf.add(tf.square(tf.matMul(frames, this.cos)), tf.square(tf.matMul(frames, this.sin))) as tf.Tensor2D;
      const db = tf.mul(tf.log(tf.add(tf.matMul(power, this.mel), 1e-12)), 10 / Math.LN10);
      const scaled = tf.clipByValue(tf.div(tf.sub(db, floorDb), rangeDb), 0, 1);
      // [B·frames, mels] → [B, mels, frames], the spectrogram images' layout.
      return tf.reshape(tf.transpose(tf.reshape(scaled, [b, this.frames, mels]), [0, 2, 1]), [b, this.width]) as tf.Tensor2D;
    });
  }

  dispose(): void {
    tf.dispose([this.cos, this.sin, this.mel]);
  }
}
