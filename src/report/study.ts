import { linePlotSvg, type Series } from "./plot.js";

/**
 * The report of a study (issue 11), built from results files alone: one table
 * (mean ± sd over seeds per arm), plots, the sanity checks, the settings to
 * reproduce each job, and what the seed papers reported beside this run's
 * numbers. Platform-neutral: the Node side reads the files and writes
 * `report.md`, `report.html`, `results.csv` and `results.json`.
 */

/** One MFTMA row of a job's geometry analysis (means over its MFTMA seeds, `sd` their SD). */
export interface GeometryRowLike {
  condition: string;
  representation: string;
  manifolds: number;
  capacity: number;
  radius: number;
  dimension: number;
  sd?: { capacity: number; radius: number; dimension: number };
}

/** What the report reads of one job's `results.json` (a training results record with `attack` and `job`). */
export interface JobResults {
  job: { arm: string; baseArm?: string; seed: number; id: string };
  configHash: string;
  seed: number;
  config: { model: string; preset?: { name: string; version: number } };
  backend: { kernels: string; tfjs: string; threads: number };
  versions: Record<string, string>;
  metrics: {
    testAccuracy: number;
    isometry?: number;
    jacobianFro2?: number;
    spectrum?: { alphaWeighted: number | null; alphaUnweighted: number | null; eigenvalues?: number[]; fitUnweighted?: { ranks: readonly number[] }; name?: string; representation?: string };
    /** Every analyzed representation's spectrum (`currents`, `features`, `h1`, `z1`…). */
    spectrumByLayer?: Record<string, { representation?: string; alphaWeighted: number | null; alphaUnweighted: number | null; fitUnweighted?: { ranks: readonly number[] } }>;
    convergence?: { converged: boolean; final: { fractionConverged: number } };
    /** The geometry analysis (MFTMA, Dapello et al. 2021): one row per condition × representation. */
    geometry?: { seeds: number; representations: string[]; rows: GeometryRowLike[] };
  };
  timings: { totalSeconds: number; attackSeconds?: number };
  warnings?: string[];
  attack?: {
    results: { attack: string; eps: number; accuracy: number; parts?: { attack: string; accuracy: number }[]; requested?: string; settings?: Record<string, unknown> }[];
    critical: CriticalLike | null;
    criticalAlso?: CriticalLike[];
    sanity: { passed: boolean; checks: { name: string; passed: boolean; skipped?: boolean; masking?: boolean; detail: string }[] };
    eotSamples: number;
    data: { images: number };
    /** `pgd` in results written before each attack had its own section (issue 24). */
    config: { "pgd-linf"?: { steps: number; restarts: number; randomStart?: boolean }; pgd?: { steps: number; restarts: number; randomStart?: boolean }; critical?: { method?: string; images?: number; median?: string } };
    /** The space attacks ran in (absent in older results: pixels in [0, 1]). */
    space?: string;
  };
}

interface CriticalLike {
  attack: string;
  images: number;
  medianEps: number | null;
  medianL2: number | null;
  eps: (number | null)[];
  /** Which median the evaluation reports (absent in older results: never-flipped images count as +∞). */
  median?: "flipped-only" | "never-flipped-as-infinite";
  /** Medians over the flipped images only (Holzhausen et al.'s), and the fraction never flipped. */
  flippedOnly?: { medianEps: number | null; medianL2: number | null };
  neverFlipped?: number;
}

/** A study's results as the report sees them. */
export interface StudyData {
  name: string;
  description?: string;
  arms: { name: string; description?: string }[];
  jobs: JobResults[];
  /** Receptive-field SVGs by job id (local-learner arms). */
  fields: Record<string, string>;
  /** Jobs planned but without results (failed or not run). */
  missing: string[];
  /** What the seed papers published for the same comparison (from the study file). */
  published?: PublishedFigure[];
  /** Orderings of arms the papers report (from the study file). */
  orderings?: OrderingCheck[];
  /** How the study's protocol differs from the published one. */
  differences?: string[];
  /** The code the protocol was read from. */
  sources?: { repo: string; commit: string; what?: string }[];
  version?: number;
  variant?: { kind: string; of?: string; estimate?: string };
}

/** An ordering of arms a paper reports, largest value of `column` first (the study file's `orderings`). */
export interface OrderingCheck {
  column: string;
  arms: string[];
  meaning?: string;
  source?: string;
  ties?: [string, string][];
}

/** One column of the table: a value per job, how to print it. */
interface Column {
  key: string;
  head: string;
  value: (r: JobResults) => number | null | undefined;
  fmt: (v: number) => string;
  /** Sanity checks whose failure casts doubt on this column. */
  doubtedBy?: string[];
}

const pct = (v: number) => (100 * v).toFixed(1);
const f3 = (v: number) => v.toFixed(3);
const g3 = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toPrecision(3));

