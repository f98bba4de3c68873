import { type Command } from "commander";
import { type MatrixFormat } from "../analysis/matrixFile.js";
import type { Flavour } from "../wasm/init.js";
/** Options of {@link runSpectrum} (the CLI's flags as data). */
export interface SpectrumCommand {
    /** One file: spectrum of its covariance. Two files (repeats of the same stimuli): cvPCA. */
    files: string[];
    /** Output directory for spectrum.json and spectrum.svg. */
    out: string;
    ranks: [number, number];
    format?: MatrixFormat;
    constantColumns: "drop" | "error";
    flavour: Flavour | "auto";
    /** Threads for the covariance (default: every core); the numbers do not depend on it. */
    threads?: number;
}
/** Parses `LO-HI` or `LO..HI` (1-based inclusive ranks). */
export declare function parseRanks(value: string): [number, number];
/** `hebblab spectrum FILE [FILE2]`: eigenspectrum, power-law fits and a log-log plot. */
export declare function registerSpectrum(program: Command): void;
/** Runs the command and returns the summary it prints. Writes `<out>/spectrum.json` and `<out>/spectrum.svg`. */
export declare function runSpectrum(c: SpectrumCommand): Promise<string>;
