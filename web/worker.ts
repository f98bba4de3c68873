// The training worker: loads the MNIST digits of the `mnist` package (packed at build time),
// splits them as the CLI does, and runs the same runner, posting its progress.
// A worker (not the page) runs it because the kernel pool blocks in Atomics.wait.
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import tfjsWasm from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import tfjsWasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import tfjsWasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import packedDigits from "../build/mnist-digits.bin?url";
import { mnistFromDigits, mnistSplit } from "../src/data/mnist.js";
import { unpackMnistDigits } from "../src/data/mnistPacked.js";
import { z } from "zod";
import { Config, resolveConfig } from "../src/runner/config.js";
import { expandPreset, kindPresets, parsePreset } from "../src/runner/presets.js";
import { MODEL_KINDS } from "../src/kinds/registry.js";
import { DATA_SOURCES, settingsKey } from "../src/data/sources.js";
import { runTraining } from "../src/runner/train.js";
import { evaluateRobustness } from "../src/attacks/evaluate.js";
import { accuracyPlots, criticalPlot } from "../src/attacks/report.js";
import type { LiveEvent } from "../src/progress.js";
import { miniPlotSvg } from "../src/report/miniPlot.js";
import type { Split } from "../src/data/types.js";
import type { Model } from "../src/models/types.js";
import { accuracy } from "../src/models/accuracy.js";
import { decodeModel, encodeModel } from "../src/models/format.js";
import { modelFromArtifacts } from "../src/kinds/registry.js";
import { initTf } from "../src/tf.js";
import { DataConfig } from "../src/data/config.js";
import type { RunRequest, SchemaNode, WorkerMessage } from "./protocol.js";

/** The presets every model kind ships (the CLI lists the same). */
const presets = kindPresets;

setWasmPaths({
  "tfjs-backend-wasm.wasm": tfjsWasm,
  "tfjs-backend-wasm-simd.wasm": tfjsWasmSimd,
  "tfjs-backend-wasm-threaded-simd.wasm": tfjsWasmThreaded,
});

