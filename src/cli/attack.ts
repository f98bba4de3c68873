import type { Split } from "../data/types.js";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { parseAttackConfig, type AttackEvalConfig } from "../attacks/config.js";
import { evaluateRobustness, type AttackReport } from "../attacks/evaluate.js";
import { snrBoundDb } from "../data/audio/logmel.js";
import { accuracyPlots, criticalPlot, robustnessTable } from "../attacks/report.js";
import { ATTACK_NAMES, ATTACKS } from "../attacks/registry.js";
import { loadSplit } from "../data/load.js";
import { sourceSyntaxes } from "../data/sources.js";
import { loadModel } from "../kinds/loadModelNode.js";
import { DataConfig } from "../runner/config.js";
import { checkWritableFile, writeAtomic, writeJson } from "../files.js";
import { versions } from "../runner/versions.js";
import { initTf, tf } from "../tf.js";
import { availableCores } from "../wasm/pool.js";
import { int, num, readConfigFile, setPath, threadCount } from "./options.js";
import { terminalProgress } from "./progressBar.js";

/** CLI flag → attack-config path (flags override `--config`). */
const FLAGS: Record<string, string> = {
  seed: "seed",
  images: "images",
  batch: "batch",
  attacks: "attacks",
  epsLinf: "eps.linf",
  epsL2: "eps.l2",
  steps: "pgd.steps",
  relStepSize: "pgd.relStepSize",
  restarts: "pgd.restarts",
  select: "pgd.select",
  loss: "loss",
  eot: "eotSamples",
  criticalAttack: "critical.attack",
  criticalMethod: "critical.method",
  criticalImages: "critical.images",
};

/** Turns `--config` plus flags into a validated attack config (flags win; errors name the field). */
export async function attackConfigFromFlags(flags: Record<string, unknown>): Promise<AttackEvalConfig> {
  const raw = flags.config ? await readConfigFile(String(flags.config)) : {};
  for (const [flag, path] of Object.entries(FLAGS)) setPath(raw, path, flags[flag]);
  // Negatable flags are always set by commander; only an explicit --no-… changes the config.
  if (flags.critical === false) setPath(raw, "critical.enabled", false);
  if (flags.randomStart === false) setPath(raw, "pgd.randomStart", false);
  return parseAttackConfig(raw);
}

function list(value: string): string[] {
  const v = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (!v.length) throw new InvalidArgumentError("empty list");
  return v;
}

function numList(value: string): number[] {
  return list(value).map(num);
}

/**
 * `hebblab attack DIR`: robustness evaluation of a model saved by `hebblab train --save DIR` on the
 * test split it was trained against (or `--data`): robust-accuracy table, critical perturbations,
 * sanity checks → results JSON + accuracy-vs-ε SVG (one per norm).
 */
