import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
/** The package's `presets/` folder (beside `dist/` and `src/`). */
export const PRESET_DIR = fileURLToPath(new URL("../../presets/", import.meta.url));
/** Presets shipped in the package, read from {@link PRESET_DIR} (Node). */
export const packagePresets = {
    async names() {
        return (await readdir(PRESET_DIR)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
    },
    async read(name) {
        if (!/^[a-z0-9-]+$/.test(name))
            return null;
        let text;
        try {
            text = await readFile(`${PRESET_DIR}${name}.json`, "utf8");
        }
        catch {
            return null;
        }
        try {
            return JSON.parse(text);
        }
        catch (e) {
            throw new Error(`preset ${PRESET_DIR}${name}.json: invalid JSON (${e.message})`);
        }
    },
};
//# sourceMappingURL=presetsNode.js.map