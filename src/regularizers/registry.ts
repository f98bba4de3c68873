import { z } from "zod";
import { IsometricConfig, IsometricRegularizer } from "./isometric.js";
import { JacobianConfig, JacobianHiddenConfig, JacobianHiddenRegularizer, JacobianRegularizer } from "./jacobian.js";
import { L2Config, L2Regularizer } from "./l2.js";
import { SpectralConfig, SpectralRegularizer, SpectralUnanchoredConfig, type EigenSolver } from "./spectral.js";
import type { Regularizer } from "./types.js";

/** Services a regularizer may need that are not part of its (serializable) config. */
export interface RegularizerDeps {
  /** Eigensolver for the spectral terms (`wasmEigen(wasm)`). */
  eigen?: EigenSolver;
}

/** Builds a regularizer from its config; one line per registered name. */
export const REGULARIZERS: Record<string, (c: Record<string, unknown>, deps: RegularizerDeps) => Regularizer> = {
  l2: (c) => new L2Regularizer(c),
  jacobian: (c) => new JacobianRegularizer(c),
  "jacobian-hidden": (c) => new JacobianHiddenRegularizer(c),
  isometric: (c) => new IsometricRegularizer(c),
  spectral: (c, d) => new SpectralRegularizer(c, true, d.eigen),
  "spectral-unanchored": (c, d) => new SpectralRegularizer(c, false, d.eigen),
};

/** Any regularizer's config, validated by name (for the experiment config schema). */
export const RegularizerConfig = z.discriminatedUnion("name", [
  L2Config,
  JacobianConfig,
  JacobianHiddenConfig,
  IsometricConfig,
  SpectralConfig,
  SpectralUnanchoredConfig,
]);
export type RegularizerConfig = z.infer<typeof RegularizerConfig>;

/**
 * Rebuilds a regularizer from `{ name, …settings }` (what `settings()`
 * returns); missing settings take the published defaults. The error lists
 * the known names.
 */
export function regularizerFromConfig(c: { name: string } & Record<string, unknown>, deps: RegularizerDeps = {}): Regularizer {
  const make = REGULARIZERS[c.name];
  if (!make) throw new Error(`unknown regularizer '${c.name}' (known: ${Object.keys(REGULARIZERS).join(", ")})`);
  return make(c, deps);
}
