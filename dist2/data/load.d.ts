import type { DataConfig } from "./config.js";
import type { Split } from "./types.js";
/**
 * The one data entry of the runner (Node): resolves `cfg.source` through the data-source
 * registry ({@link DATA_SOURCES}) to a validated train/test split, importing the source's
 * loader module only now.
 * @throws on an unknown source, and on any problem with the files (named).
 */
export declare function loadSplit(cfg: DataConfig): Promise<Split>;
