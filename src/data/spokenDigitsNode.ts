import { cachedFile } from "../files.js";
import { planSpokenDigits, renderClip, type Utterance } from "./audio/spokenDigits.js";
import type { LoadSource } from "./sources.js";
import { SpokenSettings } from "./audio/spokenConfig.js";
import { firstClips, speakAll, SPOKEN_DEFAULTS, spokenCachePath, spokenPlanOptions } from "./spokenSpeechNode.js";
import type { Dataset } from "./types.js";
import { validateSplit } from "./validate.js";

const CACHE_VERSION = 1;

/**
 * `spoken-digits`: the clips of `spoken-digits-mel` (same plan, voices, noise and seed) as raw
 * waveforms, 1 × 22,050 samples each, stored as x = (w + 1)/2 ∈ [0, 1] so that models with the
 * `logmel` front end, and attacks, work on the sound itself (an L∞ budget ε on x is 2ε on the
 * waveform). Generated once and cached in `build/` as 16-bit samples (53 MB).
 */
export const loadSource: LoadSource = async (_arg, cfg) => {
  const source = "spoken-digits";
  const o = SpokenSettings.parse(cfg.settings ?? {});
  const path = spokenCachePath("spoken-digits-wave", CACHE_VERSION, cfg.splitSeed, o);
  const L = SPOKEN_DEFAULTS.length;
  const plan = planSpokenDigits(spokenPlanOptions(cfg.splitSeed, o));
  const total = plan.train.length + plan.test.length;
  // Array tasks that start at once share one generation: the others wait for its file.
  const bytes = await cachedFile(
    path,
    async () => encode([...plan.train, ...plan.test], await speakAll([...plan.train, ...plan.test]), plan.train.length, L, o.snrDb),
    { valid: (b) => b.length === total * (2 * L + 1), onWait: (who) => process.stderr.write(`${source}: waiting for ${who}, which is generating ${path}\n`) },
  );
  const decode = (offset: number, n: number): Dataset => {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const images = new Float32Array(n * L);
    for (let i = 0; i < n * L; i++) images[i] = (dv.getInt16(2 * (offset * L + i), true) / 32767 + 1) / 2;
    const labels = bytes.slice(total * 2 * L + offset, total * 2 * L + offset + n);
    return { images, labels, n, rows: 1, cols: L, dim: L, classes: 10, source };
  };
  return validateSplit({ train: firstClips(decode(0, plan.train.length), cfg.train), test: firstClips(decode(plan.train.length, plan.test.length), cfg.test) });
};

/** Clips as 16-bit samples in storage order (train, then test), then one label byte per clip. */
function encode(plan: readonly Utterance[], spoken: readonly Float32Array[], trainN: number, L: number, snrDb: number): Uint8Array {
  const n = plan.length;
  const out = new Uint8Array(n * (2 * L + 1));
  const dv = new DataView(out.buffer);
  plan.forEach((u, i) => {
    const row = i < trainN ? u.index : trainN + u.index;
    const clip = renderClip(spoken[i], u, L, snrDb);
    for (let k = 0; k < L; k++) dv.setInt16(2 * (row * L + k), Math.round(clip[k] * 32767), true);
    out[n * 2 * L + row] = u.label;
  });
  return out;
}
