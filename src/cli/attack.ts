import type { Split } from "../data/types.js";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { AttackEvalConfig, parseAttackConfig } from "../attacks/config.js";
import { evaluateRobustness, type AttackReport } from "../attacks/evaluate.js";
import { snrBoundDb } from "../data/audio/logmel.js";
import { accuracyPlots, criticalPlot, robustnessTable } from "../attacks/report.js";
import { ATTACK_ENTRIES } from "../attacks/registry.js";
import { SUITE_ENTRIES } from "../attacks/suites.js";
import { configFields, type ConfigField } from "../runner/configDoc.js";
import { kebab } from "./configFlags.js";
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

/**
 * Flags of the evaluation's general settings whose names differ from their config path; every other
 * flag is derived from the attack config's fields (help = the field's doc, default and choices).
 */
const GENERAL: Record<string, string> = {
  seed: "seed",
  images: "images",
  batch: "batch",
  attacks: "attacks",
  epsLinf: "eps.linf",
  epsL2: "eps.l2",
  loss: "loss",
  eot: "eotSamples",
  criticalAttack: "critical.attack",
  criticalMethod: "critical.method",
  criticalImages: "critical.images",
};

/** A flag of `hebblab attack`: the commander option and the config path it sets. */
interface AttackFlag {
  /** Commander's key for it (`pgdLinfSteps`). */
  key: string;
  path: string;
  /** A boolean whose default is true: the flag is `--no-…` and sets false. */
  negated?: boolean;
  option: string;
  help: string;
  parse?: (v: string) => unknown;
}

/**
 * Every flag of `hebblab attack`: the general settings ({@link GENERAL}) and one flag per option of
 * each attack and suite, `--<attack>-<option>` (`--pgd-linf-steps`, `--apgd-ce-iters`,
 * `--autoattack-eps`…), all derived from the config schema, so an attack's options and their help
 * appear here without an edit.
 */
export function attackFlags(): AttackFlag[] {
  const fields = new Map(configFields(AttackEvalConfig).map((f) => [f.path, f]));
  const out: AttackFlag[] = [];
  const add = (key: string, f: ConfigField) => {
    const negated = f.type === "boolean" && f.default === true;
    const name = negated ? `no-${kebab(key)}` : kebab(key);
    const parse = parserOf(f);
    const dflt = f.default !== undefined && !negated ? ` [default ${Array.isArray(f.default) ? f.default.join(",") : String(f.default)}]` : "";
    const choices = f.choices ? ` (${f.choices.join(" | ")})` : "";
    out.push({ key, path: f.path, negated, option: parse ? `--${name} <${f.type.startsWith("list") ? "list" : "value"}>` : `--${name}`, help: `${f.description.replace(/\.$/, "")}${choices}${dflt}`, parse });
  };
  for (const [key, path] of Object.entries(GENERAL)) add(key, fields.get(path)!);
  for (const e of [...ATTACK_ENTRIES, ...SUITE_ENTRIES]) for (const f of fields.values()) if (f.path.startsWith(`${e.name}.`)) add(camel(f.path.replace(".", "-")), f);
  return out;
}

/** Turns `--config` plus flags into a validated attack config (flags win; errors name the field). */
export async function attackConfigFromFlags(flags: Record<string, unknown>): Promise<AttackEvalConfig> {
  const raw = flags.config ? await readConfigFile(String(flags.config)) : {};
  for (const f of attackFlags()) {
    const v = flags[f.key];
    // Negatable flags are always set by commander; only an explicit --no-… changes the config.
    if (f.negated ? v === false : v !== undefined) setPath(raw, f.path, v);
  }
  if (flags.critical === false) setPath(raw, "critical.enabled", false);
  return parseAttackConfig(raw);
}

function parserOf(f: ConfigField): ((v: string) => unknown) | undefined {
  if (f.type === "boolean") return undefined;
  if (f.type.startsWith("list of number")) return numList;
  if (f.type.startsWith("list of")) return list;
  if (f.type.startsWith("integer")) return int;
  if (f.type.startsWith("number")) return num;
  return (v) => v;
}

/** `pgd-linf-steps` → `pgdLinfSteps` (commander's key for the flag). */
function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
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
  const cmd = program
    .command("attack")
    .description("attack a saved model (FGSM, PGD, noise, AutoAttack; EOT for stochastic models) with built-in sanity and gradient-masking checks")
    .argument("<dir>", "model directory written by `hebblab train --save DIR`")
    .option("--config <file>", "attack config JSON (flags override it)")
    .option("--out <file>", "results JSON", "results/attack.json")
    .option("--svg <file>", "accuracy-vs-ε plot (default: --out with .svg; the L2 plot gets -l2)")
    .option("--data <source>", `${sourceSyntaxes()} (default: the data the model was trained with)`)
    .option("--test-size <n>", "test images to load from the source", int)
    .option("--no-critical", "skip the critical-perturbation search")
    .option("--threads <n>", "threads the batches are spread over (default: every core); the numbers do not depend on it", threadCount)
    .option("--strict", "exit with status 2 when a sanity check fails")
    .option("--progress", "draw the progress bar even when stderr is not a terminal");
  for (const f of attackFlags()) {
    // The attack list's help names every attack with what it is, from the registry.
    const every = [...ATTACK_ENTRIES, ...SUITE_ENTRIES].map((e) => `${e.name} (${e.description})`).join("; ");
    const help = f.key === "attacks" ? `comma list of: ${every}${f.help.slice(f.help.lastIndexOf(" ["))}` : f.help;
    if (f.parse) cmd.option(f.option, help, f.parse as (v: string, p: unknown) => unknown);
    else cmd.option(f.option, help);
  }
  cmd.action(async (dir: string, flags: Record<string, unknown>) => {
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
