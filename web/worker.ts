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
import { expandPreset, parsePreset, type PresetSource } from "../src/runner/presets.js";
import { runTraining } from "../src/runner/train.js";
import { evaluateRobustness } from "../src/attacks/evaluate.js";
import { accuracyPlots } from "../src/attacks/report.js";
import type { Split } from "../src/data/types.js";
import type { Model } from "../src/models/types.js";
import { accuracy } from "../src/models/evaluate.js";
import { decodeModel, encodeModel } from "../src/models/format.js";
import { modelFromArtifacts } from "../src/models/registry.js";
import { initTf } from "../src/tf.js";
import { DataConfig } from "../src/data/config.js";
import type { RunRequest, SchemaNode, WorkerMessage } from "./protocol.js";

/** The shipped presets, bundled (the CLI reads the same files from presets/). */
const PRESET_FILES = import.meta.glob("../presets/*.json", { eager: true, import: "default" }) as Record<string, unknown>;
const presets: PresetSource = {
  names: async () => Object.keys(PRESET_FILES).map((f) => f.replace(/^.*\/|\.json$/g, "")),
  read: async (name) => PRESET_FILES[`../presets/${name}.json`] ?? null,
};

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
      });
      return;
    }
    if (e.data.type === "schema") {
      // The page builds its controls from the experiment schema, so a new option appears without page edits.
      const schema = z.toJSONSchema(Config, { io: "input", unrepresentable: "any" }) as SchemaNode;
      const list = await Promise.all((await presets.names()).map(async (n) => parsePreset(await presets.read(n), n)));
      post({ type: "schema", schema, presets: list.map((p) => ({ name: p.name, title: p.title, version: p.version })) });
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
    });
    last?.model.dispose();
    last = { model, split };
    const saved = encodeModel(await model.serialize(), { config: results.config, metrics: results.metrics, seed: results.seed });
    const files = { "results.json": JSON.stringify(results, null, 2) + "\n", "model.json": saved.json, "weights.bin": new Uint8Array(saved.bin) };
    const conv = results.metrics.convergence as { converged: boolean; epochsRun: number; final: { fractionConverged: number } } | undefined;
    post({
      type: "done",
      testAccuracy: results.metrics.testAccuracy,
      backend: results.backend,
      totalSeconds: results.timings.totalSeconds,
      fieldsSvg: String(artifacts["fields.svg"] ?? ""),
      convergence: conv && { fractionConverged: conv.final.fractionConverged, converged: conv.converged, epochsRun: conv.epochsRun },
      warnings: results.warnings,
      files,
    });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
