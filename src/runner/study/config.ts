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
    published: z
      .array(z.object({ arm: z.string(), what: z.string(), value: z.number(), source: z.string(), column: z.string() }).strict())
      .default([])
      .describe("Figures the seed papers published for the same comparison, by arm and report column (`clean`, `alpha-u`, `crit-pgd-l2`…): the report sets them beside this run's and says whether the orderings agree."),
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
