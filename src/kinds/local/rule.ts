import type { z } from "zod";
import type { KernelEntry } from "../../kernels/types.js";
import type { Rng } from "../../rng.js";
import type { KernelPool } from "../../wasm/pool.js";
import type { Wasm } from "../../wasm/init.js";
import type { FeatureMap, FeatureSettings } from "./features.js";
import type { LocalLayer } from "./layer.js";

/**
 * One local learning rule, described by itself in its own folder (`src/kinds/<rule>/`): with
 * {@link localKind} it is a model kind (the rule's layer, then the readout every local rule shares).
 */
export interface LocalRule<S extends z.ZodType = z.ZodType> {
  /** The model kind and its config section (`kh`, `softhebb`). */
  readonly name: string;
  /** In words, for pictures and reports. */
  readonly title: string;
  /** One line for the CLI's help: what it is and where it comes from. */
  readonly description: string;
  /** The section's schema, with its defaults and the doc of each field (`.describe`). */
  readonly schema: S;
  /** Short CLI flags (camelCase, as commander names them) → field of the section. */
  readonly flags: Readonly<Record<string, string>>;
  /**
   * Readout settings its papers use (e.g. SoftHebb's classifier is trained with Adam 1e-3), applied
   * where a config leaves them out; the results record the resolved values.
   */
  readonly readout?: Readonly<Record<string, unknown>>;
  /** Named configs read from its papers' code. */
  readonly presets?: readonly unknown[];
  /** Its WASM kernels and their twins. */
  readonly kernels?: readonly KernelEntry[];
  /**
   * Its own readout features (SoftHebb: softmax over the units): `chosen` reads which from the
   * section (null: relu(I)^n, every rule's default), `make` builds a map from saved settings.
   */
  readonly features?: {
    chosen(section: z.infer<S>): FeatureSettings | null;
    make(settings: FeatureSettings): FeatureMap | null;
  };
  /** Builds the layer on `w` (seeded by `rng`), split over `opts.pool` when given. */
  create(w: Wasm, section: z.infer<S>, inputDim: number, rng: Rng, opts?: { pool?: KernelPool }): LocalLayer;
}
