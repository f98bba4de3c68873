import type { DataConfig } from "./config.js";
import type { Split } from "./types.js";
/**
 * A data source: how a config names it (`data.source`), what it is, and the Node
 * module that loads it (imported only when used, so browser bundles and the config
 * schema never pull in file-system code). Adding a source is one entry here plus
 * its loader module, which exports `loadSource`.
 */
export interface DataSource {
    readonly name: string;
    /** How `data.source` spells it, e.g. `idx:DIR`. */
    readonly syntax: string;
    readonly description: string;
    /** The argument after the scheme (`DIR` of `idx:DIR`), `""` for a bare name, or null when `source` is not this one. */
    argument(source: string): string | null;
    /** Node module (relative to this file) whose `loadSource(argument, cfg)` returns the validated split. */
    readonly nodeLoader: string;
}
/** What a source's loader module exports. */
export type LoadSource = (argument: string, cfg: DataConfig) => Promise<Split>;
/** Every data source, by the name configs use; the config's check and the CLI's help are derived from it. */
export declare const DATA_SOURCES: readonly DataSource[];
/** The source `source` names and its argument, or null. */
export declare function findSource(source: string): {
    source: DataSource;
    argument: string;
} | null;
/** "'mnist' or 'idx:DIR'": the accepted spellings, for messages and help. */
export declare function sourceSyntaxes(): string;