export function registerAttack(program: Command): void {
  program
    .command("attack")
    .description("attack a saved model (FGSM, PGD, noise; EOT for stochastic models) with built-in sanity checks")
    .argument("<dir>", "model directory written by `hebblab train --save DIR`")
    .option("--config <file>", "attack config JSON (flags override it)")
    .option("--out <file>", "results JSON", "results/attack.json")
    .option("--svg <file>", "accuracy-vs-ε plot (default: --out with .svg; the L2 plot gets -l2)")
    .option("--data <source>", `${sourceSyntaxes()} (default: the data the model was trained with)`)
    .option("--test-size <n>", "test images to load from the source", int)
    .option("--images <n>", "test images to attack (first n; default 1000)", int)
    .option("--batch <n>", "images per batch (default 250)", int)
    .option("--attacks <list>", `comma list of: ${ATTACK_NAMES.map((n) => `${n} (${ATTACKS[n].description})`).join("; ")} (default fgsm,pgd-linf,noise-linf)`, list)
    .option("--eps-linf <list>", "L∞ budgets (default 0,0.01,0.03,0.05,0.1,0.2,0.3)", numList)
    .option("--eps-l2 <list>", "L2 budgets (default 0.5,1,2,3)", numList)
    .option("--steps <n>", "PGD steps (default 40)", int)
    .option("--rel-step-size <x>", "PGD step size / ε (default 2.5/steps)", num)
    .option("--restarts <n>", "PGD restarts (default 1)", int)
    .option("--no-random-start", "start PGD at the clean image")
    .option("--select <which>", "PGD iterate kept per image: best | last (default best)")
    .option("--loss <name>", "loss ascended: ce | margin (default ce)")
    .option("--eot <k>", "EOT samples per gradient/accuracy for stochastic models (default 10)", int)
    .option("--no-critical", "skip the critical-perturbation search")
    .option("--critical-attack <name>", "attack searched for the critical ε (default pgd-linf)")
    .option("--critical-method <m>", "bisection | grid (default bisection)")
    .option("--critical-images <n>", "initially correct images searched (default 200)", int)
    .option("--seed <n>", "random seed (default 1)", int)
    .option("--threads <n>", "threads the batches are spread over (default: every core); the numbers do not depend on it", threadCount)
    .option("--strict", "exit with status 2 when a sanity check fails")
    .option("--progress", "draw the progress bar even when stderr is not a terminal")
    .action(async (dir: string, flags: Record<string, unknown>) => {
      const cfg = await attackConfigFromFlags(flags);
      // Before any work: an unusable output place is found in a second, not after the evaluation.
      await checkWritableFile(String(flags.out), "--out");
      if (flags.svg) await checkWritableFile(String(flags.svg), "--svg");
      const startedAt = new Date().toISOString();
      await initTf();
      const { model, meta } = await loadModel(dir);
      const { dataCfg, test } = await savedModelTestSplit(meta, flags);
      const threads = (flags.threads as number | undefined) ?? (await availableCores());
      const bar = terminalProgress(!!flags.progress);
      let rep;
      try {
        rep = await evaluateRobustness(model, test, cfg, { onProgress: bar.onProgress, threads });
      } finally {
        bar.stop();
        model.dispose();
      }
      const outPath = String(flags.out);
      const svgBase = flags.svg ? String(flags.svg) : outPath.replace(/\.json$/i, "") + ".svg";
      const written: string[] = [];
      for (const [norm, svg] of await accuracyPlots(rep)) {
        const path = norm === "linf" || !rep.results.some((r) => r.norm === "linf") ? svgBase : svgBase.replace(/(\.svg)?$/i, "-l2.svg");
        await writeAtomic(path, svg);
        written.push(path);
      }
      const critical = await criticalPlot(rep);
      if (critical) {
        const path = svgBase.replace(/(\.svg)?$/i, "-critical.svg");
        await writeAtomic(path, critical);
        written.push(path);
      }
      // Waveform models (a log-mel front end): each budget in waveform units and the SNR it guarantees.
      const audio = waveformBudgets((model as unknown as { config?: { frontEnd?: { kind?: string } | null } }).config?.frontEnd, rep, test);
      await writeJson(outPath, {
        ...rep,
        ...(audio ? { audio } : {}),
        command: "attack",
        modelDir: dir,
        modelMeta: meta,
        dataConfig: dataCfg,
        versions: { ...versions(), tfjsBackend: tf.getBackend() },
        startedAt,
        finishedAt: new Date().toISOString(),
      });
      written.push(outPath);
      if (audio) process.stdout.write(`waveform budgets (x = (w + 1)/2, mean clip power ${audio.meanPower.toPrecision(3)}): ${audio.rows.map((r) => `${r.attack} ε ${r.eps} → ${r.waveformEps} on the waveform, SNR ≥ ${r.snrDb.toFixed(1)} dB`).join("; ")}\n`);
      process.stdout.write(`${robustnessTable(rep)}\nran on ${rep.threads} thread${rep.threads === 1 ? "" : "s"} in ${rep.seconds.toFixed(1)} s; wrote ${written.join(", ")}\n`);
      if (flags.strict && !rep.sanity.passed) process.exitCode = 2;
    });
}

/** The data config a saved model was trained with, with `--data`/`--test-size` over it, and its test split. */
export async function savedModelTestSplit(meta: Record<string, unknown>, flags: Record<string, unknown>): Promise<{ dataCfg: DataConfig; test: Split["test"] }> {
  const trained = (meta.config as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const dataRaw: Record<string, unknown> = { ...trained };
  setPath(dataRaw, "source", flags.data);
  setPath(dataRaw, "test", flags.testSize);
  const dataCfg = DataConfig.parse(dataRaw);
  return { dataCfg, test: (await loadSplit(dataCfg)).test };
}

/**
 * For a model whose inputs are waveforms stored as x = (w + 1)/2 (the `logmel` front end): every
 * attack row's budget on the waveform (2ε) and the SNR it guarantees over the attacked clips' mean
 * power; null for other models.
 */
function waveformBudgets(front: { kind?: string } | null | undefined, rep: AttackReport, test: Split["test"]) {
  if (front?.kind !== "logmel") return null;
  const n = Math.min(rep.data.images, test.n);
  let power = 0;
  for (let i = 0; i < n * test.dim; i++) power += (2 * test.images[i] - 1) ** 2;
  power /= n * test.dim;
  const rows = rep.results
    .filter((r) => r.eps > 0)
    .map((r) => ({ attack: r.attack, norm: r.norm, eps: r.eps, waveformEps: 2 * r.eps, snrDb: snrBoundDb(power, 2 * r.eps, r.norm, test.dim) }));
  return { meanPower: power, rows };
}