const cell = (r: JobResults, attack: string, eps: number) => r.attack?.results.find((c) => c.attack === attack && Math.abs(c.eps - eps) < 1e-12);
const acc = (attack: string, eps: number) => (r: JobResults) => cell(r, attack, eps)?.accuracy;
/** AutoAttack's cell: the standard version, or the randomized one a stochastic arm got instead. */
const aaCell = (r: JobResults, eps: number) => cell(r, "autoattack", eps) ?? cell(r, "autoattack-rand", eps);
const aa = (eps: number) => (r: JobResults) => aaCell(r, eps)?.accuracy;
const MASKING = ["gradient-free-finds-more", "apgd-le-pgd", "monotone-in-eps", "linf-eps1-near-zero", "gradients-usable"];
/** A critical search's median as its evaluation chose to report it (flipped images only, or never-flipped as +∞). */
const crit = (attack: string, which: "medianEps" | "medianL2") => (r: JobResults) => {
  const c = criticalOf(r, attack);
  if (!c) return undefined;
  return c.median === "flipped-only" && c.flippedOnly ? c.flippedOnly[which] : c[which];
};
const criticalOf = (r: JobResults, attack: string) => [r.attack?.critical, ...(r.attack?.criticalAlso ?? [])].find((c) => c?.attack === attack);

/** The ε at which any job ran one of `attacks` (ε = 0, the clean accuracy, left out), ascending. */
const epsRun = (d: StudyData, attacks: string[]) =>
  [...new Set(d.jobs.flatMap((j) => (j.attack?.results ?? []).filter((c) => c.eps > 0 && attacks.includes(c.attack)).map((c) => c.eps)))].sort((a, b) => a - b);

/**
 * The table's columns for this study's jobs: clean accuracy, each attack at every ε the jobs ran it
 * at (the default study's 0.05/0.1/0.2, Dapello's 1/255 and 8/255, Holzhausen's 0.003…0.03), the
 * critical perturbations, spectra and the other metrics. Columns no job has a value for are dropped
 * by the table.
 */
export function columnsFor(d: StudyData): Column[] {
  const at = (key: string, head: string, attacks: string[], value: (e: number) => (r: JobResults) => number | undefined, doubtedBy: string[]) =>
    epsRun(d, attacks).map((e) => ({ key: `${key}@${e}`, head: `${head} ${e} %`, value: value(e), fmt: pct, doubtedBy }));
  return [
    { key: "clean", head: "clean %", value: (r) => r.metrics.testAccuracy, fmt: pct },
    ...at("fgsm", "FGSM", ["fgsm"], (e) => acc("fgsm", e), ["pgd-le-one-step", "monotone-in-eps", "gradients-usable"]),
    ...at("pgd-linf", "PGD-L∞", ["pgd-linf"], (e) => acc("pgd-linf", e), ["pgd-le-one-step", "monotone-in-eps", "linf-eps1-near-zero", "gradients-usable", "noise-weaker"]),
    ...at("autoattack", "AutoAttack", ["autoattack", "autoattack-rand"], aa, MASKING),
    ...at("pgd-l2", "PGD-L2", ["pgd-l2"], (e) => acc("pgd-l2", e), ["pgd-le-one-step", "monotone-in-eps", "gradients-usable", "noise-weaker"]),
    ...OTHER_COLUMNS,
  ];
}

/** The columns that do not depend on the study's ε grid. */
const OTHER_COLUMNS: Column[] = [
  { key: "crit-pgd-eps", head: "crit. PGD ε", value: crit("pgd-linf", "medianEps"), fmt: g3, doubtedBy: ["linf-eps1-near-zero", "gradients-usable"] },
  { key: "crit-pgd-l2", head: "crit. PGD ‖δ‖₂", value: crit("pgd-linf", "medianL2"), fmt: f3, doubtedBy: ["linf-eps1-near-zero", "gradients-usable"] },
  { key: "crit-pgd-unflipped", head: "PGD never flipped %", value: (r) => criticalOf(r, "pgd-linf")?.neverFlipped, fmt: pct },
  { key: "crit-fgsm-eps", head: "crit. FGSM ε", value: crit("fgsm", "medianEps"), fmt: g3 },
  { key: "crit-fgsm-l2", head: "crit. FGSM ‖δ‖₂", value: crit("fgsm", "medianL2"), fmt: f3 },
  { key: "crit-noise-eps", head: "crit. noise ε", value: crit("noise-linf", "medianEps"), fmt: f3 },
  { key: "crit-noise-l2", head: "crit. noise ‖δ‖₂", value: crit("noise-linf", "medianL2"), fmt: f3 },
  { key: "crit-noise-gaussian-eps", head: "crit. noise σ", value: crit("noise-gaussian", "medianEps"), fmt: g3 },
  { key: "crit-noise-gaussian-l2", head: "crit. noise-gaussian ‖δ‖₂", value: crit("noise-gaussian", "medianL2"), fmt: f3 },
  { key: "alpha-w", head: "α (weighted)", value: (r) => r.metrics.spectrum?.alphaWeighted, fmt: f3 },
  { key: "alpha-u", head: "α (unweighted)", value: (r) => r.metrics.spectrum?.alphaUnweighted, fmt: f3 },
  { key: "isometry", head: "isometry", value: (r) => r.metrics.isometry, fmt: f3 },
  { key: "jacobian", head: "‖J‖²_F", value: (r) => r.metrics.jacobianFro2, fmt: g3 },
  { key: "kh-converged", head: "KH units converged %", value: (r) => r.metrics.convergence?.final.fractionConverged, fmt: pct },
  { key: "train-s", head: "train s", value: (r) => r.timings.totalSeconds - (r.timings.attackSeconds ?? 0), fmt: (v) => v.toFixed(0) },
];

/** Mean and sample standard deviation of the finite values (null when there are none). */
export function meanSd(values: (number | null | undefined)[]): { mean: number; sd: number | null; n: number } | null {
  const v = values.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : null;
  return { mean, sd, n: v.length };
}

