// The page: reads the settings, runs one training in a Web Worker (web/worker.ts)
// through the same runner as the CLI, and shows progress, accuracy and fields.
import type { RunRequest, WorkerMessage } from "./protocol.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("settings");
const runButton = $<HTMLButtonElement>("run");
const bar = $<HTMLProgressElement>("progress");
const status = $("status");
const accuracy = $("accuracy");
const backend = $("backend");
const fields = $<HTMLImageElement>("fields");
const threadsNote = $("threads");
const convergence = $("convergence");
const warnings = $("warnings");

// Shared WASM memory needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
const cores = navigator.hardwareConcurrency || 1;
if (globalThis.crossOriginIsolated) {
  threadsNote.textContent = `Cross-origin isolated: the kernels can use all ${cores} cores (one shared WebAssembly memory).`;
} else {
  threadsNote.textContent =
    "Not cross-origin isolated: the kernels run on one thread. Serve this page with " +
    "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp to use every core.";
  threadsNote.classList.add("warn");
}
document.body.dataset.isolated = String(globalThis.crossOriginIsolated === true);

// Settings may come from the URL too (e.g. ?hidden=20&epochs=1&autorun=1), for links and tests.
const params = new URLSearchParams(location.search);
for (const id of ["hidden", "epochs", "lr", "train", "test"]) {
  const v = params.get(id);
  if (v !== null) $<HTMLInputElement>(id).value = v;
}

const num = (id: string) => Number($<HTMLInputElement>(id).value);
let fieldsUrl: string | null = null;

function run(): void {
  const config: Record<string, unknown> = {
    seed: Number(params.get("seed") ?? 1),
    data: { source: "mnist", train: num("train"), test: num("test") },
    kh: { hidden: num("hidden"), epochs: num("epochs"), lr: num("lr") },
  };
  const readoutEpochs = params.get("readoutEpochs");
  if (readoutEpochs !== null) config.readout = { epochs: Number(readoutEpochs) };
  const threads = params.get("threads");
  if (threads !== null) config.threads = Number(threads);

  runButton.disabled = true;
  accuracy.textContent = "…";
  backend.textContent = "";
  status.textContent = "starting…";
  bar.value = 0;
  document.body.dataset.state = "running";
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.type === "status") status.textContent = m.text;
    else if (m.type === "progress") {
      const p = m.event;
      bar.value = p.total > 0 ? p.done / p.total : 0;
      const epoch = p.epoch !== undefined ? ` epoch ${p.epoch}/${p.epochs}` : "";
      const conv = p.info?.converged !== undefined ? ` — ${(p.info.converged * 100).toFixed(1)} % of units on the p-sphere` : "";
      status.textContent = `${p.stage}${epoch}: ${p.done}/${p.total} ${p.unit}${conv}`;
    } else if (m.type === "done") {
      bar.value = 1;
      accuracy.textContent = `${(m.testAccuracy * 100).toFixed(2)} %`;
      const t = m.backend.threads;
      backend.textContent =
        `kernels ${m.backend.kernels} on ${t} thread${t === 1 ? "" : "s"}, tfjs ${m.backend.tfjs}; ` +
        `${m.totalSeconds.toFixed(1)} s`;
      backend.dataset.threads = String(t);
      status.textContent = "done";
      if (m.convergence) {
        const c = m.convergence;
        convergence.textContent =
          `after ${c.epochsRun} epochs ${(c.fractionConverged * 100).toFixed(1)} % of units are on the p-sphere: ` +
          (c.converged ? "converged (LocalLearning criterion)" : "not converged");
        convergence.dataset.converged = String(c.converged);
      }
      warnings.textContent = m.warnings.join(" ");
      if (fieldsUrl) URL.revokeObjectURL(fieldsUrl);
      fieldsUrl = URL.createObjectURL(new Blob([m.fieldsSvg], { type: "image/svg+xml" }));
      fields.src = fieldsUrl;
      fields.hidden = false;
      document.body.dataset.state = "done";
      runButton.disabled = false;
      worker.terminate();
    } else if (m.type === "error") {
      status.textContent = `error: ${m.message}`;
      accuracy.textContent = "–";
      document.body.dataset.state = "error";
      runButton.disabled = false;
      worker.terminate();
    }
  };
  worker.onerror = (e) => {
    status.textContent = `error: ${e.message}`;
    document.body.dataset.state = "error";
    runButton.disabled = false;
  };
  worker.postMessage({ type: "run", config } satisfies RunRequest);
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  run();
});
if (params.get("autorun") === "1") run();
