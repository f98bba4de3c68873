import { linePlotSvg, type Series } from "../report/plot.js";
import type { Norm } from "./base.js";
import type { AttackReport, CriticalSummary } from "./evaluate.js";

const NORM_LABEL: Record<Norm, string> = { linf: "L∞", l2: "L2" };

/**
 * The robust-accuracy table (attack × ε) as fixed-width text: accuracy, and in brackets the accuracy
 * relative to the initially correct images; under a suite's row, the accuracy after each of its parts
 * (cumulative); the per-image worst case over every attack at each ε; then the critical perturbation,
 * each sanity check and the gradient-masking flags (⚠).
 */
export function robustnessTable(rep: AttackReport): string {
  const lines: string[] = [];
  const pct = (v: number) => (100 * v).toFixed(1).padStart(5);
  lines.push(
    `clean accuracy ${pct(rep.cleanAccuracy)} % on ${rep.data.images} images (${rep.initiallyCorrect} correct)` +
      `; seed ${rep.config.seed}` +
      (rep.model.stochastic ? `, EOT ${rep.eotSamples} samples` : ""),
  );
  for (const norm of ["linf", "l2"] as Norm[]) {
    const rows = rep.results.filter((r) => r.norm === norm);
    if (!rows.length) continue;
    const eps = [...new Set(rows.map((r) => r.eps))].sort((a, b) => a - b);
    const w = 15;
    const head = 22;
    const cell = (v?: { accuracy: number; relativeAccuracy: number }) => (v ? `${pct(v.accuracy)} (${pct(v.relativeAccuracy)})` : "—").padStart(w);
    lines.push("", `${NORM_LABEL[norm]} ε`.padEnd(head) + eps.map((e) => String(e).padStart(w)).join(""));
    for (const a of [...new Set(rows.map((r) => r.attack))]) {
      const at = (e: number) => rows.find((q) => q.attack === a && q.eps === e);
      lines.push(a.padEnd(head) + eps.map((e) => cell(at(e))).join(""));
      const parts = rows.find((q) => q.attack === a)?.parts ?? [];
      for (const [k, part] of parts.entries()) lines.push(`  ${k ? "→" : " "} ${part.attack}`.padEnd(head) + eps.map((e) => cell(at(e)?.parts?.[k])).join(""));
    }
    const worst = (rep.worstCase ?? []).filter((c) => c.norm === norm);
    if (new Set(rows.map((r) => r.attack)).size > 1 && worst.length) lines.push("worst case per image".padEnd(head) + eps.map((e) => cell(worst.find((c) => c.eps === e))).join(""));
  }
  lines.push("", "accuracy % (relative to initially correct %); under a suite, the accuracy after each part");
  for (const r of rep.results.filter((q) => q.requested && q.eps > 0).slice(0, 1))
    lines.push(`${r.requested} on a stochastic model ran as ${r.attack} (${r.settings.eotSamples} EOT samples per gradient)`);
  lines.push(...attackSettingsLines(rep));
  for (const c of [rep.critical, ...(rep.criticalAlso ?? [])])
    if (c)
      lines.push(
        `critical ${c.attack} (${c.method}) on ${c.images} images: ${c.flipped} flipped, median ε ${c.medianEps?.toFixed(4) ?? "> range"}, median ‖δ‖₂ ${c.medianL2?.toFixed(3) ?? "> range"}`,
      );
  lines.push(`sanity checks: ${rep.sanity.passed ? "all passed" : "FAILED"}`);
  for (const k of rep.sanity.checks.filter((c) => !c.masking))
    lines.push(`  ${k.skipped ? "skip" : k.passed ? " ok " : "FAIL"} ${k.name}: ${k.detail}${k.violations.length ? ` — ${JSON.stringify(k.violations)}` : ""}`);
  const masking = rep.sanity.checks.filter((c) => c.masking);
  lines.push(`gradient-masking flags: ${masking.some((c) => !c.passed) ? "⚠ RAISED" : "none"}`);
  for (const k of masking)
    lines.push(`  ${k.skipped ? "skip" : k.passed ? " ok " : " ⚠  "} ${k.name}: ${k.detail}${k.violations.length ? ` — ${JSON.stringify(k.violations)}` : ""}`);
  return lines.join("\n");
}

