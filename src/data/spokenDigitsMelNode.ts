import { cachedFile } from "../files.js";
import { SpokenSettings } from "./audio/spokenConfig.js";
import { planSpokenDigits } from "./audio/spokenDigits.js";
import type { LoadSource } from "./sources.js";
import { decodeCache, encodeCache, firstClips, MEL_CACHE_VERSION, speakAll, spectrogramDataset, spokenCachePath, spokenPlanOptions } from "./spokenSpeechNode.js";
import { validateSplit } from "./validate.js";

/**
 * `spoken-digits-mel`: the ten digit words spoken by eSpeak (mespeak) with seeded voices, pitch, speed,
 * amplitude and noise ({@link SPOKEN_DEFAULTS}, `data.spoken`; the test voices are never heard in
 * training), as 40 × 44 log-mel images. Generated once (half a minute) and cached in `build/`
 * (2.1 MB); `data.splitSeed` seeds the generation.
 */
export const loadSource: LoadSource = async (_arg, cfg) => {
  const source = "spoken-digits-mel";
  const o = SpokenSettings.parse(cfg.settings ?? {});
  const path = spokenCachePath("spoken-digits", MEL_CACHE_VERSION, cfg.splitSeed, o);
  // Array tasks that start at once share one generation: the others wait for its file.
  const bytes = await cachedFile(
    path,
    async () => {
      const plan = planSpokenDigits(spokenPlanOptions(cfg.splitSeed, o));
      const all = await speakAll([...plan.train, ...plan.test]);
      const train = spectrogramDataset(plan.train, all.slice(0, plan.train.length), source, o.snrDb);
      const test = spectrogramDataset(plan.test, all.slice(plan.train.length), source, o.snrDb);
      return encodeCache(train, test);
    },
    { valid: (b) => decodeCache(b, source) !== null, onWait: (who) => process.stderr.write(`${source}: waiting for ${who}, which is generating ${path}\n`) },
  );
  // The cached (quantized) values, so a run gives the same numbers whether it generated the set or read it.
  const sets = decodeCache(bytes, source);
  if (!sets) throw new Error("spoken-digits: the generated set does not decode");
  return validateSplit({ train: firstClips(sets.train, cfg.train), test: firstClips(sets.test, cfg.test) });
};
