import { z } from "zod";
import { IsometricConfig, IsometricRegularizer } from "./isometric.js";
import { JacobianConfig, JacobianHiddenConfig, JacobianHiddenRegularizer, JacobianRegularizer } from "./jacobian.js";
import { L2Config, L2Regularizer } from "./l2.js";
import { SpectralConfig, SpectralRegularizer, SpectralUnanchoredConfig } from "./spectral.js";
/** Builds a regulariser from its config; one line per registered name. */
export const REGULARIZERS = {
    l2: (c) => new L2Regularizer(c),
    jacobian: (c) => new JacobianRegularizer(c),
    "jacobian-hidden": (c) => new JacobianHiddenRegularizer(c),
    isometric: (c) => new IsometricRegularizer(c),
    spectral: (c, d) => new SpectralRegularizer(c, true, d.eigen),
    "spectral-unanchored": (c, d) => new SpectralRegularizer(c, false, d.eigen),
};
/** Any regulariser's config, validated by name (for the experiment config schema). */
export const RegularizerConfig = z.discriminatedUnion("name", [
    L2Config,
    JacobianConfig,
    JacobianHiddenConfig,
    IsometricConfig,
    SpectralConfig,
    SpectralUnanchoredConfig,
]);
/**
 * Rebuilds a regulariser from `{ name, …settings }` (what `getConfig()`
 * returns); missing settings take the published defaults. The error lists
 * the known names.
 */
export function regularizerFromConfig(c, deps = {}) {
    const make = REGULARIZERS[c.name];
    if (!make)
        throw new Error(`unknown regularizer '${c.name}' (known: ${Object.keys(REGULARIZERS).join(", ")})`);
    return make(c, deps);
}
//# sourceMappingURL=registry.js.map