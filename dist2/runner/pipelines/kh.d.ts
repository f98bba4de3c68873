import { type InputNorm } from "../../learners/inputNorm.js";
import type { ModelKind, Pipeline } from "./types.js";
/** The q of the unit-L^q input normalisation a local rule's config asks for (`"p"` → p). */
export declare function resolvedInputNorm(sec: {
    inputNorm: "none" | "p" | number;
    p: number;
}): InputNorm;
/** Krotov–Hopfield's pipeline (REFERENCES §1). */
export declare const khPipeline: Pipeline;
/** SoftHebb's pipeline (REFERENCES §2): the same readout, spectra, attacks and convergence check. */
export declare const softhebbPipeline: Pipeline;
/** The `softhebb` model kind: a SoftHebb layer and the same readout. */
export declare const softhebbKind: ModelKind;
/** The `kh` model kind: a Krotov–Hopfield layer and its readout. */
export declare const khKind: ModelKind;
