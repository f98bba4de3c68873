import { linePlotSvg } from "../report/plot.js";
const NORM_LABEL = { linf: "L∞", l2: "L2" };
/**
 * The robust-accuracy table (attack × ε) as fixed-width text: accuracy, and in brackets the accuracy
 * relative to the initially correct images; then the critical perturbation and each sanity check.
 */
export function robustnessTable(rep) {
    const lines = [];
    const pct = (v) => (100 * v).toFixed(1).padStart(5);
    lines.push(`clean accuracy ${pct(rep.cleanAccuracy)} % on ${rep.data.images} images (${rep.initiallyCorrect} correct)` +
        `; PGD ${rep.config.pgd.steps} steps × ${rep.config.pgd.restarts} restart(s), seed ${rep.config.seed}` +
        (rep.model.stochastic ? `, EOT ${rep.eotSamples} samples` : ""));
    for (const norm of ["linf", "l2"]) {
        const rows = rep.results.filter((r) => r.norm === norm);
        if (!rows.length)
            continue;
        const eps = [...new Set(rows.map((r) => r.eps))].sort((a, b) => a - b);
        const w = 15;
        lines.push("", `${NORM_LABEL[norm]} ε`.padEnd(12) + eps.map((e) => String(e).padStart(w)).join(""));
        for (const a of [...new Set(rows.map((r) => r.attack))]) {
            const cells = eps.map((e) => {
                const r = rows.find((q) => q.attack === a && q.eps === e);
                return (r ? `${pct(r.accuracy)} (${pct(r.relativeAccuracy)})` : "—").padStart(w);
            });
            lines.push(a.padEnd(12) + cells.join(""));
        }
    }
    lines.push("", "accuracy % (relative to initially correct %)");
    for (const c of [rep.critical, ...(rep.criticalAlso ?? [])])
        if (c)
            lines.push(`critical ${c.attack} (${c.method}) on ${c.images} images: ${c.flipped} flipped, median ε ${c.medianEps?.toFixed(4) ?? "> range"}, median ‖δ‖₂ ${c.medianL2?.toFixed(3) ?? "> range"}`);
    lines.push(`sanity checks: ${rep.sanity.passed ? "all passed" : "FAILED"}`);
    for (const k of rep.sanity.checks)
        lines.push(`  ${k.skipped ? "skip" : k.passed ? " ok " : "FAIL"} ${k.name}: ${k.detail}${k.violations.length ? ` — ${JSON.stringify(k.violations)}` : ""}`);
    return lines.join("\n");
}
/**
 * Accuracy against ε, one curve per attack, one SVG per norm present (ε scales differ by norm).
 * @returns `[norm, svg]` pairs in the order L∞, L2
 */
export async function accuracyPlots(rep) {
    const out = [];
    for (const norm of ["linf", "l2"]) {
        const rows = rep.results.filter((r) => r.norm === norm);
        if (!rows.length)
            continue;
        const series = [...new Set(rows.map((r) => r.attack))].map((a) => {
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
//# sourceMappingURL=report.js.map