import { z } from "zod";
import { LOSS_NAMES } from "./loss.js";
import { ATTACK_ENTRIES, ATTACK_NAMES, ATTACKS } from "./registry.js";
import { SUITE_ENTRIES, SUITE_NAMES, SUITES } from "./suites.js";

const int = (min: number) => z.number().int().min(min);
const epsList = (max?: number) => z.array(max === undefined ? z.number().min(0) : z.number().min(0).max(max)).min(1);

/** Default ε for L∞ on MNIST pixels in [0, 1] (REFERENCES §5; the issue's list). */
export const DEFAULT_EPS_LINF = [0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3];
/** Default ε for L2 on MNIST. */
export const DEFAULT_EPS_L2 = [0.5, 1, 2, 3];

type Entries = (typeof ATTACK_ENTRIES)[number] | (typeof SUITE_ENTRIES)[number];

/**
 * One section per attack and suite, named after it, holding its options (its own schema, defaults
 * filled in): derived from the registries, so a new attack's options appear here, in the CLI and in
 * the docs.
 */
const sections = Object.fromEntries(
  [...ATTACK_ENTRIES, ...SUITE_ENTRIES].map((e) => [e.name, (e.schema as z.ZodObject).prefault({}).describe(`Options of ${e.name} (${e.title}): ${e.description}.`)]),
) as { [E in Entries as E["name"]]: z.ZodPrefault<E["schema"]> };

/** What `attacks` may list: every attack and every suite. */
export const EVALUATION_NAMES = [...ATTACK_NAMES, ...SUITE_NAMES] as [EvaluationName, ...EvaluationName[]];
export type EvaluationName = (typeof ATTACK_NAMES)[number] | (typeof SUITE_NAMES)[number];

/** Critical perturbation per initially correct image (Holzhausen et al. 2024). */
export const CriticalConfig = z
  .object({
    enabled: z.boolean().default(true).describe("Search each image's critical perturbation (Holzhausen et al.): the smallest ε that flips it."),
    attack: z.enum(ATTACK_NAMES).default("pgd-linf").describe("Attack whose budget is searched."),
    also: z.array(z.enum(ATTACK_NAMES)).default([]).describe("Further attacks searched the same way on the same images (e.g. `noise-linf`: Holzhausen et al.'s critical perturbation under random noise, beside the one under PGD); reported in `criticalAlso`."),
    method: z.enum(["bisection", "grid"]).default("bisection").describe("How ε is searched: bisection on [0, max], or the smallest flipping ε of a grid."),
    iters: int(1).default(10).describe("Bisection halvings (resolution max/2^iters)."),
    max: z.number().positive().optional().describe("Top of the bisection range; default 1 (L∞) or the largest L2 ε × 2."),
    grid: epsList().optional().describe("Grid of candidate ε; default the evaluation's ε list of the attack's norm."),
    images: int(1).default(200).describe("At most this many initially correct images (the first ones) — each costs 2 + iters attack runs."),
  })
  .strict();

/** Thresholds of the sanity checks (Carlini et al. 2019, "On evaluating adversarial robustness"). */
export const SanityConfig = z
  .object({
    slack: z.number().min(0).max(1).default(0.01).describe("Accuracy slack for \"PGD ≤ one-step\" and \"non-increasing in ε\" (sampling noise of random starts)."),
    nearZero: z.number().min(0).max(1).default(0.02).describe("PGD-L∞ accuracy at ε = 1 must be at most this."),
    eps1Images: int(1).default(200).describe("Images for the ε = 1 check (the first ones)."),
    noiseRatio: z.number().min(0).max(1).default(0.5).describe("Noise may cost at most this fraction of the accuracy the attack costs at the same ε and norm."),
    zeroGradient: z.number().min(0).max(1).default(0.05).describe("At most this fraction of images may have an exactly zero or non-finite input gradient."),
    gradientFreeSlack: z
      .number()
      .min(0)
      .max(1)
      .default(0.002)
      .describe("A gradient-free attack (Square) may lower the accuracy the gradient attacks left by at most this (autoattack/checks.py check_square_sr alpha = .002); widened to the sampling slack on stochastic models."),
  })
  .strict();

/**
 * Everything that defines an attack evaluation; recorded whole in its results so that a run can be
 * reproduced. Validated once here, with messages naming the field.
 */
export const AttackEvalConfig = z.strictObject(
  {
    seed: z.number().int().default(1).describe("Seed of the random starts, noise draws and EOT samples."),
    images: int(1).default(1000).describe("Test images evaluated: the first `images` of the test split."),
    batch: int(1).default(250).describe("Images per tfjs batch."),
    attacks: z
      .array(z.enum(EVALUATION_NAMES))
      .min(1)
      .default(["fgsm", "pgd-linf", "noise-linf"])
      .describe("Attacks and suites evaluated at every ε of their norm (a suite runs its parts in order on the still-robust images; a stochastic model gets a suite's randomized version)."),
    eps: z
      .object({
        linf: epsList(1).default(DEFAULT_EPS_LINF).describe("ε grid of the L∞ attacks (pixels in [0, 1])."),
        l2: epsList().default(DEFAULT_EPS_L2).describe("ε grid of the L2 attacks."),
      })
      .strict()
      .prefault({}),
    loss: z.enum(LOSS_NAMES).default("ce").describe("Loss that FGSM, FGM and PGD ascend: cross-entropy, or the logit margin (Carlini–Wagner); APGD, FAB and Square define their own."),
    eotSamples: int(1).default(10).describe("EOT samples per gradient and per accuracy estimate, used only for stochastic models."),
    critical: CriticalConfig.prefault({}),
    sanity: SanityConfig.prefault({}),
    ...sections,
  },
  {
    // The one section both PGD attacks shared became a section each (issue 24).
    error: (iss) =>
      iss.code === "unrecognized_keys" && iss.keys.includes("pgd")
        ? `the PGD options moved from \`pgd\` to each attack's own section (\`pgd-linf\`, \`pgd-l2\`), e.g. { "pgd-linf": { "steps": 40 } }`
        : undefined,
  },
);

export type AttackEvalConfig = z.infer<typeof AttackEvalConfig>;
export type AttackEvalInput = z.input<typeof AttackEvalConfig>;

/** Validates and fills defaults; throws one message listing each bad field by its path. */
export function parseAttackConfig(input: unknown): AttackEvalConfig {
  const r = AttackEvalConfig.safeParse(input ?? {});
  if (!r.success) throw new Error(`attack config: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  return r.data;
}

/** The norm of an attack or a suite. */
export function normOf(name: EvaluationName): "linf" | "l2" {
  return (name in SUITES ? SUITES[name as keyof typeof SUITES] : ATTACKS[name as keyof typeof ATTACKS]).norm;
}

/** The ε list an attack or suite is evaluated at: a suite's own grid if it has one, else its norm's. */
export function epsFor(c: AttackEvalConfig, attack: EvaluationName): number[] {
  const own = attack in SUITES ? (c[attack as keyof typeof SUITES] as { eps?: number[] }).eps : undefined;
  return own ?? (normOf(attack) === "linf" ? c.eps.linf : c.eps.l2);
}
