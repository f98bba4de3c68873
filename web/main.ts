// The page: reads the settings, runs one training in a Web Worker (web/worker.ts)
// through the same runner as the CLI, and shows progress, accuracy and fields.
import type { RunRequest, SchemaNode, WorkerMessage } from "./protocol.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("settings");
const runButton = $<HTMLButtonElement>("run");
const bar = $<HTMLProgressElement>("progress");
const status = $("status");
const accuracy = $("accuracy");
const backend = $("backend");
const fields = $<HTMLImageElement>("fields");
const attackButton = $<HTMLButtonElement>("attack");
const attackStatus = $("attackStatus");
const attackPlots = $("attackPlots");
const criticalPlot = $("criticalPlot");
const liveFields = $("liveFields");
const spectrumView = $("spectrum");
const curves = $("curves");
const alphaNote = $("alpha");
const downloads = $("downloads");
const loadInput = $<HTMLInputElement>("load");
const loaded = $("loaded");
/** The worker of the last run, kept alive (it holds the trained model) for the attack button. */
let current: Worker | null = null;
let downloadUrls: string[] = [];

/** Links to download the run's files (the model in the CLI's `--save` layout, loadable by `hebblab attack`). */
function offerDownloads(files: Record<string, string | Uint8Array<ArrayBuffer>>): void {
  downloadUrls.forEach((u) => URL.revokeObjectURL(u));
  downloadUrls = [];
  downloads.replaceChildren(
    "download: ",
    ...Object.entries(files).flatMap(([name, data]) => {
      const url = URL.createObjectURL(new Blob([data], { type: name.endsWith(".json") ? "application/json" : "application/octet-stream" }));
      downloadUrls.push(url);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.textContent = name;
      return [a, " "];
    }),
  );
}
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

// Settings may come from the URL too, by config path (e.g. ?model=kh&kh.hidden=20&kh.epochs=1&autorun=1), for links and tests.
const params = new URLSearchParams(location.search);
const modelSelect = $<HTMLSelectElement>("model");
const presetSelect = $<HTMLSelectElement>("preset");
const controls = $("controls");
let schema: SchemaNode | null = null;

/** The model kinds and data sources as the registries describe them (sent with the schema). */
let kinds: { name: string; title: string; sections: string[] }[] = [];
let sources: { name: string; settings: string | null }[] = [];
/** The config sections a model kind reads (its own and the shared ones it declares). */
const sectionsOf = (model: string) => kinds.find((k) => k.name === model)?.sections ?? [model];
/** Settings the page leaves to their defaults or to the CLI (attack evaluation, kernel build). */
const HIDDEN_PATHS = new Set(["preset", "seed", "model", "attack", "kernels", "threads", "data.source", "data.splitSeed"]);
/**
 * `data` subsections of data sources' own settings that do not apply: every settings section but the
 * chosen source's (the page trains on the embedded digits unless the URL names a source).
 */
function hiddenSourceSettings(): Set<string> {
  const chosen = params.get("data.source") ?? String(schema?.properties?.data?.properties?.source?.default ?? "");
  const name = chosen.split(":")[0];
  const own = sources.find((s) => s.name === name)?.settings ?? null;
  return new Set(sources.flatMap((s) => (s.settings && s.settings !== own ? [`data.${s.settings}`] : [])));
}

/** One input per leaf of `node` under `path`: numbers, enums, booleans; anything else as JSON text. */
function fieldsFor(node: SchemaNode, path: string): HTMLElement[] {
  if (node.type === "object" && node.properties) {
    const set = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = path;
    set.append(legend);
    if (node.description) {
      const doc = document.createElement("p");
      doc.className = "doc";
      doc.textContent = node.description;
      set.append(doc);
    }
    const hidden = hiddenSourceSettings();
    set.append(...Object.entries(node.properties).flatMap(([k, v]) => (HIDDEN_PATHS.has(`${path}.${k}`) || hidden.has(`${path}.${k}`) ? [] : fieldsFor(v, `${path}.${k}`))));
    return [set];
  }
  const label = document.createElement("label");
  label.textContent = path.split(".").slice(1).join(".") + " ";
  // The schema's doc of the setting, as in `hebblab config` and docs/config.md.
  if (node.description) label.title = node.description;
  let input: HTMLInputElement | HTMLSelectElement;
  if (Array.isArray(node.enum)) {
    input = document.createElement("select");
    for (const v of node.enum) input.append(new Option(String(v), JSON.stringify(v)));
    input.value = JSON.stringify(node.default ?? node.enum[0]);
  } else if (node.type === "boolean") {
    input = document.createElement("input");
    input.type = "checkbox";
    input.checked = node.default === true;
  } else if (node.type === "number" || node.type === "integer") {
    input = document.createElement("input");
    input.type = "number";
    input.step = node.type === "integer" ? "1" : "any";
    input.value = node.default === undefined ? "" : String(node.default);
  } else {
    input = document.createElement("input");
    input.type = "text";
    input.value = node.default === undefined ? "" : typeof node.default === "string" ? node.default : JSON.stringify(node.default);
  }
  input.id = path;
  input.dataset.path = path;
  input.dataset.initial = readInput(input) === undefined ? "" : JSON.stringify(readInput(input));
  const q = params.get(path);
  if (q !== null) writeInput(input, q);
  label.append(input);
  return [label];
}

