import type { Norm } from "./base.js";
import type { AttackReport } from "./evaluate.js";
/**
 * The robust-accuracy table (attack × ε) as fixed-width text: accuracy, and in brackets the accuracy
 * relative to the initially correct images; then the critical perturbation and each sanity check.
 */
export declare function robustnessTable(rep: AttackReport): string;
/**
 * Accuracy against ε, one curve per attack, one SVG per norm present (ε scales differ by norm).
 * @returns `[norm, svg]` pairs in the order L∞, L2
 */
export declare function accuracyPlots(rep: AttackReport): Promise<[Norm, string][]>;