/** Jobs grouped by arm, in the study's arm order (swept arms in planned order). */
function byArm(d: StudyData): [string, JobResults[]][] {
  const order: string[] = [];
  for (const j of d.jobs) if (!order.includes(j.job.arm)) order.push(j.job.arm);
  const rank = (a: string) => {
    const base = d.jobs.find((j) => j.job.arm === a)?.job.baseArm ?? a;
    const i = d.arms.findIndex((x) => x.name === base);
    return i < 0 ? d.arms.length : i;
  };
  order.sort((a, b) => rank(a) - rank(b));
  return order.map((a) => [a, d.jobs.filter((j) => j.job.arm === a).sort((x, y) => x.seed - y.seed)]);
}

/** Failed sanity checks of an arm: check name → seeds. */
function failedChecks(jobs: JobResults[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const j of jobs) for (const c of j.attack?.sanity.checks ?? []) if (!c.passed && !c.skipped) m.set(c.name, [...(m.get(c.name) ?? []), j.seed]);
  return m;
}

/** The summary table as rows of cells (arm first), with ⚠ where a failed sanity check casts doubt on a number. */
export function summaryTable(d: StudyData): { head: string[]; rows: string[][]; columns: Column[] } {
  // A column stays when any job has it; null (a critical median beyond the search range) counts as having it.
  const columns = columnsFor(d).filter((c) => d.jobs.some((j) => c.value(j) !== undefined));
  const rows = byArm(d).map(([arm, jobs]) => {
    const failed = failedChecks(jobs);
    return [
      `${arm} (${jobs.length} seed${jobs.length === 1 ? "" : "s"})`,
      ...columns.map((c) => {
        const values = jobs.map(c.value);
        const beyond = values.filter((v) => v === null).length;
        const s = meanSd(values);
        if (!s) return beyond ? "> range" : "—";
        const doubt = (c.doubtedBy ?? []).some((n) => failed.has(n)) ? " ⚠" : "";
        const part = beyond ? ` (${beyond} of ${values.length} seeds > range)` : "";
        return `${c.fmt(s.mean)}${s.sd !== null ? ` ± ${c.fmt(s.sd)}` : ""}${part}${doubt}`;
      }),
    ];
  });
  return { head: ["arm", ...columns.map((c) => c.head)], rows, columns };
}

/** A figure a seed paper published for the same comparison (the study file's `published`). */
export interface PublishedFigure {
  arm: string;
  what: string;
  value: number;
  source: string;
  /** The report column it sits beside (`clean`, `alpha-u`, `crit-pgd-l2`…). */
  column: string;
  /** The data it was measured on. */
  dataset?: string;
  /** `printed` or `read off a figure ± x`. */
  precision?: string;
}


/**
 * Sentences comparing this run with the papers: for each ordering of arms the study names (or, when it
 * names none, each report column with two or more published arms), whether this run's means order
 * the same arms the same way (pairs the paper shows as ties may swap). Stated plainly either way.
 */
export function comparisonWithPapers(d: StudyData): string[] {
  return orderingVerdicts(d).map((v) => v.sentence).concat(cleanSentences(d));
}

/** Per ordering: holds or not, and the sentence the report prints. */
export function orderingVerdicts(d: StudyData): { column: string; holds: boolean | null; sentence: string }[] {
  const arms = byArm(d);
  const columns = columnsFor(d);
  const mean = (arm: string, key: string) => {
    const col = columns.find((c) => c.key === key);
    const jobs = arms.find(([a]) => a === arm)?.[1] ?? [];
    return col ? (meanSd(jobs.map(col.value))?.mean ?? null) : null;
  };
  const orderings: OrderingCheck[] = d.orderings?.length
    ? d.orderings
    : [...new Set((d.published ?? []).map((p) => p.column))]
        .filter((c) => c !== "clean")
        .map((column) => {
          const pub = (d.published ?? []).filter((p) => p.column === column);
          return { column, arms: [...pub].sort((a, b) => b.value - a.value).map((p) => p.arm), source: pub[0]?.source };
        })
        .filter((o) => o.arms.length >= 2);
  return orderings.map((o) => {
    const col = columns.find((c) => c.key === o.column);
    const head = col?.head ?? o.column;
    const have = o.arms.filter((a) => mean(a, o.column) !== null);
    const paper = `${o.arms.join(" > ")}${o.meaning ? ` (larger = ${o.meaning})` : ""}${o.source ? ` [${o.source}]` : ""}`;
    if (have.length < 2) return { column: o.column, holds: null, sentence: `${head}: published order ${paper}; this run has no values for ${o.arms.filter((a) => !have.includes(a)).join(", ")}: not checked.` };
    const here = [...have].sort((a, b) => mean(b, o.column)! - mean(a, o.column)!);
    const tie = (a: string, b: string) => (o.ties ?? []).some(([x, y]) => (x === a && y === b) || (x === b && y === a));
    // The published order restricted to the arms this run has; adjacent published ties may swap.
    const want = o.arms.filter((a) => have.includes(a));
    let holds = true;
    for (let i = 0; i + 1 < want.length; i++) {
      const [a, b] = [want[i], want[i + 1]];
      if (!(mean(a, o.column)! > mean(b, o.column)!) && !tie(a, b)) holds = false;
    }
    for (let i = 0; i < want.length; i++) for (let j = i + 2; j < want.length; j++) if (!(mean(want[i], o.column)! > mean(want[j], o.column)!)) holds = false;
    const fmt = col?.fmt ?? ((v: number) => v.toPrecision(3));
    const missing = o.arms.filter((a) => !have.includes(a));
    return {
      column: o.column,
      holds,
      sentence:
        `${head}: published order ${paper}; this run ${here.map((a) => `${a} ${fmt(mean(a, o.column)!)}`).join(" > ")}` +
        `${missing.length ? ` (no value for ${missing.join(", ")})` : ""}: ${holds ? `the ordering HOLDS${missing.length ? " among the arms with values" : ""}` : "the ordering does NOT hold — a finding to report, not to tune away"}.`,
    };
  });
}

