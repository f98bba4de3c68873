// Issue 14: the waveform model's log-mel front end in tfjs is the twin of the data's log-mel spectrogram.
import { describe, expect, it } from "vitest";
import { logMelSpectrogram } from "../../src/data/audio/logmel.js";
import { LogMelFront, LogMelFrontConfig } from "../../src/models/logmelFront.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";

describe("LogMelFront", () => {
  it("gives logMelSpectrogram's images from waveforms stored in [0, 1] (a tail frame included), with finite input gradients", async () => {
    await initTf();
    const cfg = LogMelFrontConfig.parse({ kind: "logmel", frame: 256, mels: 20 });
    const n = 1000; // 4 frames, the last one padded
    const rng = new Rng(1);
    const waves = [0, 1].map(() => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(i / 7) * Math.exp(-i / 600) + 0.02 * rng.normal()));
    const f = new LogMelFront(cfg, n);
    expect([f.frames, f.width]).toEqual([4, 80]);
    const x = tf.tensor2d(Float32Array.from(waves.flatMap((w) => Array.from(w, (v) => (v + 1) / 2))), [2, n]);
    const out = f.apply(x).arraySync();
    waves.forEach((w, b) => {
      const ref = logMelSpectrogram(w, cfg.sampleRate, { frame: 256, hop: 256, mels: 20, fmin: 20, floorDb: -60, rangeDb: 110 });
      for (let i = 0; i < ref.data.length; i++) expect(Math.abs(out[b][i] - ref.data[i])).toBeLessThan(2e-4);
    });
    const g = tf.grad((xx: tf.Tensor) => tf.sum(f.apply(xx as tf.Tensor2D)))(x);
    expect(g.dataSync().every(Number.isFinite)).toBe(true);
    tf.dispose([x, g]);
    f.dispose();
  });
});
