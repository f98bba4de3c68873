import type { PresetSource } from "./presets.js";
/** The package's `presets/` folder (beside `dist/` and `src/`). */
export declare const PRESET_DIR: string;
/** Presets shipped in the package, read from {@link PRESET_DIR} (Node). */
export declare const packagePresets: PresetSource;