function cleanSentences(d: StudyData): string[] {
  const arms = byArm(d);
  const out: string[] = [];
  for (const p of (d.published ?? []).filter((f) => f.column === "clean")) {
    const jobs = arms.find(([a]) => a === p.arm)?.[1] ?? [];
    const here = meanSd(jobs.map((r) => r.metrics.testAccuracy))?.mean ?? null;
    if (here !== null) out.push(`${p.arm} clean accuracy ${(here * 100).toFixed(1)} % here (on this study's data) against ${(p.value * 100).toFixed(2)} % published (${p.what}${p.dataset ? `, ${p.dataset}` : ""}; ${p.source}).`);
  }
  return out;
}

type GeometryMeasure = "capacity" | "radius" | "dimension";

/** Per arm, its jobs' geometry rows for each condition × representation of its first job, in order. */
function geometryByArm(d: StudyData): { arm: string; jobs: number; rows: { first: GeometryRowLike; all: (GeometryRowLike | undefined)[] }[]; representations: string[] }[] {
  return byArm(d).flatMap(([arm, jobs]) => {
    const reps = jobs.map((j) => j.metrics.geometry).filter((g) => g !== undefined);
    if (!reps.length) return [];
    const rows = reps[0].rows.map((first) => ({ first, all: reps.map((g) => g.rows.find((x) => x.condition === first.condition && x.representation === first.representation)) }));
    return [{ arm, jobs: reps.length, rows, representations: reps[0].representations }];
  });
}

/**
 * The geometry analysis per arm (Dapello et al. 2021): MFTMA capacity α_M, radius R_M and dimension
 * D_M of each condition's manifolds at each representation, mean over the arm's seeds ± their SD
 * (one seed: ± the SD over its MFTMA repetitions). Empty when no job ran it.
 */
export function geometryTable(d: StudyData): { head: string[]; rows: string[][] } {
  const rows = geometryByArm(d).flatMap(({ arm, jobs, rows }) =>
    rows.map(({ first, all }) => {
      const cell = (m: GeometryMeasure) => {
        const s = meanSd(all.map((x) => x?.[m]));
        if (!s) return "—";
        const sd = jobs > 1 ? s.sd : (first.sd?.[m] ?? null);
        return `${g3(s.mean)}${sd !== null ? ` ± ${g3(sd)}` : ""}`;
      };
      return [`${arm} (${jobs} seed${jobs === 1 ? "" : "s"})`, first.condition, first.representation, String(first.manifolds), cell("capacity"), cell("radius"), cell("dimension")];
    }),
  );
  return { head: ["arm", "condition", "representation", "P", "capacity α_M", "radius R_M", "dimension D_M"], rows };
}

/**
 * What the attacks do to each arm's manifolds, in sentences: at the last hidden representation, the
 * class manifolds' capacity clean → attacked, and the attacked exemplar manifolds' capacity and
 * radius (beside the noise-draw ones of a stochastic arm), so arms compare at a glance.
 */
export function geometryFindings(d: StudyData): string[] {
  return geometryByArm(d).map(({ arm, rows, representations }) => {
    const rep = representations[representations.length - 2] ?? representations[0];
    const mean = (cond: (c: string) => boolean, m: GeometryMeasure) => {
      const r = rows.find((x) => x.first.representation === rep && cond(x.first.condition));
      return r ? (meanSd(r.all.map((x) => x?.[m]))?.mean ?? null) : null;
    };
    const clean = mean((c) => c === "class, clean", "capacity");
    const attacked = mean((c) => c.startsWith("class, ") && c !== "class, clean", "capacity");
    const parts = [`${arm}, at ${rep}:`];
    if (clean !== null && attacked !== null) parts.push(`class manifold capacity ${g3(clean)} clean → ${g3(attacked)} attacked (×${(attacked / clean).toFixed(2)});`);
    for (const [label, cond] of [
      ["noise-draw", (c: string) => c === "exemplar, noise draws"],
      ["attacked", (c: string) => c.startsWith("exemplar, ") && c !== "exemplar, noise draws"],
    ] as const) {
      const cap = mean(cond, "capacity");
      if (cap !== null) parts.push(`${label} exemplar manifolds capacity ${g3(cap)}, radius ${g3(mean(cond, "radius")!)};`);
    }
    return parts.join(" ").replace(/;$/, ".");
  });
}

/**
 * AutoAttack part by part (Croce & Hein 2020): per arm and ε, the robust accuracy after each part
 * (cumulative, mean over seeds) — APGD-CE → APGD-T → FAB-T → Square, or APGD-CE → APGD-DLR with EOT
 * for a stochastic arm — beside PGD-L∞'s. Empty when no job ran AutoAttack.
 */
