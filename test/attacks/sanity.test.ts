// The sanity checks on hand-made tables: an honest table passes, each kind of violation is flagged.
import { describe, expect, it } from "vitest";
import { SanityConfig } from "../../src/attacks/config.js";
import { sanityChecks, type AccuracyCell, type SanityInput } from "../../src/attacks/sanity.js";

const cfg = SanityConfig.parse({});
const EPS = [0, 0.1, 0.2, 0.3];
const table = (acc: Record<string, number[]>): AccuracyCell[] =>
  Object.entries(acc).flatMap(([attack, a]) => a.map((accuracy, i) => ({ attack, norm: "linf" as const, eps: EPS[i], accuracy, gradientBased: !attack.startsWith("noise") })));
const honest: SanityInput = {
  cleanAccuracy: 0.98,
  cells: table({ fgsm: [0.98, 0.5, 0.2, 0.1], "pgd-linf": [0.98, 0.1, 0.01, 0], "noise-linf": [0.98, 0.97, 0.95, 0.9] }),
  eps1: { accuracy: 0, images: 200 },
  gradient: { zero: 0, nonFinite: 0, images: 1000 },
};
const failed = (r: ReturnType<typeof sanityChecks>) => r.checks.filter((c) => !c.passed).map((c) => c.name);

describe("sanity checks (Carlini et al. 2019)", () => {
  it("pass on an honest table", () => {
    const r = sanityChecks(honest, cfg);
    expect(failed(r)).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(["pgd-le-one-step", "monotone-in-eps", "linf-eps1-near-zero", "noise-weaker", "gradients-usable", "gradient-free-finds-more", "apgd-le-pgd"]);
    expect(r.checks.filter((c) => c.masking).map((c) => c.name)).toEqual(["monotone-in-eps", "linf-eps1-near-zero", "gradient-free-finds-more", "apgd-le-pgd"]);
  });

  it("flag PGD above FGSM (gradient masking, REFERENCES §7), with the violating cells", () => {
    const r = sanityChecks({ ...honest, cells: table({ fgsm: [0.98, 0.5, 0.2, 0.1], "pgd-linf": [0.98, 0.1, 0.3, 0.35], "noise-linf": [0.98, 0.97, 0.95, 0.9] }) }, cfg);
    expect(r.passed).toBe(false);
    expect(failed(r)).toEqual(["pgd-le-one-step", "monotone-in-eps"]);
    expect(r.checks[0].violations.map((v) => v.eps)).toEqual([0.2, 0.3]);
  });

  it("flag accuracy rising with ε, also against the clean accuracy", () => {
    const r = sanityChecks({ ...honest, cleanAccuracy: 0.9, cells: table({ fgsm: [0.95, 0.5, 0.2, 0.1] }) }, cfg);
    expect(failed(r)).toEqual(["monotone-in-eps"]);
    expect(r.checks.find((c) => c.name === "pgd-le-one-step")!.skipped).toBe(true);
  });

  it("tolerate differences within the slack", () => {
    const r = sanityChecks({ ...honest, cells: table({ fgsm: [0.98, 0.5, 0.2, 0.1], "pgd-linf": [0.98, 0.1, 0.015, 0.105] }) }, cfg);
    expect(failed(r)).toEqual(["monotone-in-eps"]); // 0.015 → 0.105 is beyond the 0.01 slack; 0.105 vs FGSM 0.1 is within
  });

  it("flag accuracy far from 0 at ε = 1, noise as strong as the attack, and dead gradients", () => {
    const r = sanityChecks(
      {
        cleanAccuracy: 0.98,
        cells: table({ "pgd-linf": [0.98, 0.9, 0.85, 0.8], "noise-linf": [0.98, 0.9, 0.8, 0.7] }),
        eps1: { accuracy: 0.6, images: 200 },
        gradient: { zero: 0.4, nonFinite: 0.01, images: 1000 },
      },
      cfg,
    );
    expect(failed(r)).toEqual(["linf-eps1-near-zero", "noise-weaker", "gradients-usable"]);
  });
});

describe("gradient-masking flags", () => {
  const aa = (eps: number, parts: number[]): AccuracyCell => ({
    attack: "autoattack",
    norm: "linf",
    eps,
    accuracy: parts.at(-1)!,
    gradientBased: true,
    parts: ["apgd-ce", "apgd-t", "fab-t", "square"].map((attack, k) => ({ attack, accuracy: parts[k] })),
  });
  const pgd = (eps: number, accuracy: number): AccuracyCell => ({ attack: "pgd-linf", norm: "linf", eps, accuracy, gradientBased: true });
  const base = { cleanAccuracy: 0.98, eps1: { accuracy: 0, images: 200 }, gradient: { zero: 0, nonFinite: 0, images: 1000 } };
  const check = (cells: AccuracyCell[], name: string) => sanityChecks({ ...base, cells }, cfg).checks.find((c) => c.name === name)!;

  it("flag Square breaking images the gradient parts of a suite left (more than AutoAttack's α = 0.002)", () => {
    const ok = check([pgd(0.1, 0.35), aa(0.1, [0.3, 0.18, 0.14, 0.139])], "gradient-free-finds-more");
    expect(ok).toMatchObject({ passed: true, masking: true });
    const bad = check([pgd(0.1, 0.35), aa(0.1, [0.3, 0.18, 0.14, 0.11])], "gradient-free-finds-more");
    expect(bad.passed).toBe(false);
    expect(bad.violations).toEqual([{ attack: "autoattack", part: "square", eps: 0.1, accuracyBefore: 0.14, accuracyAfter: 0.11 }]);
  });

  it("flag Square run alone beating every gradient attack at its ε, and skip when no gradient-free attack ran", () => {
    const sq = (accuracy: number): AccuracyCell => ({ attack: "square", norm: "linf", eps: 0.1, accuracy, gradientBased: false });
    expect(check([pgd(0.1, 0.35), sq(0.36)], "gradient-free-finds-more").passed).toBe(true);
    expect(check([pgd(0.1, 0.35), sq(0.2)], "gradient-free-finds-more").violations).toEqual([{ attack: "square", eps: 0.1, accuracy: 0.2, gradientAccuracy: 0.35 }]);
    expect(check([pgd(0.1, 0.35)], "gradient-free-finds-more").skipped).toBe(true);
  });

  it("flag APGD (alone, a suite's first part, or the suite) above PGD at the same ε, beyond the slack", () => {
    expect(check([pgd(0.1, 0.35), aa(0.1, [0.3, 0.18, 0.14, 0.14])], "apgd-le-pgd").passed).toBe(true);
    const bad = check([pgd(0.1, 0.2), aa(0.1, [0.3, 0.18, 0.14, 0.14]), { attack: "apgd-dlr", norm: "linf", eps: 0.1, accuracy: 0.25, gradientBased: true }], "apgd-le-pgd");
    expect(bad.violations.map((v) => v.attack)).toEqual(["autoattack:apgd-ce", "apgd-dlr"]);
    expect(check([aa(0.1, [0.3, 0.18, 0.14, 0.14])], "apgd-le-pgd").skipped).toBe(true);
  });
});
