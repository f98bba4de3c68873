import { z } from "zod";

/**
 * Options of the spoken-digit sources (`data.spoken`), shared by `spoken-digits` (waveforms) and
 * `spoken-digits-mel` (their log-mel images), so both name the same clips. The defaults build the
 * set the README's figures were measured on; any other choice is generated once and cached under
 * its own name.
 */
export const SpokenSettings = z
  .object({
    snrDb: z.number().min(-20).max(100).default(20).describe("Signal-to-noise ratio of the white noise added to every clip, dB."),
    trainPerVoice: z.number().int().min(1).max(200).default(24).describe("Training utterances per digit and training voice (four voices: 40 × this many clips)."),
    testPerVoice: z.number().int().min(1).max(200).default(12).describe("Test utterances per digit and test voice (two voices never heard in training: 20 × this many clips)."),
  })
  .strict();
export type SpokenSettings = z.infer<typeof SpokenSettings>;

/** Suffix of a cache file name: empty for the defaults (so existing caches stay valid), else the options. */
export function spokenCacheTag(o: SpokenSettings): string {
  const d = SpokenSettings.parse({});
  return o.snrDb === d.snrDb && o.trainPerVoice === d.trainPerVoice && o.testPerVoice === d.testPerVoice ? "" : `-snr${o.snrDb}-${o.trainPerVoice}x${o.testPerVoice}`;
}
