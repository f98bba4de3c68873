import { z } from "zod";
/**
 * A preset: a named, versioned experiment config read from a paper's public
 * code, shipped as JSON in the package's `presets/` folder (issue 10). A config
 * names one with `preset: "NAME"`; its own fields, and then CLI flags, override
 * the preset's (deep merge: objects merge, everything else replaces).
 */
export declare const Preset: z.ZodObject<{
    format: z.ZodLiteral<"hebblab-preset/1">;
    name: z.ZodString;
    version: z.ZodNumber;
    title: z.ZodString;
    source: z.ZodString;
    notes: z.ZodOptional<z.ZodString>;
    config: z.ZodRecord<z.ZodString, z.ZodUnknown>;
}, z.core.$strict>;
export type Preset = z.infer<typeof Preset>;
/** Reads presets by name: the Node entry reads `presets/*.json`, the page bundles them. */
export interface PresetSource {
    names(): Promise<string[]>;
    /** The raw JSON of preset `name`, or null when there is none. */
    read(name: string): Promise<unknown>;
}
/**
 * Validates a preset's JSON (its own fields and its config); errors name the preset and the field.
 * @param what how to name it in errors (file path or name).
 */
export declare function parsePreset(raw: unknown, what: string): Preset;
/** Every preset of a source, validated, sorted by name. */
export declare function listPresets(source: PresetSource): Promise<Preset[]>;
/**
 * The raw config with its `preset` (a name) expanded: the preset's config, overridden by
 * every other field of `raw`; `preset` is replaced by `{ name, version }` so results record
 * what ran. A config without `preset` is returned as it is.
 * @throws naming the preset and the known ones when it does not exist.
 */
export declare function expandPreset(raw: Record<string, unknown>, source: PresetSource): Promise<Record<string, unknown>>;
/** `over` merged into `base` (mutated and returned): plain objects merge key by key, anything else replaces. */
export declare function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown>;
