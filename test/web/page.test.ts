import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL_KINDS } from "../../src/kinds/registry.js";
import { kindPresets } from "../../src/runner/presets.js";

import { evaluateRobustness } from "../../src/attacks/evaluate.js";
import { loadSplit } from "../../src/data/load.js";
import { accuracy } from "../../src/models/accuracy.js";
import { loadModel } from "../../src/kinds/loadModelNode.js";
import { saveModel } from "../../src/models/io.js";
import { resolveConfig } from "../../src/runner/config.js";
import { runTraining } from "../../src/runner/train.js";
import { CHROMIUM, CHROMIUM_ARGS, describeWithBrowser, requireChromium } from "../browser.js";

/** The kinds of local rules (they share the readout section). */
const LOCAL_RULES = MODEL_KINDS.filter((k) => k.sharedSections?.readout);

const CONFIG = fileURLToPath(new URL("../../web/vite.config.ts", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
};

/**
 * Serves `root` on 127.0.0.1. Every response carries COOP/COEP (cross-origin
 * isolation) unless the page was asked for with `?isolate=0`.
 */
async function serve(root: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = normalize(join(root, url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      const headers: Record<string, string> = { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" };
      if (url.searchParams.get("isolate") !== "0") {
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

describeWithBrowser("browser page (web/): Vite build, headless Chromium", () => {
  let out = "";
  let server: Server;
  let browser: Browser;
  let base = "";

  beforeAll(async () => {
    requireChromium();
    out = await mkdtemp(join(tmpdir(), "hebblab-web-"));
    // No minifying and no gzip-size report: the test needs the page, not its size.
    await build({
      configFile: CONFIG,
      logLevel: "error",
      build: { outDir: out, emptyOutDir: true, minify: false, reportCompressedSize: false },
    });
    server = await serve(out);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // Only a server that was started can be closed: a failed beforeAll must not leave afterAll waiting.
    if (server) await new Promise((r) => server.close(r));
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("trains a tiny model in a worker on 2 kernel threads and shows the accuracy and the receptive fields", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}?model=kh&kh.hidden=20&kh.epochs=1&data.train=300&data.test=100&readout.epochs=2&threads=2&autorun=1`);
    await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
    const status = await page.textContent("#status");
    expect(await page.getAttribute("body", "data-state"), `${status} ${errors.join("; ")}`).toBe("done");
    expect(await page.getAttribute("body", "data-isolated")).toBe("true");
    expect(await page.textContent("#accuracy")).toMatch(/^\d{1,3}\.\d\d %$/);
    expect(await page.getAttribute("#backend", "data-threads")).toBe("2");
    // Chromium has relaxed SIMD, so `auto` picks the FMA build at run time.
    expect(await page.textContent("#backend")).toMatch(/^kernels wasm-relaxed-simd on 2 threads/);
    expect(await page.$eval("#progress", (p) => (p as HTMLProgressElement).value)).toBe(1);
    const fieldsWidth = await page.$eval("#fields", (img) => (img as HTMLImageElement).naturalWidth);
    expect(fieldsWidth).toBeGreaterThan(100);
    await page.close();
  }, 90_000);

  it("builds its controls from the config schema and trains an MLP and every other local rule too", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}?model=mlp&mlp.hidden=[16]&mlp.epochs=1&data.train=300&data.test=100&threads=1&autorun=1`);
    await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
    expect(await page.getAttribute("body", "data-state"), (await page.textContent("#status")) ?? "").toBe("done");
    expect(await page.textContent("#accuracy")).toMatch(/^\d{1,3}\.\d\d %$/);
    // Every model kind of the schema is offered, and the MLP's own settings are controls.
    expect(await page.$$eval("#model option", (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(MODEL_KINDS.map((k) => k.name));
    expect(await page.$eval("[data-path='mlp.activation']", (e) => (e as HTMLSelectElement).tagName)).toBe("SELECT");
    // Every preset of every kind is offered (after the "none" option).
    expect(await page.$$eval("#preset option", (o) => o.length)).toBe((await kindPresets.names()).length + 1);
    // A data source's own settings are controls only when that source is chosen (here the embedded digits: none).
    expect(await page.$("[data-path='data.train']")).not.toBeNull();
    expect(await page.$("[data-path^='data.spoken.']")).toBeNull();
    const spoken = await browser.newPage();
    await spoken.goto(`${base}?data.source=spoken-digits-mel`);
    await spoken.waitForSelector("body[data-controls=ready]");
    expect(await spoken.$("[data-path='data.spoken.snrDb']"), "the spoken sources' settings, once such a source is chosen").not.toBeNull();
    await spoken.close();
    // The attack button runs the evaluation in the worker that holds the model and draws accuracy against ε.
    await page.goto(`${base}?model=mlp&mlp.hidden=[16]&mlp.epochs=1&data.train=300&data.test=100&threads=1&attackImages=20&autorun=1`);
    await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
    await page.click("#attack");
    await page.waitForSelector("body[data-attack=done], body[data-state=error]", { timeout: 90_000 });
    expect(await page.getAttribute("body", "data-attack"), (await page.textContent("#status")) ?? "").toBe("done");
    expect(await page.$$eval("#attackPlots svg", (x) => x.length)).toBeGreaterThanOrEqual(1);
    expect(await page.textContent("#attackStatus")).toMatch(/PGD-L∞ at ε = 0\.1: \d+\.\d %; median critical ε .*; sanity checks (passed|FAILED)/);
    await page.screenshot({ path: join(process.cwd(), "test-artifacts", "page-mlp.png"), fullPage: true });
    for (const rule of LOCAL_RULES.filter((r) => r.name !== "kh")) {
      const r = rule.name;
      await page.goto(`${base}?model=${r}&${r}.hidden=16&${r}.epochs=2&${r}.batch=20&data.train=200&data.test=100&readout.epochs=1&threads=2&autorun=1`);
      await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
      expect(await page.getAttribute("body", "data-state"), `${r}: ${(await page.textContent("#status")) ?? ""}`).toBe("done");
    }
    await page.close();
  }, 120_000);

  it("trains an MLP on the dense engine's 2 threads (Web Workers) to the same numbers as on 1", async () => {
    const page = await browser.newPage();
    const seen: string[][] = [];
    for (const threads of [1, 2]) {
      await page.goto(`${base}?model=mlp&mlp.hidden=[48]&mlp.epochs=2&data.train=400&data.test=200&seed=3&threads=${threads}&autorun=1`);
      await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
      expect(await page.getAttribute("body", "data-state"), (await page.textContent("#status")) ?? "").toBe("done");
      expect(await page.getAttribute("#backend", "data-threads")).toBe(String(threads));
      seen.push([String(await page.getAttribute("#accuracy", "data-value")), String(await page.getAttribute("#alpha", "data-weighted")), String(await page.getAttribute("#alpha", "data-unweighted"))]);
    }
    expect(seen[1]).toEqual(seen[0]);
    await page.close();
  }, 90_000);

  it("shows live views while training, and gives the accuracy and α of the Node runs of the same configs (KH and MLP)", async () => {
    const page = await browser.newPage();
    const runs: { url: string; cfg: Record<string, unknown> }[] = [
      {
        url: "model=kh&kh.hidden=60&kh.epochs=4&data.train=600&data.test=300&readout.epochs=3&seed=5",
        cfg: { seed: 5, model: "kh", kh: { hidden: 60, epochs: 4 }, data: { train: 600, test: 300 }, readout: { epochs: 3 } },
      },
      {
        url: "model=mlp&mlp.hidden=[64]&mlp.epochs=3&data.train=600&data.test=300&seed=6",
        cfg: { seed: 6, model: "mlp", mlp: { hidden: [64], epochs: 3 }, data: { train: 600, test: 300 } },
      },
    ];
    for (const { url, cfg } of runs) {
      // The page picks its own kernel build (Chromium: the FMA GEMM); the figures agree with Node's to f32 rounding.
      await page.goto(`${base}?${url}&threads=1&autorun=1`);
      await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 90_000 });
      expect(await page.getAttribute("body", "data-state"), (await page.textContent("#status")) ?? "").toBe("done");
      const { results, model } = await runTraining(cfg);
      model.dispose();
      const sp = results.metrics.spectrum as { alphaWeighted: number; alphaUnweighted: number };
      expect(Math.abs(Number(await page.getAttribute("#accuracy", "data-value")) - results.metrics.testAccuracy), String(cfg.model)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(Number(await page.getAttribute("#alpha", "data-weighted")) - sp.alphaWeighted), String(cfg.model)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(Number(await page.getAttribute("#alpha", "data-unweighted")) - sp.alphaUnweighted), String(cfg.model)).toBeLessThanOrEqual(1e-3);
      // Live views: a spectrum and per-epoch curves of the last epoch, and (local rules) the fields.
      const epochs = String((cfg[String(cfg.model)] as { epochs: number }).epochs);
      expect(await page.getAttribute("#spectrum", "data-epoch")).toBe(epochs);
      expect(await page.$$eval("#spectrum svg polyline", (x) => x.length)).toBe(1);
      expect(await page.$$eval("#curves svg", (x) => x.length)).toBe(2); // KH: on-sphere fraction, median norm; MLP: loss, test accuracy
      if (cfg.model === "kh") expect(await page.$$eval("#liveFields svg", (x) => x.length)).toBe(1);
      expect(Number(await page.getAttribute("body", "data-live"))).toBeGreaterThan(Number(epochs));
      await page.screenshot({ path: join(process.cwd(), "test-artifacts", `page-live-${cfg.model}.png`), fullPage: true });
    }
    await page.close();
  }, 240_000);

  it("attacks a CLI-saved MLP in the page as Node evaluates it, and draws the accuracy and critical-perturbation curves", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-web-attack-"));
    try {
      const cfg = { seed: 7, model: "mlp", data: { train: 400, test: 200 }, mlp: { hidden: [32], epochs: 2 }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } };
      const { results, model } = await runTraining(cfg);
      await saveModel(dir, model, { config: results.config, metrics: results.metrics, seed: results.seed });
      // The page's attack button: the default evaluation on its first 40 test images, critical search on 50 (as the worker asks).
      const images = 40;
      model.dispose();
      const page = await browser.newPage();
      await page.goto(`${base}?model=mlp&threads=1&attackImages=${images}`);
      await page.waitForSelector("body[data-controls=ready]", { timeout: 60_000 });
      await page.setInputFiles("#load", [join(dir, "model.json"), join(dir, "weights.bin")]);
      await page.waitForSelector("body[data-loaded]", { timeout: 60_000 });
      await page.click("#attack");
      await page.waitForSelector("body[data-attack=done], body[data-state=error]", { timeout: 120_000 });
      expect(await page.getAttribute("body", "data-attack"), (await page.textContent("#status")) ?? "").toBe("done");
      expect(await page.$$eval("#attackPlots svg", (x) => x.length)).toBeGreaterThanOrEqual(1);
      expect(await page.$$eval("#criticalPlot svg", (x) => x.length)).toBe(1);
      const inPage = JSON.parse((await page.getAttribute("#attackStatus", "data-results")) ?? "[]") as { attack: string; eps: number; accuracy: number }[];
      // Node: the same saved model, split and evaluation settings.
      const loaded = await loadModel(dir);
      const split = await loadSplit(resolveConfig(cfg).data);
      const rep = await evaluateRobustness(loaded.model, split.test, { images, critical: { images: 50 } });
      loaded.model.dispose();
      expect(inPage.length).toBe(rep.results.length);
      for (const r of rep.results) {
        const p = inPage.find((x) => x.attack === r.attack && x.eps === r.eps);
        expect(Math.abs((p?.accuracy ?? -1) - r.accuracy), `${r.attack} @ ${r.eps}`).toBeLessThanOrEqual(1e-3);
      }
      await page.screenshot({ path: join(process.cwd(), "test-artifacts", "page-attack.png"), fullPage: true });
      await page.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("offers the results and the model for download, and loads a model saved by the CLI with the same predictions", async () => {
    // A model trained and saved in Node, as `hebblab train --save` does.
    const dir = await mkdtemp(join(tmpdir(), "hebblab-web-model-"));
    try {
      const cfg = { seed: 4, model: "mlp", data: { train: 300, test: 100 }, mlp: { hidden: [24], epochs: 2 }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } };
      const { results, model } = await runTraining(cfg);
      await saveModel(dir, model, { config: results.config, metrics: results.metrics, seed: results.seed });
      model.dispose();
      const page = await browser.newPage();
      await page.goto(`${base}?model=kh&kh.hidden=12&kh.epochs=1&data.train=200&data.test=100&readout.epochs=1&threads=1&autorun=1`);
      await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#downloads a[download='results.json']")]);
      const r = JSON.parse(await readFile((await download.path())!, "utf8"));
      expect(`${(r.metrics.testAccuracy * 100).toFixed(2)} %`).toBe(await page.textContent("#accuracy"));
      expect(await page.$$eval("#downloads a", (a) => a.map((x) => (x as HTMLAnchorElement).download))).toEqual(["results.json", "model.json", "weights.bin"]);
      // And the other way: the model the page trained loads in Node (as `hebblab attack DIR` does) with the page's test accuracy.
      const pageDir = join(dir, "from-page");
      await mkdir(pageDir);
      for (const name of ["model.json", "weights.bin"]) {
        const [d] = await Promise.all([page.waitForEvent("download"), page.click(`#downloads a[download='${name}']`)]);
        await copyFile((await d.path())!, join(pageDir, name));
      }
      const fromPage = await loadModel(pageDir);
      const split = await loadSplit(resolveConfig(r.config).data);
      const nodeAcc = await accuracy(fromPage.model, split.test);
      fromPage.model.dispose();
      expect(Math.abs(nodeAcc - r.metrics.testAccuracy)).toBeLessThanOrEqual(1e-3);
      await page.setInputFiles("#load", [join(dir, "model.json"), join(dir, "weights.bin")]);
      await page.waitForSelector("body[data-loaded]", { timeout: 60_000 });
      const inPage = Number(await page.getAttribute("body", "data-loaded"));
      expect(Math.abs(inPage - results.metrics.testAccuracy)).toBeLessThanOrEqual(1e-3);
      await page.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("says so when the page is not cross-origin isolated, and trains on one thread of the plain SIMD build", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}?isolate=0&model=kh&kh.hidden=12&kh.epochs=1&data.train=200&data.test=100&readout.epochs=1&threads=2&autorun=1`);
    expect(await page.getAttribute("body", "data-isolated")).toBe("false");
    expect(await page.textContent("#threads")).toMatch(/Not cross-origin isolated: the kernels run on one thread/);
    await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
    expect(await page.getAttribute("body", "data-state"), (await page.textContent("#status")) ?? "").toBe("done");
    expect(await page.textContent("#backend")).toMatch(/^kernels wasm-simd on 1 thread,/);
    await page.close();
  }, 90_000);
});
