import { z } from "zod";
import { AttackEvalConfig } from "../../attacks/config.js";
import { DataConfig } from "../config.js";
import { configFields, configMarkdown, type ConfigField } from "../configDoc.js";
import { SlurmConfig } from "./slurm/config.js";

/**
 * A study (issue 11): one dataset, arms (each a training config: a preset and/or
 * overrides, optionally swept over hyperparameters), seeds, and the one attack
 * evaluation every trained model receives. Validated once, with messages that
 * name the field; {@link planStudy} expands it into self-contained jobs.
 */

/** Where a study's jobs run: child processes here, or a Slurm job array. */
export const EXECUTORS = ["local", "slurm"] as const;
export type Executor = (typeof EXECUTORS)[number];

/** Fields a study sets for every arm alike; an arm may not set them itself. */
export const STUDY_OWNED = ["seed", "data", "attack", "threads"] as const;

export const Arm = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by '-'").describe("Short name (lower-case words joined by `-`): the job directories and the report's rows."),
    description: z.string().optional().describe("What the arm is, in words (shown in the report)."),
    preset: z.string().optional().describe("A preset the arm's config starts from (`hebblab presets`)."),
    config: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((c, ctx) => {
        for (const k of STUDY_OWNED) if (k in c) ctx.addIssue({ code: "custom", message: `'${k}' is set by the study for every arm, not per arm`, path: [k] });
      }).describe("The arm's training config (over the preset): model, kh/readout or mlp sections."),
    sweep: z
      .record(z.string(), z.array(z.unknown()).min(1, "a sweep needs at least one value"))
      .superRefine((r, ctx) => {
        for (const k of Object.keys(r))
          if (!/^[A-Za-z]+(\.[A-Za-z]+)*$/.test(k)) ctx.addIssue({ code: "custom", message: `'${k}' is not a dotted config path such as 'kh.k'`, path: [k] });
      })
      .default({}).describe("Hyperparameter sweep: config path → values; the arm expands into one job per combination."),
  })
  .strict();
export type Arm = z.infer<typeof Arm>;

/** Public code a study's protocol was read from. */
export const StudySource = z
  .object({
    repo: z.string().describe("`owner/name` on GitHub."),
    commit: z.string().regex(/^[0-9a-f]{7,40}$/, "a git commit hash").describe("The commit read."),
    what: z.string().optional().describe("What was read there (files, notebooks)."),
  })
  .strict();

/** A figure a paper published for the comparison a study runs. */
export const PublishedFigure = z
  .object({
    arm: z.string().describe("The study's arm it belongs to."),
    what: z.string().describe("What the figure is (statistic, representation)."),
    value: z.number(),
    source: z.string().describe("Paper and where in it (figure, notebook cell)."),
    column: z.string().describe("The report column it sits beside (`clean`, `alpha-u`, `crit-pgd-l2`, `crit-fgsm-l2`, `crit-noise-gaussian-l2`…)."),
    dataset: z.string().optional().describe("The data it was measured on (e.g. `CIFAR-10, unit-L³ inputs`)."),
    precision: z.string().optional().describe("How exact it is: `printed` or `read off a figure ± x`."),
  })
  .strict();

/** An ordering of arms a paper reports (first = largest value of the column). */
export const Ordering = z
  .object({
    column: z.string().describe("Report column compared (`crit-pgd-l2`, `alpha-u`…)."),
    arms: z.array(z.string()).min(2).describe("Arms from the largest value to the smallest, as the paper orders them."),
    meaning: z.string().optional().describe("What a larger value means (`more robust`, `steeper spectrum`)."),
    source: z.string().optional().describe("Where the paper shows it."),
    ties: z.array(z.tuple([z.string(), z.string()])).default([]).describe("Adjacent pairs the paper shows as about equal (`BP ≳ SpecReg`): either order counts as agreeing."),
  })
  .strict();