/**
 * Accuracy against ε, one curve per attack, one SVG per norm present (ε scales differ by norm).
 * @returns `[norm, svg]` pairs in the order L∞, L2
 */
export async function accuracyPlots(rep: AttackReport): Promise<[Norm, string][]> {
  const out: [Norm, string][] = [];
  for (const norm of ["linf", "l2"] as Norm[]) {
    const rows = rep.results.filter((r) => r.norm === norm);
    if (!rows.length) continue;
    const series: Series[] = [...new Set(rows.map((r) => r.attack))].map((a) => {
      const pts = rows.filter((r) => r.attack === a).sort((p, q) => p.eps - q.eps);
      return { name: a, x: pts.map((p) => p.eps), y: pts.map((p) => p.accuracy) };
    });
    const svg = await linePlotSvg(series, {
      title: `${rep.model.kind}: accuracy under ${NORM_LABEL[norm]} attacks (${rep.data.images} images)${rep.sanity.passed ? "" : " — SANITY CHECKS FAILED"}`,
      xLabel: `ε (${NORM_LABEL[norm]})`,
      yLabel: "accuracy",
      yDomain: [0, 1],
    });
    out.push([norm, svg]);
  }
  return out;
}

/**
 * The critical-perturbation curve (Holzhausen et al. 2024): for each budget ε, the fraction of the
 * searched (initially correct) images that the attack has not yet flipped, one curve per searched
 * attack (the main one and `critical.also`). Null when no critical search ran.
 */
export async function criticalPlot(rep: AttackReport): Promise<string | null> {
  const all = [rep.critical, ...rep.criticalAlso].filter((c): c is NonNullable<typeof c> => c !== null && c.images > 0);
  if (!all.length) return null;
  const series: Series[] = all.map((c) => ({ name: `${c.attack} (median ε ${c.medianEps === null ? "> range" : c.medianEps.toFixed(3)})`, ...criticalCurve(c) }));
  const norms = [...new Set(all.map((c) => NORM_LABEL[c.norm]))].join(", ");
  return linePlotSvg(series, {
    title: `${rep.model.kind}: images not yet flipped against the budget (critical perturbation, ${all[0].images} images)`,
    xLabel: `ε (${norms})`,
    yLabel: "fraction not flipped",
    yDomain: [0, 1],
  });
}

/**
 * The step function of {@link criticalPlot} for one search: 1 at ε = 0, down by 1/images at each
 * image's critical ε (images flipped at the same ε drop together), flat to the top of the range.
 */
export function criticalCurve(c: Pick<CriticalSummary, "eps" | "images" | "max" | "grid">): { x: number[]; y: number[] } {
  const flipped = c.eps.filter((e): e is number => e !== null).sort((a, b) => a - b);
  const top = Math.max(c.max ?? (c.grid?.length ? Math.max(...c.grid) : 0), flipped.at(-1) ?? 0);
  const x = [0];
  const y = [1];
  let left = c.images;
  for (let i = 0; i < flipped.length; ) {
    const e = flipped[i];
    let k = 0;
    while (i < flipped.length && flipped[i] === e) (i++, k++);
    x.push(e, e);
    y.push(left / c.images, (left - k) / c.images);
    left -= k;
  }
  x.push(top);
  y.push(left / c.images);
  return { x, y };
}

/** One line per attack with options: its settings as the evaluation ran them (from the first cell). */
function attackSettingsLines(rep: AttackReport): string[] {
  const out: string[] = [];
  const rows = new Map<string, Record<string, number | string | boolean>>();
  for (const a of [...new Set(rep.results.map((r) => r.attack))]) {
    const row = rep.results.find((r) => r.attack === a)!;
    for (const p of row.parts ?? []) if (!rep.results.some((r) => r.attack === p.attack)) rows.set(p.attack, p.settings);
    rows.set(a, row.settings);
  }
  for (const [a, settings] of rows) {
    const { eotSamples: _e, stepSize: _s, ...own } = settings;
    const parts = Object.entries(own).map(([k, v]) => `${k} ${typeof v === "number" ? +v.toPrecision(4) : v}`);
    if (parts.length) out.push(`${a}: ${parts.join(", ")}`);
  }
  return out;
}
