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
import { resolveConfig } from "../src/runner/config.js";
import { runTraining } from "../src/runner/train.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";

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