export const StudyConfig = z
  .object({
    format: z.literal("hebblab-study/1").default("hebblab-study/1").describe("The study file's format."),
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by '-'").default("study").describe("Short name (lower-case words joined by `-`): the report's title, Slurm's job names."),
    description: z.string().optional().describe("What the study asks, in words (shown in the report)."),
    notes: z.string().optional().describe("Why the study is set up as it is (shown nowhere else)."),
    data: DataConfig.default(DataConfig.parse({})).describe("One dataset for every arm (see the training config's `data`)."),
    seeds: z.array(z.number().int()).min(1, "at least one seed").default([1]).describe("Seeds: every arm runs once per seed."),
    epochs: z.number().int().min(1).optional().describe("When set, every arm trains this many epochs (KH's `kh.epochs`, an MLP's `mlp.epochs`): a quick version of the study."),
    arms: z.array(Arm).min(1, "a study needs at least one arm"),
    attack: AttackEvalConfig.prefault({}).describe("The attack evaluation of every trained model (as `hebblab attack`)."),
    version: z.number().int().min(1).default(1).describe("Version of a shipped study file: raised whenever its settings change, recorded in every result of it."),
    title: z.string().optional().describe("One line: the paper and comparison the study reproduces (`hebblab studies`)."),
    sources: z
      .array(StudySource)
      .default([])
      .describe("The public code the study's protocol was read from, each `{ repo, commit, what }`."),
    variant: z
      .object({
        kind: z.enum(["faithful", "scaled"]).describe("`faithful`: the reference's protocol as far as hebblab expresses it; `scaled`: a reduced version that fits one machine (what changed is in `differences`)."),
        of: z.string().optional().describe("The faithful study this one scales down (its name)."),
        estimate: z.string().optional().describe("Expected wall time on a 2-core machine, in words."),
      })
      .strict()
      .optional()
      .describe("Whether the study runs the reference's protocol or a scaled-down version of it."),
    requires: z
      .object({
        sources: z.array(z.string()).min(1).describe("Data sources (names: `idx`, `cifar10`…) the study is meant for; `hebblab compare` refuses another one."),
        message: z.string().describe("What the user should point the study at, shown when the data is not one of them."),
      })
      .strict()
      .optional()
      .describe("Data the study must run on (e.g. the full 60k MNIST training set, which is not embedded)."),
    differences: z.array(z.string()).default([]).describe("How this study's protocol differs from the one that produced the published numbers (dataset, epochs, scaled parts, slips reproduced or corrected): listed in the report."),
    published: z
      .array(PublishedFigure)
      .default([])
      .describe("Figures the seed papers published for the same comparison, by arm and report column (`clean`, `alpha-u`, `crit-pgd-l2`…): the report sets them beside this run's and says whether the orderings agree."),
    orderings: z
      .array(Ordering)
      .default([])
      .describe("Orderings of arms the papers report, by report column: the report says per ordering whether this run's means keep it. Left empty, one ordering per column of `published` with two or more arms is checked."),
    analyses: z.record(z.string(), z.unknown()).optional().describe("The analyses every job computes (the training config's `analyses`, e.g. `{ geometry: { enabled: true } }`), under an arm's own."),
    executor: z.enum(EXECUTORS).default("local").describe("Where the jobs run: `local` (child processes on this machine) or `slurm` (one Slurm job array plus a report job; see `slurm`). `hebblab compare --executor` overrides it."),
    slurm: SlurmConfig.prefault({}).describe("Cluster settings of the Slurm executor."),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.arms.forEach((a, i) => {
      if (seen.has(a.name)) ctx.addIssue({ code: "custom", message: `arm name '${a.name}' is used twice`, path: ["arms", i, "name"] });
      seen.add(a.name);
    });
    if (new Set(s.seeds).size !== s.seeds.length) ctx.addIssue({ code: "custom", message: "seeds repeat", path: ["seeds"] });
    const arms = new Set(s.arms.map((a) => a.name));
    s.published.forEach((p, i) => {
      if (!arms.has(p.arm)) ctx.addIssue({ code: "custom", message: `no arm named '${p.arm}'`, path: ["published", i, "arm"] });
    });
    s.orderings.forEach((o, i) =>
      o.arms.forEach((a, j) => {
        if (!arms.has(a)) ctx.addIssue({ code: "custom", message: `no arm named '${a}'`, path: ["orderings", i, "arms", j] });
      }),
    );
  });
export type StudyConfig = z.infer<typeof StudyConfig>;

/** Validates a raw study; throws one Error listing every problem as `study.field.path: message`. */
export function parseStudy(raw: unknown): StudyConfig {
  const r = StudyConfig.safeParse(raw ?? {});
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  study.${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`invalid study:\n${lines.join("\n")}`);
  }
  return r.data;
}

/**
 * The settings of a study file (`hebblab compare --config`) as `study.PATH`, its arms' as
 * `study.arms[].PATH`: `hebblab config study` lists them and `docs/config.md` documents them.
 * `data` and `attack` are the training config's sections of the same names.
 */
export function studyFields(): ConfigField[] {
  const top = configFields(StudyConfig).filter((f) => !/^(data|attack|arms)(\.|$)/.test(f.path));
  const arms = configFields(Arm);
  const i = top.findIndex((f) => f.path === "executor");
  const withArms = [...top.slice(0, i), ...arms.map((f) => ({ ...f, path: `arms[].${f.path}` })), ...top.slice(i)];
  return withArms.map((f) => ({ ...f, path: `study.${f.path}` }));
}

/** `docs/config.md`: the training config's settings, then the study file's. */
export function referenceMarkdown(): string {
  const intro =
    "A study file (`hebblab compare --config FILE`; `hebblab compare --print-study` prints the default one) has these settings, plus `data` and `attack` as in the training config above, applied to every arm. The Slurm executor's scalar settings are also `hebblab compare` flags (`--partition`, `--time`, `--cpus-per-task`…), which override the file.";
  return configMarkdown(undefined, [["study file (`hebblab compare --config`)", intro, studyFields()]]);
}
