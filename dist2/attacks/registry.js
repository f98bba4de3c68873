import { FgmL2 } from "./fgmL2.js";
import { Fgsm } from "./fgsm.js";
import { GaussianNoise } from "./noise.js";
import { PgdL2 } from "./pgdL2.js";
import { PgdLinf } from "./pgdLinf.js";
const pgdPasses = (o) => ((o.steps ?? 40) + 1) * (o.restarts ?? 1);
/** Every fixed-ε attack, one line each: its norm, what it is, how to build it, what it costs. */
export const ATTACKS = {
    fgsm: { norm: "linf", description: "fast gradient sign method (Goodfellow et al. 2015)", make: () => new Fgsm(), passes: () => 2 },
    "pgd-linf": { norm: "linf", description: "projected gradient descent under L∞ (Madry et al. 2018), options in attack.pgd", make: (o) => new PgdLinf(o), passes: pgdPasses },
    "noise-linf": { norm: "linf", description: "Gaussian noise scaled to L∞ norm ε (the random baseline)", make: () => new GaussianNoise("linf"), passes: () => 1 },
    "fgm-l2": { norm: "l2", description: "fast gradient method under L2", make: () => new FgmL2(), passes: () => 2 },
    "pgd-l2": { norm: "l2", description: "projected gradient descent under L2, options in attack.pgd", make: (o) => new PgdL2(o), passes: pgdPasses },
    "noise-l2": { norm: "l2", description: "Gaussian noise scaled to L2 norm ε (the random baseline)", make: () => new GaussianNoise("l2"), passes: () => 1 },
};
/** All attack names, in registry order. */
export const ATTACK_NAMES = Object.keys(ATTACKS);
/** Builds an attack by name; the error lists the known names. */
export function makeAttack(name, o = {}) {
    const entry = ATTACKS[name];
    if (!entry)
        throw new Error(`unknown attack '${name}' (known: ${ATTACK_NAMES.join(", ")})`);
    return entry.make(o);
}
/**
 * The single-step attack a multi-step one must beat at every ε (Carlini et al. 2019), and the random
 * baseline of each norm.
 */
export const ONE_STEP_OF = { "pgd-linf": "fgsm", "pgd-l2": "fgm-l2" };
export const NOISE_OF = { linf: "noise-linf", l2: "noise-l2" };
//# sourceMappingURL=registry.js.map