import type { ModelKind } from "./types.js";
/** Every model kind the runner trains, one line each; everything that lists kinds derives from this. */
export declare const MODEL_KINDS: readonly ModelKind[];
/** The names of {@link MODEL_KINDS}, as the config's enum takes them. */
export declare const MODEL_KIND_NAMES: [string, ...string[]];
/** The kind called `name`; the error lists the known ones. */
export declare function modelKind(name: string): ModelKind;
