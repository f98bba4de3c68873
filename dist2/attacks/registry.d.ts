import type { FixedEpsilonAttack, Norm } from "./base.js";
import { FgmL2 } from "./fgmL2.js";
import { Fgsm } from "./fgsm.js";
import { GaussianNoise } from "./noise.js";
import type { PgdOptions } from "./pgd.js";
import { PgdL2 } from "./pgdL2.js";
import { PgdLinf } from "./pgdLinf.js";
/** Options any attack factory may read (iterative attacks use them, one-step ones ignore them). */
export type AttackOptions = Partial<PgdOptions>;
/** Every fixed-ε attack, one line each: its norm, what it is, how to build it, what it costs. */
export declare const ATTACKS: {
    readonly fgsm: {
        readonly norm: "linf";
        readonly description: "fast gradient sign method (Goodfellow et al. 2015)";
        readonly make: () => Fgsm;
        readonly passes: () => number;
    };
    readonly "pgd-linf": {
        readonly norm: "linf";
        readonly description: "projected gradient descent under L∞ (Madry et al. 2018), options in attack.pgd";
        readonly make: (o: Partial<PgdOptions>) => PgdLinf;
        readonly passes: (o: AttackOptions) => number;
    };
    readonly "noise-linf": {
        readonly norm: "linf";
        readonly description: "Gaussian noise scaled to L∞ norm ε (the random baseline)";
        readonly make: () => GaussianNoise;
        readonly passes: () => number;
    };
    readonly "fgm-l2": {
        readonly norm: "l2";
        readonly description: "fast gradient method under L2";
        readonly make: () => FgmL2;
        readonly passes: () => number;
    };
    readonly "pgd-l2": {
        readonly norm: "l2";
        readonly description: "projected gradient descent under L2, options in attack.pgd";
        readonly make: (o: Partial<PgdOptions>) => PgdL2;
        readonly passes: (o: AttackOptions) => number;
    };
    readonly "noise-l2": {
        readonly norm: "l2";
        readonly description: "Gaussian noise scaled to L2 norm ε (the random baseline)";
        readonly make: () => GaussianNoise;
        readonly passes: () => number;
    };
};
/** Registry names of the attacks. */
export type AttackName = keyof typeof ATTACKS;
/** All attack names, in registry order. */
export declare const ATTACK_NAMES: [AttackName, ...AttackName[]];
/** Builds an attack by name; the error lists the known names. */
export declare function makeAttack(name: string, o?: AttackOptions): FixedEpsilonAttack;
/**
 * The single-step attack a multi-step one must beat at every ε (Carlini et al. 2019), and the random
 * baseline of each norm.
 */
export declare const ONE_STEP_OF: Partial<Record<AttackName, AttackName>>;
export declare const NOISE_OF: Record<Norm, AttackName>;