const post = (m: WorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/**
 * The embedded digits, packed at build time (`npm run build:data`: 7.8 MB, 1.6 MB gzipped, instead of
 * the package's 21 MB of JSON), fetched as one asset.
 */
async function fetchDigits(): Promise<Float32Array[]> {
  const r = await fetch(packedDigits);
  if (!r.ok) throw new Error(`mnist-digits.bin: HTTP ${r.status} (run npm run build first)`);
  return unpackMnistDigits(new Uint8Array(await r.arrayBuffer()), "mnist-digits.bin");
}

/** The last trained model and its data, kept for the attack button. */
let last: { model: Model; split: Split } | null = null;

self.onmessage = async (e: MessageEvent<RunRequest>) => {
  try {
    if (e.data.type === "load") {
      // A model saved by the CLI (`--save`) or downloaded from this page, tested on the split it was trained with.
      await initTf();
      const { artifacts, meta } = decodeModel(e.data.json, e.data.bin);
      const model = await modelFromArtifacts(artifacts);
      const data = DataConfig.parse(((meta.config as { data?: unknown } | undefined)?.data as object | undefined) ?? {});
      const all = mnistFromDigits(await fetchDigits());
      const split = mnistSplit(all, { train: data.train, test: data.test, seed: data.splitSeed });
      last?.model.dispose();
      last = { model, split };
      post({ type: "loaded", kind: model.kind, testAccuracy: await accuracy(model, split.test), testImages: split.test.n });
      return;
    }
    if (e.data.type === "attack") {
      if (!last) throw new Error("train a model first");
      // The same evaluation as `hebblab attack` (FGSM, PGD-L∞, noise; EOT for stochastic models; sanity checks), on this thread.
      const rep = await evaluateRobustness(last.model, last.split.test, { images: Math.min(e.data.images, last.split.test.n), critical: { images: 50 } }, {
        onProgress: (event) => post({ type: "progress", event }),
      });
      post({
        type: "attacked",
        plots: (await accuracyPlots(rep)).map(([, svg]) => svg),
        results: rep.results.map((r) => ({ attack: r.attack, eps: r.eps, accuracy: r.accuracy })),
        sanityPassed: rep.sanity.passed,
        criticalMedian: rep.critical?.medianEps ?? null,
        criticalSvg: await criticalPlot(rep),
      });
      return;
    }
    if (e.data.type === "schema") {
      // The page builds its controls from the experiment schema, so a new option appears without page edits.
      const schema = z.toJSONSchema(Config, { io: "input", unrepresentable: "any" }) as SchemaNode;
      const list = await Promise.all((await presets.names()).map(async (n) => parsePreset(await presets.read(n), n)));
      post({
        type: "schema",
        schema,
        presets: list.map((p) => ({ name: p.name, title: p.title, version: p.version })),
        // The sections each kind reads, and the settings section each data source reads: the page shows only those that apply.
        kinds: MODEL_KINDS.map((k) => ({ name: k.name, title: k.title, sections: [k.name, ...Object.keys(k.sharedSections ?? {})] })),
        sources: DATA_SOURCES.map((s) => ({ name: s.name, settings: settingsKey(s) })),
      });
      return;
    }
    const cfg = resolveConfig(await expandPreset(e.data.config, presets));
    post({ type: "status", text: "loading MNIST digits…" });
    const all = mnistFromDigits(await fetchDigits());
    const split = mnistSplit(all, { train: cfg.data.train, test: cfg.data.test, seed: cfg.data.splitSeed });
    post({ type: "status", text: "training…" });
    const { results, model, artifacts } = await runTraining(cfg, {
      split,
      onProgress: (event) => post({ type: "progress", event }),
      live: { onLive: liveViews(), fieldsEveryMs: 700, spectrumImages: 500 },
    });
    last?.model.dispose();
    last = { model, split };
    const saved = encodeModel(await model.serialize(), { config: results.config, metrics: results.metrics, seed: results.seed });
    const files = { "results.json": JSON.stringify(results, null, 2) + "\n", "model.json": saved.json, "weights.bin": new Uint8Array(saved.bin) };
    const sp = results.metrics.spectrum as { alphaWeighted: number | null; alphaUnweighted: number | null; representation: string } | undefined;
    const conv = results.metrics.convergence as { converged: boolean; epochsRun: number; final: { fractionConverged: number } } | undefined;
    post({
      type: "done",
      testAccuracy: results.metrics.testAccuracy,
      backend: results.backend,
      totalSeconds: results.timings.totalSeconds,
      fieldsSvg: String(artifacts["fields.svg"] ?? ""),
      alpha: sp ? { weighted: sp.alphaWeighted, unweighted: sp.alphaUnweighted, representation: sp.representation } : null,
      convergence: conv && { fractionConverged: conv.final.fractionConverged, converged: conv.converged, epochsRun: conv.epochsRun },
      warnings: results.warnings,
      files,
    });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};

/**
 * Turns the run's live events into pictures for the page: the fields as they are, the spectrum as a
 * log-log plot, one small curve per figure over the epochs so far. The plots are drawn
 * synchronously (miniPlotSvg), so they reach the page between the steps of a local rule's
 * synchronous training loop; the page only swaps SVG text and never freezes.
 */
function liveViews(): (e: LiveEvent) => void {
  const series = new Map<string, { x: number[]; y: number[] }>();
  return (e) => {
    if (e.kind === "fields") post({ type: "live", view: "fields", svgs: [e.svg], epoch: e.epoch });
    else if (e.kind === "spectrum") {
      const a = e.alphaWeighted === null ? (e.error ?? "no fit") : `α = ${e.alphaWeighted.toFixed(3)} / ${e.alphaUnweighted?.toFixed(3)}`;
      const svg = miniPlotSvg(
        e.eigenvalues.map((_, i) => i + 1),
        e.eigenvalues,
        { title: `epoch ${e.epoch}, ${e.images} test images: ${a}`, xLabel: "rank n", yLabel: "variance λ_n", logX: true, logY: true, width: 340, height: 220 },
      );
      post({ type: "live", view: "spectrum", svgs: [svg], epoch: e.epoch, alpha: { weighted: e.alphaWeighted, unweighted: e.alphaUnweighted } });
    } else {
      for (const [k, v] of Object.entries(e.figures)) {
        const s = series.get(k) ?? { x: [], y: [] };
        s.x.push(e.epoch);
        s.y.push(v);
        series.set(k, s);
      }
      const unit = (k: string) => /accuracy|fraction/i.test(k);
      const svgs = [...series].map(([k, s]) =>
        miniPlotSvg(s.x, s.y, { title: `${e.stage}: ${k}`, xLabel: "epoch", yLabel: k, width: 230, height: 150, ...(unit(k) ? { yDomain: [0, 1] as [number, number] } : {}) }),
      );
      post({ type: "live", view: "curves", svgs, epoch: e.epoch });
    }
  };
}