function readInput(el: HTMLInputElement | HTMLSelectElement): unknown {
  if (el instanceof HTMLSelectElement) return JSON.parse(el.value);
  if (el.type === "checkbox") return el.checked;
  if (el.value.trim() === "") return undefined;
  if (el.type === "number") return Number(el.value);
  try {
    return JSON.parse(el.value);
  } catch {
    return el.value;
  }
}

function writeInput(el: HTMLInputElement | HTMLSelectElement, text: string): void {
  if (el instanceof HTMLSelectElement) el.value = JSON.stringify(/^-?[\d.]+$/.test(text) ? Number(text) : text);
  else if (el.type === "checkbox") el.checked = text === "true" || text === "1";
  else el.value = text;
}

/** The controls of the chosen model kind (and of the data), from the schema. */
function renderControls(): void {
  if (!schema?.properties) return;
  const model = modelSelect.value;
  const sections = ["data", ...sectionsOf(model)];
  controls.replaceChildren(...sections.flatMap((sec) => (schema!.properties![sec] ? fieldsFor(schema!.properties![sec], sec) : [])));
}

/** The raw config: the model, preset and seed, and every control changed from its default (or set by the URL). */
function configFromControls(): Record<string, unknown> {
  const config: Record<string, unknown> = { model: modelSelect.value, seed: Number($<HTMLInputElement>("seed").value) };
  if (presetSelect.value) config.preset = presetSelect.value;
  for (const el of Array.from(controls.querySelectorAll<HTMLInputElement | HTMLSelectElement>("[data-path]"))) {
    const v = readInput(el);
    if (v === undefined || JSON.stringify(v) === el.dataset.initial) continue;
    const keys = el.dataset.path!.split(".");
    let o = config;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = v;
  }
  const threads = params.get("threads");
  if (threads !== null) config.threads = Number(threads);
  return config;
}

/** Asks a worker for the experiment schema and the presets, then builds the controls. */
function loadSchema(): void {
  const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    if (e.data.type !== "schema") return;
    schema = e.data.schema;
    kinds = e.data.kinds;
    sources = e.data.sources;
    w.terminate();
    for (const k of kinds) modelSelect.append(new Option(`${k.name} (${k.title})`, k.name));
    for (const p of e.data.presets) presetSelect.append(new Option(`${p.name} (v${p.version}): ${p.title}`, p.name));
    modelSelect.value = params.get("model") ?? String(schema.properties?.model?.default ?? kinds[0]?.name);
    if (params.get("preset")) presetSelect.value = params.get("preset")!;
    if (params.get("seed")) $<HTMLInputElement>("seed").value = params.get("seed")!;
    renderControls();
    runButton.disabled = false;
    document.body.dataset.controls = "ready";
    if (params.get("autorun") === "1") run();
  };
  w.postMessage({ type: "schema" } satisfies RunRequest);
}
modelSelect.addEventListener("change", renderControls);

let fieldsUrl: string | null = null;
/** The stage the progress events are in and when it began, for the ETA. */
let stageStart: { stage: string; t: number } | null = null;

function run(): void {
  const config = configFromControls();

  runButton.disabled = true;
  accuracy.textContent = "…";
  backend.textContent = "";
  status.textContent = "starting…";
  bar.value = 0;
  document.body.dataset.state = "running";
  attackButton.disabled = true;
  attackPlots.replaceChildren();
  criticalPlot.replaceChildren();
  attackStatus.textContent = "";
  for (const v of [liveFields, spectrumView, curves]) v.replaceChildren();
  alphaNote.textContent = "";
  document.body.dataset.live = "0";
  stageStart = null;
  const worker = newWorker();
  worker.postMessage({ type: "run", config } satisfies RunRequest);
}