export function autoattackBreakdown(d: StudyData): { head: string[]; rows: string[][] } {
  const epsOf = (j: JobResults) => (j.attack?.results ?? []).filter((c) => c.eps > 0 && (c.attack === "autoattack" || c.attack === "autoattack-rand")).map((c) => c.eps);
  const eps = [...new Set(d.jobs.flatMap(epsOf))].sort((a, b) => a - b);
  if (!eps.length) return { head: [], rows: [] };
  const rows = byArm(d).flatMap(([arm, jobs]) => {
    const first = jobs.map((j) => aaCell(j, eps[0]) ?? eps.map((e) => aaCell(j, e)).find(Boolean)).find(Boolean);
    if (!first) return [];
    const eot = first.settings?.eotSamples;
    const version = first.attack === "autoattack-rand" ? `rand (EOT ${eot})` : "standard";
    const chains = eps.map((e) => {
      const parts = jobs.map((j) => aaCell(j, e)?.parts).find(Boolean);
      if (!parts) return "—";
      const pgd = meanSd(jobs.map(acc("pgd-linf", e)));
      const steps = parts.map((p, k) => `${p.attack} ${pct(meanSd(jobs.map((j) => aaCell(j, e)?.parts?.[k]?.accuracy))?.mean ?? NaN)}`);
      return `${pgd ? `PGD ${pct(pgd.mean)} · ` : ""}${steps.join(" → ")}`;
    });
    return [[`${arm} (${jobs.length} seed${jobs.length === 1 ? "" : "s"})`, version, ...chains]];
  });
  return { head: ["arm", "version", ...eps.map((e) => `L∞ ε ${e}: accuracy % after each part`)], rows };
}

/**
 * What AutoAttack changes, in sentences: per ε, each arm's PGD-L∞ and AutoAttack accuracy and whether
 * the arms keep their order (the study's robustness conclusions rest on it). Stated plainly either way.
 */
export function autoattackFindings(d: StudyData): string[] {
  const arms = byArm(d);
  const eps = [...new Set(d.jobs.flatMap((j) => (j.attack?.results ?? []).filter((c) => c.eps > 0 && (c.attack === "autoattack" || c.attack === "autoattack-rand")).map((c) => c.eps)))].sort((a, b) => a - b);
  return eps.flatMap((e) => {
    const both = arms.flatMap(([arm, jobs]) => {
      const p = meanSd(jobs.map(acc("pgd-linf", e)));
      const a = meanSd(jobs.map(aa(e)));
      return p && a ? [{ arm, pgd: p.mean, aa: a.mean }] : [];
    });
    if (both.length === 0) return [];
    const order = (k: "pgd" | "aa") => [...both].sort((x, y) => y[k] - x[k] || x.arm.localeCompare(y.arm)).map((x) => x.arm);
    const same = order("pgd").join() === order("aa").join();
    return [
      `L∞ ε ${e}: ${both.map((x) => `${x.arm} ${pct(x.pgd)} → ${pct(x.aa)} %`).join(", ")} (PGD-40 → AutoAttack). ` +
        `Most robust first, PGD orders ${order("pgd").join(" > ")}; AutoAttack orders ${order("aa").join(" > ")}: ${same ? "the same order" : "a DIFFERENT order — the PGD-based comparison does not hold"}.`,
    ];
  });
}

/** Survival curve of critical perturbations: fraction of images still correct at each ε (unflipped images survive every ε). */
export function survival(eps: (number | null)[], grid: number[]): number[] {
  return grid.map((g) => (eps.length ? eps.filter((e) => e === null || e > g).length / eps.length : NaN));
}

