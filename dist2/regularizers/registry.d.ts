import { z } from "zod";
import { type EigenSolver } from "./spectral.js";
import type { Regularizer } from "./types.js";
/** Services a regulariser may need that are not part of its (serialisable) config. */
export interface RegularizerDeps {
    /** Eigensolver for the spectral terms (`wasmEigen(wasm)`). */
    eigen?: EigenSolver;
}
/** Builds a regulariser from its config; one line per registered name. */
export declare const REGULARIZERS: Record<string, (c: Record<string, unknown>, deps: RegularizerDeps) => Regularizer>;
/** Any regulariser's config, validated by name (for the experiment config schema). */
export declare const RegularizerConfig: z.ZodDiscriminatedUnion<[z.ZodObject<{
    name: z.ZodLiteral<"l2">;
    strength: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>, z.ZodObject<{
    name: z.ZodLiteral<"jacobian">;
    strength: z.ZodDefault<z.ZodNumber>;
    nProj: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>, z.ZodObject<{
    name: z.ZodLiteral<"jacobian-hidden">;
    strength: z.ZodDefault<z.ZodNumber>;
    nProj: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>, z.ZodObject<{
    name: z.ZodLiteral<"isometric">;
    strength: z.ZodDefault<z.ZodNumber>;
    lambda2: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>, z.ZodObject<{
    tau: z.ZodDefault<z.ZodNumber>;
    strength: z.ZodDefault<z.ZodNumber>;
    alpha: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
    name: z.ZodLiteral<"spectral">;
}, z.core.$strict>, z.ZodObject<{
    strength: z.ZodDefault<z.ZodNumber>;
    alpha: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
    name: z.ZodLiteral<"spectral-unanchored">;
}, z.core.$strict>], "name">;
export type RegularizerConfig = z.infer<typeof RegularizerConfig>;
/**
 * Rebuilds a regulariser from `{ name, …settings }` (what `getConfig()`
 * returns); missing settings take the published defaults. The error lists
 * the known names.
 */
export declare function regularizerFromConfig(c: {
    name: string;
} & Record<string, unknown>, deps?: RegularizerDeps): Regularizer;
