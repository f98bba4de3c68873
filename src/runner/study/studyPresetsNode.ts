import { readdirSync, readFileSync } from "node:fs";
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
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      const known = readdirSync(STUDY_DIR).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
      throw new Error(`study '${name}': no such study preset (shipped: ${known.join(", ")}; \`hebblab studies\` describes them)`);
    }
    throw new Error(`study '${name}': cannot read ${path} (${code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`study ${path}: invalid JSON (${(e as Error).message})`);
  }
}

/** What `hebblab studies` shows of a shipped study. */
export interface StudyPresetInfo {
  name: string;
  version: number;
  title: string;
  variant?: { kind: string; of?: string; estimate?: string };
  sources: { repo: string; commit: string; what?: string }[];
  arms: string[];
  requires?: { sources: string[]; message: string };
}

/** Every study file shipped in {@link STUDY_DIR}, by name (the folder is the list: nothing else names them). Node only. */
export function listStudyPresets(): StudyPresetInfo[] {
  return readdirSync(STUDY_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const name = f.slice(0, -5);
      const s = readStudyPreset(name) as {
        name?: string;
        version?: number;
        title?: string;
        description?: string;
        variant?: StudyPresetInfo["variant"];
        sources?: StudyPresetInfo["sources"];
        arms?: { name: string }[];
        requires?: StudyPresetInfo["requires"];
      };
      if (s.name !== name) throw new Error(`study ${STUDY_DIR}${f}: its name is '${s.name}', its file name says '${name}'`);
      return {
        name,
        version: s.version ?? 1,
        title: s.title ?? s.description ?? "",
        ...(s.variant ? { variant: s.variant } : {}),
        sources: s.sources ?? [],
        arms: (s.arms ?? []).map((a) => a.name),
        ...(s.requires ? { requires: s.requires } : {}),
      };
    });
}