/** The report's plots as inline SVG strings. */
export async function studyPlots(d: StudyData): Promise<Record<string, string>> {
  const arms = byArm(d);
  const plots: Record<string, string> = {};
  const spectra: Series[] = [];
  for (const [arm, jobs] of arms) {
    const ev = jobs[0]?.metrics.spectrum?.eigenvalues;
    if (!ev || ev.length < 2 || !(ev[0] > 0)) continue;
    spectra.push({ name: `${arm} (α ${jobs[0].metrics.spectrum?.alphaUnweighted?.toFixed(2) ?? "–"})`, x: ev.map((_, i) => i + 1), y: ev.map((v) => v / ev[0]) });
  }
  if (spectra.length) plots.spectra = await linePlotSvg(spectra, { title: "covariance eigenspectra of each arm's representation (first seed)", xLabel: "rank n", yLabel: "λ_n / λ_1", logX: true, logY: true });
  for (const attack of ["pgd-linf", "autoattack", "fgsm", "pgd-l2"]) {
    const series: Series[] = [];
    // A stochastic arm's AutoAttack is the randomized version.
    const names = attack === "autoattack" ? ["autoattack", "autoattack-rand"] : [attack];
    const value = (e: number) => (attack === "autoattack" ? aa(e) : acc(attack, e));
    for (const [arm, jobs] of arms) {
      const eps = [...new Set(jobs.flatMap((j) => (j.attack?.results ?? []).filter((c) => names.includes(c.attack)).map((c) => c.eps)))].sort((a, b) => a - b);
      if (!eps.length) continue;
      series.push({ name: arm, x: eps, y: eps.map((e) => meanSd(jobs.map(value(e)))?.mean ?? NaN) });
    }
    if (series.length) plots[`accuracy-${attack}`] = await linePlotSvg(series, { title: `accuracy under ${attack} (mean over seeds)`, xLabel: "ε", yLabel: "accuracy", yDomain: [0, 1] });
  }
  // Geometry: one plot per condition, capacity by relative depth (0 = pixels, 1 = logits), so arms with
  // different representations (a VOne front end) line up.
  const geo = geometryByArm(d);
  for (const cond of [...new Set(geo.flatMap((g) => g.rows.map((r) => r.first.condition)))]) {
    const series: Series[] = geo.flatMap(({ arm, rows, representations }) => {
      const here = rows.filter((r) => r.first.condition === cond);
      if (!here.length) return [];
      const depth = (name: string) => representations.indexOf(name) / Math.max(1, representations.length - 1);
      return [{ name: arm, x: here.map((r) => depth(r.first.representation)), y: here.map((r) => meanSd(r.all.map((x) => x?.capacity))?.mean ?? NaN) }];
    });
    const slug = cond.replace(/[^A-Za-z0-9.]+/g, "-").replace(/-+$/, "").toLowerCase();
    plots[`geometry-capacity-${slug}`] = await linePlotSvg(series, { title: `capacity α_M, ${cond}`, xLabel: "relative depth (0 pixels → 1 logits)", yLabel: "capacity α_M" });
  }
  for (const attack of ["pgd-linf", "noise-linf"]) {
    const series: Series[] = [];
    for (const [arm, jobs] of arms) {
      const eps = jobs.flatMap((j) => [j.attack?.critical, ...(j.attack?.criticalAlso ?? [])].find((c) => c?.attack === attack)?.eps ?? []);
      if (!eps.length) continue;
      const top = Math.max(0.05, ...eps.filter((e): e is number => e !== null));
      const grid = Array.from({ length: 101 }, (_, i) => (top * i) / 100);
      series.push({ name: arm, x: grid, y: survival(eps, grid) });
    }
    if (series.length)
      plots[`survival-${attack}`] = await linePlotSvg(series, {
        title: `critical perturbations under ${attack}: fraction of initially correct images still correct`,
        xLabel: "L∞ ε",
        yLabel: "still correct",
        yDomain: [0, 1],
      });
  }
  return plots;
}

/** results.csv: one row per job. */
export function resultsCsv(d: StudyData): string {
  const cols = columnsFor(d);
  const head = ["study", "arm", "seed", "job", "config_hash", "model", ...cols.map((c) => c.key), "sanity_passed", "kernels", "tfjs", "threads"];
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = byArm(d).flatMap(([, jobs]) =>
    jobs.map((j) => [d.name, j.job.arm, String(j.seed), j.job.id, j.configHash, j.config.model, ...cols.map((c) => String(c.value(j) ?? "")), String(j.attack?.sanity.passed ?? ""), j.backend.kernels, j.backend.tfjs, String(j.backend.threads)]),
  );
  return [head, ...rows].map((r) => r.map(esc).join(",")).join("\n") + "\n";
}

/** results.json: every job's row and each arm's mean ± sd. */
export function resultsJson(d: StudyData): unknown {
  const columns = columnsFor(d);
  return {
    format: "hebblab-study-results/1",
    study: d.name,
    jobs: byArm(d).flatMap(([, jobs]) => jobs.map((j) => ({ arm: j.job.arm, seed: j.seed, id: j.job.id, configHash: j.configHash, ...Object.fromEntries(columns.map((c) => [c.key, c.value(j) ?? null])), sanityPassed: j.attack?.sanity.passed ?? null }))),
    arms: Object.fromEntries(byArm(d).map(([arm, jobs]) => [arm, Object.fromEntries(columns.map((c) => [c.key, meanSd(jobs.map(c.value))]))])),
    missing: d.missing,
  };
}

