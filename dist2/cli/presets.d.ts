import type { Command } from "commander";
/** `hebblab presets`: the shipped presets, each with its version, title and source. */
export declare function registerPresets(program: Command): void;
