import { join } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { cvPCA } from "../analysis/cvpca.js";
import { readMatrix, type MatrixFormat } from "../analysis/matrixFile.js";
import { analyzeSpectrum, DEFAULT_RANKS, type PowerLawFit } from "../analysis/spectrum.js";
import { linePlotSvg } from "../report/plot.js";
import { checkWritableDir, writeAtomic, writeJson } from "../files.js";
import { versions } from "../runner/versions.js";
import type { KernelBuild } from "../wasm/init.js";
import { createPool, type KernelPool } from "../wasm/pool.js";
import { threadCount } from "./options.js";

/** Options of {@link runSpectrum} (the CLI's flags as data). */
export interface SpectrumCommand {
  /** One file: spectrum of its covariance. Two files (repeats of the same stimuli): cvPCA. */
  files: string[];
  /** Output directory for spectrum.json and spectrum.svg. */
  out: string;
  ranks: [number, number];
  format?: MatrixFormat;
  constantColumns: "drop" | "error";
  build: KernelBuild | "auto";
  /** Threads for the covariance (default: every core); the numbers do not depend on it. */
  threads?: number;
}

/** Parses `LO-HI` or `LO..HI` (1-based inclusive ranks). */
export function parseRanks(value: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:-|\.\.|:)\s*(\d+)\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError(`'${value}' is not a rank range like 11-500`);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (lo < 1 || hi < lo) throw new InvalidArgumentError(`rank range ${value}: need 1 ≤ lo ≤ hi`);
  return [lo, hi];
}

/** `hebblab spectrum FILE [FILE2]`: eigenspectrum, power-law fits and a log-log plot. */
export function registerSpectrum(program: Command): void {
  program
    .command("spectrum")
    .description("eigenspectrum of a [samples × units] matrix, its power-law exponent α (Stringer 2019), and cvPCA for two repeats")
    .argument("<file>", "matrix file: .hbm (hebblab binary), .npy (2-D float32/float64) or CSV/TSV; rows = samples, columns = units")
    .argument("[file2]", "second repeat of the same stimuli (same shape, same row order): cross-validated PCA")
    .option("-o, --out <dir>", "output directory for spectrum.json and spectrum.svg", "spectrum-out")
    .option("--ranks <lo-hi>", "1-based inclusive fit range", parseRanks, [...DEFAULT_RANKS] as [number, number])
    .addOption(new Option("--format <format>", "file format (default: from the extension)").choices(["hbm", "npy", "csv"]))
    .addOption(new Option("--constant-columns <how>", "zero-variance columns: drop (report) or error").choices(["drop", "error"]).default("drop"))
    .addOption(new Option("--kernels <build>", "kernel build").choices(["auto", "simd", "scalar"]).default("auto"))
    .option("--threads <n>", "threads for the covariance (default: every core); the numbers do not depend on it", threadCount)
    .action(async (file: string, file2: string | undefined, o: Record<string, unknown>) => {
      await checkWritableDir(String(o.out), "--out");
      const summary = await runSpectrum({
        files: file2 ? [file, file2] : [file],
        out: o.out as string,
        ranks: o.ranks as [number, number],
        format: o.format as MatrixFormat | undefined,
        constantColumns: o.constantColumns as "drop" | "error",
        build: o.kernels as KernelBuild | "auto",
        threads: o.threads as number | undefined,
      });
      process.stdout.write(summary + "\n");
    });
}

const fmtFit = (name: string, f: PowerLawFit): string =>
  `${name}: α = ${f.alpha.toFixed(3)} ± ${f.stderr.toFixed(3)} (R² = ${f.r2.toFixed(4)}, ranks ${f.ranks[0]}..${f.ranks[1]}${f.clipped ? ", clipped" : ""})`;

/** Runs the command and returns the summary it prints. Writes `<out>/spectrum.json` and `<out>/spectrum.svg`. */
export async function runSpectrum(c: SpectrumCommand): Promise<string> {
  const pool = await createPool({ threads: c.threads, build: c.build });
  try {
    return await spectrumOn(pool, c);
  } finally {
    await pool.dispose();
  }
}

async function spectrumOn(pool: KernelPool, c: SpectrumCommand): Promise<string> {
  const w = pool.wasm;
  const mats = await Promise.all(c.files.map((f) => readMatrix(f, c.format)));
  const [a] = mats;
  if (mats.length === 2 && (mats[1].rows !== a.rows || mats[1].cols !== a.cols)) {
    throw new Error(`cvPCA: repeats differ in shape: ${a.rows}×${a.cols} vs ${mats[1].rows}×${mats[1].cols}`);
  }
  const opts = { ranks: c.ranks, constantColumns: c.constantColumns, pool };
  const input = { files: c.files, format: mats.map((m) => m.format), samples: a.rows, units: a.cols };
  let values: Float64Array;
  let fit: PowerLawFit;
  let fitU: PowerLawFit;
  let result: Record<string, unknown>;
  let label: string;
  if (mats.length === 1) {
    const r = analyzeSpectrum(w, a.data, a.rows, a.cols, opts);
    values = r.eigenvalues;
    fit = r.fitWeighted;
    fitU = r.fitUnweighted;
    result = { kind: "spectrum", input, ...r };
    label = "eigenvalue";
  } else {
    const r = cvPCA(w, a.data, mats[1].data, a.rows, a.cols, opts);
    values = r.ss;
    fit = r.fitWeighted;
    fitU = r.fitUnweighted;
    result = { kind: "cvpca", input, ...r };
    label = "cross-validated variance";
  }
  result.backend = w.build;
  result.threads = pool.threads;
  result.versions = versions();
  await writeJson(join(c.out, "spectrum.json"), result);
  const ranks = Float64Array.from(values, (_, i) => i + 1);
  // Each fitted line is drawn over the ranks it was fitted on.
  const line = (f: PowerLawFit) => {
    const x = Float64Array.from({ length: f.ranks[1] - f.ranks[0] + 1 }, (_, i) => f.ranks[0] + i);
    return { x, y: x.map((r) => Math.exp(f.intercept - f.alpha * Math.log(r))) };
  };
  const svg = await linePlotSvg(
    [
      { name: label, x: ranks, y: values },
      { name: `weighted fit α = ${fit.alpha.toFixed(2)} (ranks ${fit.ranks[0]}–${fit.ranks[1]})`, ...line(fit), dashed: true },
      { name: `unweighted fit α = ${fitU.alpha.toFixed(2)}`, ...line(fitU), dashed: true },
    ],
    { title: `${mats.length === 1 ? "Spectrum" : "cvPCA spectrum"} of ${c.files.join(" × ")}`, xLabel: "rank n", yLabel: label, logX: true, logY: true },
  );
  await writeAtomic(join(c.out, "spectrum.svg"), svg);
  const notes = (result.notes as string[]).map((s) => `note: ${s}`);
  return [
    `${mats.length === 1 ? "spectrum" : "cvPCA"} of ${a.rows} samples × ${a.cols} units (covariance on ${pool.threads} thread${pool.threads === 1 ? "" : "s"})`,
    fmtFit("weighted (1/n)", fit),
    fmtFit("unweighted", fitU),
    `participation ratio ${(result.participationRatio as number).toFixed(2)}, components for 90 % variance ${result.n90 as number}`,
    ...notes,
    `wrote ${join(c.out, "spectrum.json")} and ${join(c.out, "spectrum.svg")}`,
  ].join("\n");
}
