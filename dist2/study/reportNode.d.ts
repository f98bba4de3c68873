import { type StudyData } from "../report/study.js";
/**
 * Reads a study directory (`study.json`, `jobs/<id>/results.json`, local learners' `fields.svg`)
 * into what the report needs: results files only, nothing is rerun.
 */
export declare function readStudyDir(dir: string): Promise<StudyData>;
/** Writes report.md (+ its plots as SVG files), report.html (self-contained), results.csv and results.json into `dir`. */
export declare function writeStudyReport(dir: string): Promise<{
    files: string[];
    data: StudyData;
}>;