/** A worker whose messages update the page; it becomes the current one (holding the model to attack). */
function newWorker(): Worker {
  current?.terminate();
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  current = worker;
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.type === "status") status.textContent = m.text;
    else if (m.type === "live") {
      // SVG text the worker drew from the run's own figures (no user input in it).
      const target = m.view === "fields" ? liveFields : m.view === "spectrum" ? spectrumView : curves;
      target.innerHTML = m.svgs.join("");
      target.dataset.epoch = String(m.epoch);
      document.body.dataset.live = String(Number(document.body.dataset.live ?? 0) + 1);
    }
    else if (m.type === "progress") {
      const p = m.event;
      bar.value = p.total > 0 ? p.done / p.total : 0;
      // ETA of the stage from its pace so far (epochs count as equal parts).
      const frac = p.epoch !== undefined && p.epochs ? (p.epoch - 1 + p.done / Math.max(p.total, 1)) / p.epochs : p.done / Math.max(p.total, 1);
      if (stageStart?.stage !== p.stage) stageStart = { stage: p.stage, t: performance.now() };
      const left = frac > 0.02 ? ((performance.now() - stageStart.t) / 1000) * ((1 - frac) / frac) : NaN;
      const eta = Number.isFinite(left) && frac < 1 ? `, about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left` : "";
      const epoch = p.epoch !== undefined ? ` epoch ${p.epoch}/${p.epochs}` : "";
      const conv = p.info?.converged !== undefined ? ` — ${(p.info.converged * 100).toFixed(1)} % of units on the p-sphere` : "";
      status.textContent = `${p.stage}${epoch}: ${p.done}/${p.total} ${p.unit}${conv}${eta}`;
    } else if (m.type === "done") {
      bar.value = 1;
      accuracy.textContent = `${(m.testAccuracy * 100).toFixed(2)} %`;
      accuracy.dataset.value = String(m.testAccuracy);
      const t = m.backend.threads;
      backend.textContent =
        `kernels ${m.backend.kernels} on ${t} thread${t === 1 ? "" : "s"}, tfjs ${m.backend.tfjs}; ` +
        `${m.totalSeconds.toFixed(1)} s`;
      backend.dataset.threads = String(t);
      if (m.alpha) {
        const f = (v: number | null) => (v === null ? "–" : v.toFixed(3));
        alphaNote.textContent = `α = ${f(m.alpha.weighted)} (weighted, Stringer) / ${f(m.alpha.unweighted)} (unweighted), ${m.alpha.representation}`;
        alphaNote.dataset.weighted = String(m.alpha.weighted);
        alphaNote.dataset.unweighted = String(m.alpha.unweighted);
      }
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
      // Only local rules have receptive fields to draw.
      fields.hidden = m.fieldsSvg === "";
      offerDownloads(m.files);
      document.body.dataset.state = "done";
      runButton.disabled = false;
      // The worker keeps the trained model for the attack button.
      attackButton.disabled = false;
    } else if (m.type === "attacked") {
      bar.value = 1;
      attackPlots.innerHTML = m.plots.join("\n");
      criticalPlot.innerHTML = m.criticalSvg ?? "";
      attackStatus.dataset.results = JSON.stringify(m.results);
      const at = (a: string, eps: number) => m.results.find((r) => r.attack === a && r.eps === eps)?.accuracy;
      const pgd = at("pgd-linf", 0.1);
      attackStatus.textContent =
        `PGD-L∞ at ε = 0.1: ${pgd === undefined ? "–" : `${(pgd * 100).toFixed(1)} %`}; median critical ε ` +
        `${m.criticalMedian === null ? "> range" : m.criticalMedian.toFixed(3)}; sanity checks ${m.sanityPassed ? "passed" : "FAILED"}`;
      document.body.dataset.attack = "done";
      status.textContent = "attack done";
      runButton.disabled = false;
      attackButton.disabled = false;
    } else if (m.type === "loaded") {
      loaded.textContent = `loaded a ${m.kind} model: test accuracy ${(m.testAccuracy * 100).toFixed(2)} % on ${m.testImages} images`;
      document.body.dataset.loaded = String(m.testAccuracy);
      attackButton.disabled = false;
      status.textContent = "model loaded";
    } else if (m.type === "error") {
      status.textContent = `error: ${m.message}`;
      if (document.body.dataset.state === "running") accuracy.textContent = "–";
      document.body.dataset.state = "error";
      runButton.disabled = false;
      worker.terminate();
      current = null;
    }
  };
  worker.onerror = (e) => {
    status.textContent = `error: ${e.message}`;
    document.body.dataset.state = "error";
    runButton.disabled = false;
  };
  return worker;
}

loadInput.addEventListener("change", async () => {
  const files = Array.from(loadInput.files ?? []);
  const json = files.find((f) => f.name.endsWith(".json"));
  const bin = files.find((f) => f.name.endsWith(".bin"));
  if (!json || !bin) {
    loaded.textContent = "choose both model.json and weights.bin";
    return;
  }
  loaded.textContent = "loading…";
  const worker = newWorker();
  worker.postMessage({ type: "load", json: await json.text(), bin: new Uint8Array(await bin.arrayBuffer()) } satisfies RunRequest);
});

form.addEventListener("submit", (e) => {
  e.preventDefault();
  run();
});
attackButton.addEventListener("click", () => {
  if (!current) return;
  attackButton.disabled = true;
  runButton.disabled = true;
  document.body.dataset.attack = "running";
  attackStatus.textContent = "attacking…";
  current.postMessage({ type: "attack", images: Number(params.get("attackImages") ?? 500) } satisfies RunRequest);
});
loadSchema();
