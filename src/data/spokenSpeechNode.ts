
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { logMelSpectrogram, type LogMelOptions } from "./audio/logmel.js";
import { SpokenSettings, spokenCacheTag } from "./audio/spokenConfig.js";
import { decodeWav, renderClip, type SpeakFn, type SpokenDigitOptions, type Utterance } from "./audio/spokenDigits.js";
import type { Dataset } from "./types.js";

/**
 * The default spoken-digit set: the six English voices of mespeak's eSpeak, four for training and
 * two never heard in training for testing; 24 and 12 utterances per digit and voice (960 / 240
 * clips of 1 s at 22,050 Hz), white noise at 20 dB SNR.
 */
export const SPOKEN_DEFAULTS: Omit<SpokenDigitOptions, "seed"> = {
  trainVoices: ["en/en", "en/en-us", "en/en-rp", "en/en-sc"],
  testVoices: ["en/en-n", "en/en-wm"],
  trainPerVoice: 24,
  testPerVoice: 12,
  length: 22050,
  snrDb: 20,
};

/**
 * The spectrogram of a clip: 512-sample frames (23 ms) without overlap, 40 mel bands from 20 Hz to
 * Nyquist, −60…+50 dB → [0, 1] (a full-scale tone reaches about +45 dB in its band; the noise floor
 * at 20 dB SNR lies near −30 dB).
 */
export const SPOKEN_LOGMEL: LogMelOptions = { frame: 512, hop: 512, mels: 40, fmin: 20, floorDb: -60, rangeDb: 110 };
export const SAMPLE_RATE = 22050;
/** Version of the log-mel cache format (a cache of another version is regenerated). */
export const MEL_CACHE_VERSION = 2;

/** eSpeak compiled to JavaScript (npm `mespeak`, GPL; an optional dependency used only here). */
export function mespeakSynth(voices: readonly string[]): SpeakFn {
  const require = createRequire(import.meta.url);
  let meSpeak: { loadConfig(c: unknown): void; loadVoice(v: unknown): void; speak(w: string, o: Record<string, unknown>): number[] };
  const [log, warn] = [console.log, console.warn];
  try {
    console.log = console.warn = () => {}; // mespeak announces that it runs outside a browser
    meSpeak = require("mespeak");
    meSpeak.loadConfig(require("mespeak/src/mespeak_config.json"));
    for (const v of voices) meSpeak.loadVoice(require(`mespeak/voices/${v}.json`));
  } catch (e) {
    throw new Error(
      `spoken-digits: needs the optional package 'mespeak' (eSpeak compiled to JavaScript, GPL-3.0): npm install mespeak (${(e as Error).message.split("\n")[0]})`,
    );
  } finally {
    [console.log, console.warn] = [log, warn];
  }
  return (word, o) => {
    const bytes = Uint8Array.from(meSpeak.speak(word, { rawdata: "array", voice: o.voice, pitch: Math.round(o.pitch), speed: Math.round(o.speed), amplitude: Math.round(o.amplitude) }));
    const { samples, sampleRate } = decodeWav(bytes, `mespeak '${word}' (${o.voice})`);
    if (sampleRate !== SAMPLE_RATE) throw new Error(`spoken-digits: mespeak gave ${sampleRate} Hz, expected ${SAMPLE_RATE}`);
    return samples;
  };
}

/** Log-mel images [n, mels·frames] of a split's clips, each rendered from its spoken samples. */
export function spectrogramDataset(plan: readonly Utterance[], spoken: readonly Float32Array[], source: string, snrDb = SPOKEN_DEFAULTS.snrDb): Dataset {
  const n = plan.length;
  let rows = 0;
  let cols = 0;
  let images = new Float32Array(0);
  const labels = new Uint8Array(n);
  plan.forEach((u, i) => {
    const clip = renderClip(spoken[i], u, SPOKEN_DEFAULTS.length, snrDb);
    const m = logMelSpectrogram(clip, SAMPLE_RATE, SPOKEN_LOGMEL);
    if (i === 0) {
      [rows, cols] = [m.mels, m.frames];
      images = new Float32Array(n * rows * cols);
    }
    images.set(m.data, u.index * rows * cols);
    labels[u.index] = u.label;
  });
  return { images, labels, n, rows, cols, dim: rows * cols, classes: 10, source };
}

