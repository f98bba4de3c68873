import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { checkWritableDir, writeJson } from "../../files.js";
import { kindPresets } from "../presets.js";
import { parseStudy, type StudyConfig } from "./config.js";
import { planStudy, type Job } from "./plan.js";
import { exists, jobDone } from "./runJob.js";

/**
 * A study directory (`hebblab compare --out DIR`): `study.json` (the study run record: the validated
 * study and its planned jobs), `jobs/<id>/` (each job's own files), `slurm/` (the Slurm executor's
 * scripts, logs and submissions), then the report. Everything that reads such a directory (report,
 * status, resume) reads `study.json` through {@link readStudyRun}, so a wrong directory gets one clear error.
 */

export const STUDY_RUN_FORMAT = "hebblab-study-run/1";

/** A job id is a directory name under `jobs/`: nothing that could lead elsewhere. */
const JobId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a job directory name (letters, digits, '.', '_', '-')");

const StudyRunRecord = z.object({
  format: z.literal(STUDY_RUN_FORMAT),
  study: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    arms: z.array(z.looseObject({ name: z.string(), description: z.string().optional() })),
  }),
  jobs: z.array(z.looseObject({ id: JobId, arm: z.string(), seed: z.number(), configHash: z.string() })),
});

/** What `study.json` holds: the study as validated when it was planned, and its jobs in plan order. */
export interface StudyRun {
  format: typeof STUDY_RUN_FORMAT;
  study: StudyConfig;
  jobs: { id: string; arm: string; seed: number; configHash: string }[];
}

/**
 * Reads and checks `DIR/study.json`; the error says what the file is instead when it is not a
 * study run (missing, not JSON, a study config given to `compare --config`, another format, a
 * record whose fields are wrong — each named).
 */
export async function readStudyRun(dir: string): Promise<StudyRun> {
  const path = join(dir, "study.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`${dir}: no readable study.json (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); is it a 'hebblab compare' output directory?`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`${path}: not a study run (expected a JSON object written by 'hebblab compare')`);
  const r = raw as Record<string, unknown>;
  if (r.format !== STUDY_RUN_FORMAT && (r.format === "hebblab-study/1" || "arms" in r)) {
    throw new Error(
      `${path} is a study file (the input of 'hebblab compare --config'), not a study run: run it with 'hebblab compare --config ${path} --out OUT', then 'hebblab report OUT' rebuilds that study's report`,
    );
  }
  if (r.format !== STUDY_RUN_FORMAT) {
    const what = r.format === undefined ? "has no 'format'" : `has format ${JSON.stringify(r.format)}`;
    throw new Error(`${path}: not a study run: it ${what}, expected "${STUDY_RUN_FORMAT}" (the study.json that 'hebblab compare' writes)`);
  }
  const parsed = StudyRunRecord.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${path}: a damaged study run (written by 'hebblab compare'; plan the study again with it):\n${lines.join("\n")}`);
  }
  return raw as StudyRun;
}

/** Options of {@link prepareStudy}. */
export interface PrepareOptions {
  out: string;
  /** Continue the study already in `out` (its plan must be the same). */
  resume?: boolean;
}

/** A planned study in its directory: the jobs in plan order and which of them are already done. */
export interface PreparedStudy {
  study: StudyConfig;
  jobs: Job[];
  /** Absolute study directory. */
  dir: string;
  done: Set<string>;
}

/**
 * Validates and plans a study, checks `out`, and writes `study.json` and one `jobs/<id>/job.json`
 * per job (what every executor runs). With `resume`, the study already in `out` must have been
 * planned with the same jobs and settings; without it, an existing study is refused.
 */
export async function prepareStudy(raw: unknown, o: PrepareOptions): Promise<PreparedStudy> {
  const study = parseStudy(raw);
  const jobs = await planStudy(study, kindPresets);
  await checkWritableDir(o.out, "--out");
  const studyPath = join(o.out, "study.json");
  if (await exists(studyPath)) {
    if (!o.resume) throw new Error(`--out ${o.out}: already holds a study (study.json); continue it with --resume, or choose another directory`);
    const before = await readStudyRun(o.out);
    const was = JSON.stringify(before.jobs.map((j) => [j.id, j.configHash]));
    const now = JSON.stringify(jobs.map((j) => [j.id, j.configHash]));
    if (was !== now) throw new Error(`--resume: the study in ${o.out} was planned with other jobs or settings; resume it with the same config, seeds and --epochs`);
  }
  await writeJson(studyPath, { format: STUDY_RUN_FORMAT, study, jobs: jobs.map((j) => ({ id: j.id, arm: j.arm, seed: j.seed, configHash: j.configHash })) });
  for (const j of jobs) await writeJson(join(o.out, "jobs", j.id, "job.json"), j);
  const done = new Set<string>();
  for (const j of jobs) if (await jobDone(join(o.out, "jobs", j.id), j)) done.add(j.id);
  return { study, jobs, dir: resolve(o.out), done };
}
