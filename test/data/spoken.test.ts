// Issue 14: the auditory domain — spoken digits synthesized here (eSpeak via the optional npm package
// mespeak), as log-mel images.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { fft, logMelSpectrogram, melFilterbank } from "../../src/data/audio/logmel.js";
import { decodeWav, DIGIT_WORDS, planSpokenDigits, renderClip } from "../../src/data/audio/spokenDigits.js";
import { loadSplit } from "../../src/data/load.js";
import { SPOKEN_DEFAULTS } from "../../src/data/spokenSpeechNode.js";
import { Rng } from "../../src/rng.js";

const hasMespeak = (() => {
  try {
    createRequire(import.meta.url).resolve("mespeak");
    return true;
  } catch {
    return false;
  }
})();

describe("log-mel spectrograms", () => {
  it("the FFT equals the DFT", () => {
    const rng = new Rng(1);
    const n = 64;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    for (const k of [0, 1, 7, 31, 32, 63]) {
      let a = 0;
      let b = 0;
      for (let t = 0; t < n; t++) {
        a += x[t] * Math.cos((-2 * Math.PI * k * t) / n);
        b += x[t] * Math.sin((-2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(a, 9);
      expect(im[k]).toBeCloseTo(b, 9);
    }
  });

  it("mel filters are triangles with peak 1, and a pure tone lights the band whose peak is nearest it", () => {
    const [sr, frame, mels] = [22050, 512, 40];
    const fb = melFilterbank(mels, frame, sr, 20, sr / 2);
    const bins = frame / 2 + 1;
    for (let m = 0; m < mels; m++) expect(Math.max(...fb.subarray(m * bins, (m + 1) * bins))).toBeGreaterThan(0.5);
    const f0 = 1000;
    const wave = Float32Array.from({ length: sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f0 * i) / sr));
    const s = logMelSpectrogram(wave, sr, { frame, hop: frame, mels });
    expect([s.mels, s.frames]).toEqual([40, 44]);
    // The loudest band in a middle frame holds the tone: its filter weight at 1 kHz is the largest.
    const t = 20;
    let best = 0;
    for (let m = 1; m < mels; m++) if (s.data[m * s.frames + t] > s.data[best * s.frames + t]) best = m;
    const k = Math.round((f0 * frame) / sr);
    let peak = 0;
    for (let m = 1; m < mels; m++) if (fb[m * bins + k] > fb[peak * bins + k]) peak = m;
    expect(Math.abs(best - peak)).toBeLessThanOrEqual(1);
    for (const v of s.data) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe("spoken-digit plan and clips", () => {
  it("plans every digit in every voice, prefixes balanced, test voices unheard, seeded", () => {
    const p = planSpokenDigits({ ...SPOKEN_DEFAULTS, seed: 3 });
    expect(p.train).toHaveLength(4 * 10 * 24);
    expect(new Set(p.train.map((u) => u.index)).size).toBe(960);
    const trainVoices = new Set(p.train.map((u) => u.voice));
    for (const u of p.test) expect(trainVoices.has(u.voice)).toBe(false);
    // The first 40 stored clips: every digit of every training voice once.
    const first = p.train.filter((u) => u.index < 40);
    expect(new Set(first.map((u) => `${u.voice}/${u.label}`)).size).toBe(40);
    expect(JSON.stringify(planSpokenDigits({ ...SPOKEN_DEFAULTS, seed: 3 }))).toBe(JSON.stringify(p));
    for (const u of p.train) expect(u.word).toBe(DIGIT_WORDS[u.label]);
  });

  it("adds noise at the asked SNR and keeps the word inside the clip", () => {
    const word = Float32Array.from({ length: 1000 }, (_, i) => 0.3 * Math.sin(i / 5));
    const u = { index: 0, label: 0, word: "zero", voice: "x", pitch: 50, speed: 175, amplitude: 100, offset: 0.5, noiseSeed: 9 };
    const clean = renderClip(word, u, 4000, 200);
    const noisy = renderClip(word, u, 4000, 10);
    let ps = 0;
    let pn = 0;
    for (let i = 0; i < 4000; i++) {
      ps += clean[i] ** 2;
      pn += (noisy[i] - clean[i]) ** 2;
    }
    expect(10 * Math.log10(ps / pn)).toBeCloseTo(10, 0);
    expect(clean[1500 + 10]).toBeCloseTo(word[10], 5);
    expect(() => decodeWav(new Uint8Array(50), "x.wav")).toThrow(/x\.wav: not a RIFF\/WAVE file/);
  });
});

describe("the spoken-digit sources' settings", () => {
  it("an MLP on spoken-digits is a waveform model (log-mel front end, standardized) unless the config says otherwise", async () => {
    const { resolveConfig } = await import("../../src/runner/config.js");
    const c = resolveConfig({ model: "mlp", data: { source: "spoken-digits" } });
    expect(c.mlp.frontEnd).toMatchObject({ kind: "logmel" });
    expect(c.mlp.standardize).toBe(true);
    const own = resolveConfig({ model: "mlp", data: { source: "spoken-digits" }, mlp: { frontEnd: null, standardize: false, hidden: [50] } });
    expect([own.mlp.frontEnd, own.mlp.standardize, own.mlp.hidden]).toEqual([null, false, [50]]);
    // Other sources leave the MLP as it was.
    expect(resolveConfig({ model: "mlp", data: { source: "spoken-digits-mel" } }).mlp.frontEnd).toBeNull();
  });

  it("local rules are sent to the log-mel images, and bad settings are named", async () => {
    const { resolveConfig } = await import("../../src/runner/config.js");
    expect(() => resolveConfig({ model: "kh", data: { source: "spoken-digits" } })).toThrow(/data\.source: 'spoken-digits' holds waveforms.*use 'spoken-digits-mel'/);
    expect((resolveConfig({ model: "kh", data: { source: "spoken-digits-mel", spoken: { snrDb: 10 } } }).data as { spoken?: unknown }).spoken).toEqual({ snrDb: 10, trainPerVoice: 24, testPerVoice: 12 });
    expect(() => resolveConfig({ data: { source: "spoken-digits-mel", spoken: { snrDb: "loud" } } })).toThrow(/data\.spoken\.snrDb/);
    expect(() => resolveConfig({ data: { source: "spoken-digits-mel", spoken: { voices: 3 } } })).toThrow(/data\.spoken.*voices/);
  });

  it("the loader names a bad setting before generating anything", async () => {
    await expect(loadSplit({ source: "spoken-digits-mel", splitSeed: 0, spoken: { snrDb: "loud" } } as never)).rejects.toThrow(/data\.spoken: snrDb/);
  });

  it("the defaults keep the existing cache names; other settings get their own", async () => {
    const { SpokenSettings, spokenCacheTag } = await import("../../src/data/audio/spokenConfig.js");
    expect(spokenCacheTag(SpokenSettings.parse({}))).toBe("");
    expect(spokenCacheTag(SpokenSettings.parse({ snrDb: 10 }))).toBe("-snr10-24x12");
    expect(SPOKEN_DEFAULTS.snrDb).toBe(SpokenSettings.parse({}).snrDb);
  });
});

describe.skipIf(!hasMespeak)("the spoken-digits-mel source (needs the optional package mespeak)", () => {
  it("builds 960/240 log-mel images of 40 × 44 once and then reads them from its cache", async () => {
    const s = await loadSplit({ source: "spoken-digits-mel", splitSeed: 0 });
    expect([s.train.n, s.test.n, s.train.rows, s.train.cols, s.train.classes]).toEqual([960, 240, 40, 44, 10]);
    const counts = new Array(10).fill(0);
    for (const l of s.test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(24));
    const again = await loadSplit({ source: "spoken-digits-mel", splitSeed: 0, train: 100 });
    expect(Array.from(again.train.images.subarray(0, 50))).toEqual(Array.from(s.train.images.subarray(0, 50)));
  }, 180_000);
});

describe.skipIf(!hasMespeak)("the spoken-digits source (waveforms) and a waveform model", () => {
  it("gives the same clips as waveforms in [0, 1], whose log-mel images match the spectrogram source", async () => {
    const { LogMelFront, LogMelFrontConfig } = await import("../../src/models/logmelFront.js");
    const { initTf, tf } = await import("../../src/tf.js");
    await initTf();
    const w = await loadSplit({ source: "spoken-digits", splitSeed: 0, train: 20, test: 10 });
    const s = await loadSplit({ source: "spoken-digits-mel", splitSeed: 0, train: 20, test: 10 });
    expect([w.train.rows, w.train.cols, w.test.n]).toEqual([1, 22050, 10]);
    expect(Array.from(w.train.labels)).toEqual(Array.from(s.train.labels));
    // The front end on the stored waveforms gives the cached spectrogram to its 8-bit quantization (and 16-bit audio).
    const f = new LogMelFront(LogMelFrontConfig.parse({ kind: "logmel" }), 22050);
    const img = f.apply(tf.tensor2d(w.test.images.subarray(0, 2 * 22050), [2, 22050])).dataSync();
    let worst = 0;
    for (let i = 0; i < img.length; i++) worst = Math.max(worst, Math.abs(img[i] - s.test.images[i]));
    expect(worst).toBeLessThan(0.02);
    f.dispose();
  }, 240_000);
});
