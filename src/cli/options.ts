import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";

/** Commander parser for a finite number option, with an error naming the value. */
export function num(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v)) throw new InvalidArgumentError(`'${value}' is not a number`);
  return v;
}

/** Commander parser for an integer option. */
export function int(value: string): number {
  const v = num(value);
  if (!Number.isInteger(v)) throw new InvalidArgumentError(`'${value}' is not an integer`);
  return v;
}

/** Commander parser for `--threads`: an integer ≥ 1. */
export function threadCount(value: string): number {
  const v = int(value);
  if (v < 1) throw new InvalidArgumentError(`'${value}' is not a thread count (an integer ≥ 1)`);
  return v;
}

/** Reads a JSON config file; errors name the file. */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`--config ${path}: cannot read (${(e as Error).message})`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("top level must be an object");
    return v as Record<string, unknown>;
  } catch (e) {
    throw new Error(`--config ${path}: invalid JSON (${(e as Error).message})`);
  }
}

export { setPath } from "../configPath.js";
