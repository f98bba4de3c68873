// Issue 15: live views while training — receptive fields every few batches, the spectrum and the
// figures of every epoch — without changing a single number of the run.
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../src/progress.js";
import { runTraining } from "../../src/runner/train.js";

const strip = (r: Awaited<ReturnType<typeof runTraining>>["results"]) => ({ metrics: r.metrics, config: r.config });

describe("live views (runTraining({ live }))", () => {
  it("a local rule shows fields, convergence and the spectrum per epoch, and the results are those of a run without them", async () => {
    const cfg = { seed: 3, model: "kh", data: { train: 600, test: 300 }, kh: { hidden: 60, epochs: 3 }, readout: { epochs: 2 }, threads: 2 };
    const events: LiveEvent[] = [];
    const withLive = await runTraining(cfg, { live: { onLive: (e) => events.push(e), fieldsEveryMs: 0, spectrumImages: 200 } });
    const without = await runTraining(cfg);
    withLive.model.dispose();
    without.model.dispose();
    expect(JSON.stringify(strip(withLive.results))).toBe(JSON.stringify(strip(without.results)));
    const fields = events.filter((e) => e.kind === "fields");
    const spectra = events.filter((e): e is Extract<LiveEvent, { kind: "spectrum" }> => e.kind === "spectrum");
    const epochs = events.filter((e): e is Extract<LiveEvent, { kind: "epoch" }> => e.kind === "epoch");
    expect(fields.length).toBeGreaterThan(3); // within epochs, not only at their ends
    expect(fields[0].kind === "fields" && fields[0].svg).toMatch(/^<svg/);
    expect(spectra.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(spectra[2].images).toBe(200);
    expect(spectra[2].eigenvalues.length).toBeGreaterThan(10);
    // The per-epoch convergence figures are the ones the results record.
    const byEpoch = (withLive.results.metrics.convergence as { byEpoch: { fractionConverged: number[] } }).byEpoch;
    expect(epochs.map((e) => e.figures.fractionConverged)).toEqual(byEpoch.fractionConverged);
  }, 60_000);

  it("an MLP shows loss, test accuracy and its hidden layer's spectrum per epoch; a noisy one only its loss, and nothing changes", async () => {
    const cfg = { seed: 2, model: "mlp", data: { train: 500, test: 300 }, mlp: { hidden: [40], epochs: 2 }, analyses: { isometry: { images: 50 }, jacobian: { images: 50 } } };
    const events: LiveEvent[] = [];
    const a = await runTraining(cfg, { live: { onLive: (e) => events.push(e), spectrumImages: 100 } });
    const b = await runTraining(cfg);
    expect(JSON.stringify(strip(a.results))).toBe(JSON.stringify(strip(b.results)));
    const ep = events.filter((e): e is Extract<LiveEvent, { kind: "epoch" }> => e.kind === "epoch");
    expect(ep.map((e) => e.epoch)).toEqual([1, 2]);
    expect(ep[1].figures.testAccuracy).toBeCloseTo(a.results.metrics.testAccuracy, 10);
    expect(events.filter((e) => e.kind === "spectrum")).toHaveLength(2);
    a.model.dispose();
    b.model.dispose();

    const noisy = { ...cfg, mlp: { ...cfg.mlp, noise: "poisson" } };
    const seen: LiveEvent[] = [];
    const c = await runTraining(noisy, { live: { onLive: (e) => seen.push(e) } });
    const d = await runTraining(noisy);
    expect(JSON.stringify(strip(c.results))).toBe(JSON.stringify(strip(d.results)));
    expect(seen.map((e) => e.kind)).toEqual(["epoch", "epoch"]);
    expect(Object.keys((seen[0] as Extract<LiveEvent, { kind: "epoch" }>).figures)).toEqual(["loss"]);
    c.model.dispose();
    d.model.dispose();
  }, 60_000);
});
