import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomic, writeJson } from "../../files.js";
import { reportHtml, reportMarkdown, resultsCsv, resultsJson, studyPlots, type JobResults, type StudyData } from "../../report/study.js";
import { JOB_RESULTS } from "./runJob.js";
import { readStudyRun } from "./studyDir.js";

/**
 * Reads a study directory (`study.json`, `jobs/<id>/results.json`, local learners' `fields.svg`)
 * into what the report needs: results files only, nothing is rerun.
 */
export async function readStudyDir(dir: string): Promise<StudyData> {
  const run = await readStudyRun(dir);
  const jobs: JobResults[] = [];
  const missing: string[] = [];
  const fields: Record<string, string> = {};
  for (const j of run.jobs) {
    const p = join(dir, "jobs", j.id, JOB_RESULTS);
    let r: JobResults;
    try {
      r = JSON.parse(await readFile(p, "utf8"));
    } catch {
      missing.push(j.id);
      continue;
    }
    if (r.configHash !== j.configHash) {
      missing.push(j.id);
      continue;
    }
    jobs.push(r);
    const svg = await readFile(join(dir, "jobs", j.id, "fields.svg"), "utf8").catch(() => null);
    // One picture per local-learner arm (its first seed) is enough for the report.
    if (svg && !Object.keys(fields).some((id) => id.startsWith(`${r.job.arm}-seed`))) fields[j.id] = svg;
  }
  return { name: run.study.name, description: run.study.description, arms: run.study.arms.map((a) => ({ name: a.name, description: a.description })), jobs, fields, missing, published: run.study.published ?? [] };
}

/** Writes report.md (+ its plots as SVG files), report.html (self-contained), results.csv and results.json into `dir`. */
export async function writeStudyReport(dir: string): Promise<{ files: string[]; data: StudyData }> {
  const data = await readStudyDir(dir);
  const plots = await studyPlots(data);
  const files: string[] = [];
  const plotFiles: string[] = [];
  for (const [name, svg] of Object.entries(plots)) {
    const f = `report-${name}.svg`;
    await writeAtomic(join(dir, f), svg);
    plotFiles.push(f);
  }
  const put = async (name: string, text: string) => {
    await writeAtomic(join(dir, name), text);
    files.push(join(dir, name));
  };
  await put("report.md", reportMarkdown(data, plotFiles));
  await put("report.html", await reportHtml(data));
  await put("results.csv", resultsCsv(data));
  await writeJson(join(dir, "results.json"), resultsJson(data));
  files.push(join(dir, "results.json"));
  return { files, data };
}