/** Utterances one eSpeak instance speaks before it is replaced: mespeak's eSpeak breaks on about every 80th call in Node. */
const PER_INSTANCE = 40;

/**
 * Speaks every planned utterance, `PER_INSTANCE` at a time on a fresh worker thread (each with its
 * own eSpeak), two threads at once; returns the samples in plan order.
 */
export async function speakAll(plan: readonly Utterance[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
  const out: Float32Array[] = new Array(plan.length);
  const chunks: number[] = [];
  for (let s = 0; s < plan.length; s += PER_INSTANCE) chunks.push(s);
  let done = 0;
  const run = async (start: number) => {
    const part = plan.slice(start, start + PER_INSTANCE).map(({ word, voice, pitch, speed, amplitude }) => ({ word, voice, pitch, speed, amplitude }));
    const samples = await new Promise<Float32Array[]>((resolve, reject) => {
      const w = new Worker(new URL("../../dist/data/spokenWorker.js", import.meta.url), { workerData: { part } });
      w.once("message", (m: { samples?: Float32Array[]; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.samples!)));
      w.once("error", reject);
      w.once("exit", (code) => code !== 0 && reject(new Error(`spoken-digits: a synthesizer thread exited with code ${code}`)));
    });
    samples.forEach((x, i) => (out[start + i] = x));
    onProgress?.((done += samples.length));
  };
  for (let i = 0; i < chunks.length; i += 2) await Promise.all(chunks.slice(i, i + 2).map(run));
  return out;
}

/**
 * A spoken-digit cache file: `<dir>/<name>-v<version>-seed<S><options>.bin` (the tag is empty for the
 * default options), where dir is `$HEBBLAB_CACHE_DIR` when set (a node-local disk on a cluster, or a
 * writable place when the installation is not), else this package's `build/`.
 */
export function spokenCachePath(name: string, version: number, seed: number, o: SpokenSettings): string {
  const dir = process.env.HEBBLAB_CACHE_DIR || join(dirname(fileURLToPath(import.meta.url)), "..", "..", "build");
  return join(dir, `${name}-v${version}-seed${seed}${spokenCacheTag(o)}.bin`);
}

/** The generator's settings for a seed and the `data.spoken` options. */
export function spokenPlanOptions(seed: number, o: SpokenSettings): SpokenDigitOptions {
  return { ...SPOKEN_DEFAULTS, snrDb: o.snrDb, trainPerVoice: o.trainPerVoice, testPerVoice: o.testPerVoice, seed };
}

/** Cache file: a JSON header line, then the train and test features as bytes (value·255) and labels. */
export function encodeCache(train: Dataset, test: Dataset): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify({ version: MEL_CACHE_VERSION, rows: train.rows, cols: train.cols, train: train.n, test: test.n }) + "\n");
  const q = (d: Dataset) => Uint8Array.from(d.images, (v) => Math.round(v * 255));
  const parts = [head, q(train), train.labels, q(test), test.labels];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function decodeCache(bytes: Uint8Array, source: string): { train: Dataset; test: Dataset } | null {
  const nl = bytes.indexOf(10);
  if (nl < 0) return null;
  const h = JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl))) as { version: number; rows: number; cols: number; train: number; test: number };
  if (h.version !== MEL_CACHE_VERSION) return null;
  const dim = h.rows * h.cols;
  let o = nl + 1;
  const take = (n: number): Dataset => {
    const images = Float32Array.from(bytes.subarray(o, o + n * dim), (v) => v / 255);
    o += n * dim;
    const labels = bytes.slice(o, o + n);
    o += n;
    return { images, labels, n, rows: h.rows, cols: h.cols, dim, classes: 10, source };
  };
  const train = take(h.train);
  const test = take(h.test);
  return o === bytes.length ? { train, test } : null;
}

/** The first `n` clips of a set (all when n is absent); the error names the source. */
export function firstClips(d: Dataset, n?: number): Dataset {
  if (n === undefined) return d;
  if (n > d.n) throw new Error(`${d.source}: ${n} clips asked for, the set has ${d.n}`);
  return { ...d, images: d.images.slice(0, n * d.dim), labels: d.labels.slice(0, n), n };
}
