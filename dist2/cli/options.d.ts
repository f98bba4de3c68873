/** Commander parser for a finite number option, with an error naming the value. */
export declare function num(value: string): number;
/** Commander parser for an integer option. */
export declare function int(value: string): number;
/** Commander parser for `--threads`: an integer ≥ 1. */
export declare function threadCount(value: string): number;
/** Reads a JSON config file; errors name the file. */
export declare function readConfigFile(path: string): Promise<Record<string, unknown>>;
/** Sets `obj[a][b]… = value` along a dotted path, creating objects; skips undefined values. */
export declare function setPath(obj: Record<string, unknown>, path: string, value: unknown): void;