function mdTable(head: string[], rows: string[][]): string {
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The sections of the report as markdown (the HTML report renders the same content with its plots inline). */
export function reportMarkdown(d: StudyData, plotFiles: string[] = []): string {
  const t = summaryTable(d);
  const parts: string[] = [`# Study: ${d.name}`, ""];
  if (d.description) parts.push(d.description, "");
  const seeds = [...new Set(d.jobs.map((j) => j.seed))].sort((a, b) => a - b);
  const atk = d.jobs.find((j) => j.attack)?.attack;
  const pgd = atk && (atk.config["pgd-linf"] ?? atk.config.pgd);
  parts.push(
    `${d.jobs.length} jobs: ${new Set(d.jobs.map((j) => j.job.arm)).size} arms × seeds ${seeds.join(", ")}. Mean ± sd over seeds. ` +
      (atk ? `Attacks on ${atk.data.images} test images${pgd ? `, PGD ${pgd.steps} steps × ${pgd.restarts} restart(s)${pgd.randomStart === false ? " from the clean image" : ""}` : ""}, EOT for stochastic models; **attack space: ${atk.space ?? "pixels in [0, 1]"}** (ε and ‖δ‖₂ are measured there). ` : "") +
      criticalSentence(atk?.config.critical),
    "",
    mdTable(t.head, t.rows),
    "",
    "⚠: a sanity check that casts doubt on this number failed for at least one seed (see Sanity checks). " +
      "> range: no median within the critical search's range — more than half of the images were never flipped (never-flipped counted as +∞), or none was (median over the flipped images only).",
    "",
  );
  if (d.missing.length) parts.push(`**Missing jobs (failed or not run):** ${d.missing.join(", ")}`, "");
  const protocol = protocolLines(d);
  if (protocol.length) parts.push("## Protocol", "", ...protocol, "");
  parts.push(
    ...tableSection(
      "Spectra by representation",
      "α of every representation each arm's spectrum analysis covered, on all test images (mean over seeds); the α columns above are the headline representation's (marked ★).",
      { head: ["arm", "representation", "α (weighted)", "α (unweighted)", "fit ranks"], rows: spectraRows(d) },
    ),
    ...tableSection(
      "AutoAttack, part by part",
      "Robust accuracy after each part of AutoAttack (cumulative: an image counts as broken once any part so far broke it), mean over seeds, beside PGD-L∞'s; stochastic arms get the randomized version.",
      autoattackBreakdown(d),
      autoattackFindings(d),
    ),
    ...tableSection(
      "Manifold geometry (MFTMA)",
      "Class and exemplar manifolds at every representation, clean and under each arm's geometry attacks (Dapello et al. 2021; capacity α_M is the harmonic mean over manifolds, radius and dimension plain means), mean over seeds.",
      geometryTable(d),
      geometryFindings(d),
    ),
  );
  parts.push("## Arms", "", ...d.arms.map((a) => `- **${a.name}**: ${a.description ?? ""}`), "");
  parts.push("## What the papers reported", "", mdTable(PUBLISHED_HEAD, publishedRows(d)), "", ...comparisonWithPapers(d).map((s) => `- ${s}`), "");
  parts.push("## Sanity checks (Carlini et al. 2019)", "", ...sanityLines(d), "");
  const warnings = d.jobs.flatMap((j) => (j.warnings ?? []).map((w) => `- ${j.job.id}: ${w}`));
  if (warnings.length) parts.push("## Warnings", "", ...warnings, "");
  if (plotFiles.length) parts.push("## Plots", "", ...plotFiles.map((f) => `![${f}](${f})`), "");
  parts.push("## Reproduce", "", mdTable(["job", "config hash", "seed", "preset", "backend", "versions"], reproduceRows(d)), "");
  return parts.join("\n");
}

/** A section: title, one line of explanation, a table and its findings as bullets; nothing when the table has no rows. */
function tableSection(title: string, intro: string, t: { head: string[]; rows: string[][] }, findings: string[] = []): string[] {
  if (!t.rows.length) return [];
  return [`## ${title}`, "", intro, "", mdTable(t.head, t.rows), "", ...(findings.length ? [...findings.map((f) => `- ${f}`), ""] : [])];
}

const PUBLISHED_HEAD = ["arm", "figure", "published on", "published", "precision", "this run", "source"];

/** One row per arm × analyzed representation: α weighted and unweighted (mean over seeds), ★ on the headline one. */
function spectraRows(d: StudyData): string[][] {
  const rows: string[][] = [];
  for (const [arm, jobs] of byArm(d)) {
    const names = [...new Set(jobs.flatMap((j) => Object.keys(j.metrics.spectrumByLayer ?? {})))];
    for (const name of names) {
      const of = (k: "alphaWeighted" | "alphaUnweighted") => meanSd(jobs.map((j) => j.metrics.spectrumByLayer?.[name]?.[k]));
      const first = jobs.find((j) => j.metrics.spectrumByLayer?.[name])!.metrics.spectrumByLayer![name];
      const head = jobs[0].metrics.spectrum?.name === name ? " ★" : "";
      const f = (m: ReturnType<typeof meanSd>) => (m ? m.mean.toFixed(3) : "—");
      rows.push([arm, `${(first.representation ?? name).replace(/ \(test images\)$/, "")}${head}`, f(of("alphaWeighted")), f(of("alphaUnweighted")), first.fitUnweighted ? first.fitUnweighted.ranks.join("–") : "—"]);
    }
  }
  return rows;
}

/** How the report's critical-perturbation columns were found, in words. */
function criticalSentence(c: { method?: string; images?: number; median?: string } | undefined): string {
  const how = c?.method === "grid" ? "the first ε of an ascending grid, each ε attacked from the clean image" : c?.method === "grid-bisection" ? "bisection over the indices of an ascending ε grid (the first flipping grid point when flipping is monotone in ε)" : "bisection on ε";
  const median = c?.median === "flipped-only" ? "median over the flipped images only (never-flipped ones dropped, their fraction reported)" : "median with never-flipped images counted as +∞";
  return `Critical perturbations (Holzhausen et al.'s metric): per initially correct image the smallest ε that flips it (${how}) and the L2 norm of that perturbation; ${median}.`;
}

/** The study's provenance and protocol differences, as markdown lines. */
function protocolLines(d: StudyData): string[] {
  const out: string[] = [];
  if (d.version !== undefined || d.variant) out.push(`- study **${d.name}** v${d.version ?? 1}${d.variant ? `, ${d.variant.kind}${d.variant.of ? ` variant of ${d.variant.of}` : ""}` : ""}`);
  for (const s of d.sources ?? []) out.push(`- source: ${s.repo} @ ${s.commit}${s.what ? ` (${s.what})` : ""}`);
  const spaces = [...new Set(d.jobs.map((j) => j.attack?.space ?? "pixels in [0, 1]"))];
  if (d.jobs.some((j) => j.attack)) out.push(`- attacks ran on: ${spaces.join("; ")}`);
  if (d.differences?.length) out.push("- differences from the published protocol:", ...d.differences.map((x) => `  - ${x}`));
  return out;
}

function publishedRows(d: StudyData): string[][] {
  const columns = columnsFor(d);
  return (d.published ?? []).filter((p) => d.jobs.some((j) => j.job.arm === p.arm)).map((p) => {
    const col = columns.find((c) => c.key === p.column) ?? { value: () => undefined, fmt: (v: number) => v.toPrecision(3) };
    const s = meanSd(d.jobs.filter((j) => j.job.arm === p.arm).map(col.value));
    return [p.arm, p.what, p.dataset ?? "", col.fmt(p.value), p.precision ?? "", s ? col.fmt(s.mean) : "—", p.source];
  });
}

function sanityLines(d: StudyData): string[] {
  return byArm(d).map(([arm, jobs]) => {
    const failed = failedChecks(jobs);
    if (!jobs.some((j) => j.attack)) return `- ${arm}: not attacked`;
    if (failed.size === 0) return `- ${arm}: all checks passed (${jobs[0].attack!.sanity.checks.map((c) => c.name).join(", ")})`;
    const detail = [...failed].map(([name, seeds]) => {
      const c = jobs.flatMap((j) => j.attack?.sanity.checks ?? []).find((x) => x.name === name)!;
      return `**${c.masking ? "⚠ gradient masking:" : "FAILED"} ${name}** (seed ${seeds.join(", ")}): ${c.detail}`;
    });
    return `- ${arm}: ${detail.join("; ")}`;
  });
}

function reproduceRows(d: StudyData): string[][] {
  return byArm(d).flatMap(([, jobs]) =>
    jobs.map((j) => [
      j.job.id,
      j.configHash,
      String(j.seed),
      j.config.preset ? `${j.config.preset.name} v${j.config.preset.version}` : "",
      `${j.backend.kernels}, tfjs ${j.backend.tfjs}, ${j.backend.threads} thr.`,
      `hebblab ${j.versions.hebblab ?? "?"}, node ${j.versions.node ?? "?"}, tfjs ${j.versions["@tensorflow/tfjs"] ?? "?"}`,
    ]),
  );
}

function autoattackHtml(d: StudyData, table: (head: string[], rows: string[][]) => string, esc: (s: string) => string): string {
  const t = autoattackBreakdown(d);
  if (!t.rows.length) return "";
  return `<h2>AutoAttack, part by part</h2><p>Robust accuracy after each part (cumulative), mean over seeds, beside PGD-L∞'s; stochastic arms get the randomized version.</p>${table(t.head, t.rows)}<ul>${autoattackFindings(d)
    .map((s) => `<li>${esc(s)}</li>`)
    .join("")}</ul>`;
}

/** A self-contained HTML report: the markdown's content with the plots and receptive fields inline. */
export async function reportHtml(d: StudyData): Promise<string> {
  const plots = await studyPlots(d);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td${c.includes("⚠") ? ' class="doubt"' : ""}>${esc(c)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  const t = summaryTable(d);
  const md = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, "<b>$1</b>");
  const fields = Object.entries(d.fields).map(([id, svg]) => `<figure><figcaption>${esc(id)}</figcaption>${svg.replace(/^<\?xml[^>]*>/, "")}</figure>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hebblab study: ${esc(d.name)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:78rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:12.5px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}td.doubt{background:#fff3cd}figure{display:inline-block;margin:0.5rem}
.plots svg{max-width:100%;height:auto}
</style></head><body>
<h1>Study: ${esc(d.name)}</h1>
${d.description ? `<p>${esc(d.description)}</p>` : ""}
${table(t.head, t.rows)}
<p>Mean ± sd over seeds. ⚠ (shaded): a sanity check that casts doubt on the number failed for at least one seed.</p>
${d.missing.length ? `<p><b>Missing jobs (failed or not run):</b> ${esc(d.missing.join(", "))}</p>` : ""}
${protocolLines(d).length ? `<h2>Protocol</h2><ul>${protocolLines(d).map((l) => `<li>${md(l.replace(/^\s*- /, ""))}</li>`).join("")}</ul>` : ""}
${autoattackHtml(d, table, esc)}
<h2>Arms</h2><ul>${d.arms.map((a) => `<li><b>${esc(a.name)}</b>: ${esc(a.description ?? "")}</li>`).join("")}</ul>
<h2>What the papers reported</h2>${table(PUBLISHED_HEAD, publishedRows(d))}
<ul>${comparisonWithPapers(d).map((s) => `<li>${esc(s)}</li>`).join("")}</ul>
<h2>Plots</h2><div class="plots">${Object.values(plots).map((svg) => `<figure>${svg}</figure>`).join("\n")}</div>
${fields.length ? `<h2>Receptive fields</h2>${fields.join("\n")}` : ""}
<h2>Sanity checks (Carlini et al. 2019)</h2><ul>${sanityLines(d).map((l) => `<li>${md(l.replace(/^- /, ""))}</li>`).join("")}</ul>
<h2>Reproduce</h2>${table(["job", "config hash", "seed", "preset", "backend", "versions"], reproduceRows(d))}
</body></html>
`;
}
