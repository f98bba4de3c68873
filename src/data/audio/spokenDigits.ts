import { Rng } from "../../rng.js";

/** The ten digit words, label = index. */
export const DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"] as const;

/** Speaks one word: samples in [−1, 1] (the synthesizer is injected: eSpeak via mespeak in Node). */
export type SpeakFn = (word: string, o: { voice: string; pitch: number; speed: number; amplitude: number }) => Float32Array;

/** Options of {@link planSpokenDigits}. */
export interface SpokenDigitOptions {
  /** Voices of the training split and of the test split (disjoint: test voices are never heard in training). */
  trainVoices: readonly string[];
  testVoices: readonly string[];
  /** Utterances per digit and voice. */
  trainPerVoice: number;
  testPerVoice: number;
  /** Clip length in samples (each utterance placed at a random offset, cut or zero-padded). */
  length: number;
  /** Signal-to-noise ratio of the added white noise, dB. */
  snrDb: number;
  seed: number;
}

/** One planned clip: what to say, how, and where its randomness comes from. */
export interface Utterance {
  /** Position in its split (repetition-major, so any prefix is balanced over voices and digits). */
  index: number;
  label: number;
  word: string;
  voice: string;
  /** eSpeak's pitch (0–99, default 50), speed (words/min, default 175) and amplitude (default 100), integers. */
  pitch: number;
  speed: number;
  amplitude: number;
  /** Where in the clip the word starts, as a fraction of the free room. */
  offset: number;
  /** Seed of the clip's noise. */
  noiseSeed: number;
}

/**
 * The seeded plan of the spoken-digit set: every digit word in every voice of a split, `perVoice`
 * times, with pitch 30–70, speed 140–200 and amplitude 80–120 drawn uniformly (around eSpeak's
 * defaults), a random placement and a noise seed. Listed voice by voice (the order to speak them
 * in), each with its storage `index`.
 */
export function planSpokenDigits(o: SpokenDigitOptions): { train: Utterance[]; test: Utterance[] } {
  const rng = new Rng(o.seed);
  const plan = (voices: readonly string[], per: number, r: Rng): Utterance[] => {
    const out: Utterance[] = [];
    voices.forEach((voice, v) => {
      for (let d = 0; d < DIGIT_WORDS.length; d++) {
        for (let rep = 0; rep < per; rep++) {
          out.push({
            index: (rep * voices.length + v) * DIGIT_WORDS.length + d,
            label: d,
            word: DIGIT_WORDS[d],
            voice,
            pitch: Math.round(30 + 40 * r.uniform()),
            speed: Math.round(140 + 60 * r.uniform()),
            amplitude: Math.round(80 + 40 * r.uniform()),
            offset: r.uniform(),
            noiseSeed: r.nextU32(),
          });
        }
      }
    });
    return out;
  };
  return { train: plan(o.trainVoices, o.trainPerVoice, rng.fork("train")), test: plan(o.testVoices, o.testPerVoice, rng.fork("test")) };
}

/**
 * A clip of `length` samples: the spoken word placed at its offset in the free room (or its middle
 * kept when longer), plus white Gaussian noise at `snrDb` below the clip's own power, clipped to [−1, 1].
 */
export function renderClip(samples: Float32Array, u: Utterance, length: number, snrDb: number): Float32Array {
  const clip = new Float32Array(length);
  const room = length - samples.length;
  const at = room > 0 ? Math.floor(u.offset * room) : 0;
  const from = room < 0 ? Math.floor(-room / 2) : 0;
  for (let i = 0; i < Math.min(samples.length, length); i++) clip[at + i] = samples[from + i];
  let power = 0;
  for (const v of clip) power += v * v;
  power /= length;
  const sd = Math.sqrt(power / 10 ** (snrDb / 10));
  const noise = new Rng(u.noiseSeed);
  for (let i = 0; i < length; i++) clip[i] = Math.max(-1, Math.min(1, clip[i] + sd * noise.normal()));
  return clip;
}

/** A 16-bit PCM mono WAV file (as eSpeak/mespeak writes it) → samples in [−1, 1] and the rate. */
export function decodeWav(bytes: Uint8Array, what = "wav"): { samples: Float32Array; sampleRate: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (bytes.length < 44 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error(`${what}: not a RIFF/WAVE file`);
  let o = 12;
  let rate = 0;
  let bits = 0;
  let channels = 0;
  while (o + 8 <= bytes.length) {
    const id = tag(o);
    const size = dv.getUint32(o + 4, true);
    if (id === "fmt ") {
      channels = dv.getUint16(o + 10, true);
      rate = dv.getUint32(o + 12, true);
      bits = dv.getUint16(o + 22, true);
    } else if (id === "data") {
      if (bits !== 16 || channels !== 1) throw new Error(`${what}: expected 16-bit mono PCM, got ${bits}-bit, ${channels} channel(s)`);
      const n = Math.min(size, bytes.length - o - 8) >> 1;
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = dv.getInt16(o + 8 + 2 * i, true) / 32768;
      return { samples, sampleRate: rate };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error(`${what}: no data chunk`);
}
