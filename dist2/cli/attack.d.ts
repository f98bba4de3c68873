import type { Command } from "commander";
import { type AttackEvalConfig } from "../attacks/config.js";
/** Turns `--config` plus flags into a validated attack config (flags win; errors name the field). */
export declare function attackConfigFromFlags(flags: Record<string, unknown>): Promise<AttackEvalConfig>;
/**
 * `hebblab attack DIR`: robustness evaluation of a model saved by `hebblab train --save DIR` on the
 * test split it was trained against (or `--data`): robust-accuracy table, critical perturbations,
 * sanity checks → results JSON + accuracy-vs-ε SVG (one per norm).
 */
export declare function registerAttack(program: Command): void;
