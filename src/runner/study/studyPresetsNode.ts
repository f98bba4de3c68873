import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The package's `studies/` folder (beside `dist/` and `src/`): study files shipped with hebblab, each with its papers' published figures. */
export const STUDY_DIR = fileURLToPath(new URL("../../../studies/", import.meta.url));

/** The study `hebblab compare` runs without `--config`. */
export const DEFAULT_STUDY_NAME = "kh-vs-backprop";

/**
 * A study file shipped in {@link STUDY_DIR}, as raw JSON (validate it with `parseStudy`); the
 * default study (issue 11: KH against backprop, bare and with each geometry-shaping regularizer,
 * every arm with its published defaults) unless `name` says otherwise. Node only.
 */
export function readStudyPreset(name = DEFAULT_STUDY_NAME): Record<string, unknown> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`study '${name}': a study name is lower-case words joined by '-'`);
  const path = `${STUDY_DIR}${name}.json`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`study '${name}': cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`study ${path}: invalid JSON (${(e as Error).message})`);
  }
}
