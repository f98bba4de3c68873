import type { Command } from "commander";
/** Flags that each model kind understands, by `config.model` (from the kinds' own entries). */
export declare const MODEL_FLAGS: Record<string, Readonly<Record<string, string>>>;
/**
 * Turns `--config` plus flags into one raw config object (flags win). The
 * runner validates it; this only maps names.
 */
export declare function configFromFlags(flags: Record<string, unknown>): Promise<Record<string, unknown>>;
/** `hebblab train`: train a model, write results JSON, receptive fields and optionally the model. */
export declare function registerTrain(program: Command): void;
