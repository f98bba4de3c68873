import type { Command } from "commander";
import { DATA_SOURCES } from "../data/sources.js";
import { saveModel } from "../models/io.js";
import { checkWritableDir, checkWritableFile, writeAtomic, writeJson } from "../files.js";
import { budgetedCheckpoints } from "../runner/checkpoint.js";
import { fileCheckpoints } from "../runner/checkpointNode.js";
import { interruptible } from "../runner/interruptNode.js";
import { MODEL_KINDS } from "../kinds/registry.js";
import type { ModelKind } from "../kinds/types.js";
import { expandPreset } from "../runner/presets.js";
import { kindPresets } from "../runner/presets.js";
import { runTraining, type TrainResults } from "../runner/train.js";
import { versions } from "../runner/versions.js";
import { addModelFlags, kebab, parseSetting } from "./configFlags.js";
import { int, num, readConfigFile, setPath, threadCount } from "./options.js";
import { terminalProgress } from "./progressBar.js";

/** CLI flag → config path, for flags that mean the same for every model. */
const COMMON: Record<string, string> = {
  seed: "seed",
  data: "data.source",
  trainSize: "data.train",
  testSize: "data.test",
  kernels: "kernels",
  threads: "threads",
  model: "model",
};

/** Flags that each model kind understands, by `config.model` (from the kinds' own entries). */
export const MODEL_FLAGS: Record<string, ModelKind["flags"]> = Object.fromEntries(MODEL_KINDS.map((k) => [k.name, k.flags]));

/**
 * Turns `--config` plus flags into one raw config object (flags win). The
 * runner validates it; this only maps names.
 */
export async function configFromFlags(flags: Record<string, unknown>): Promise<Record<string, unknown>> {
  const file = flags.config ? await readConfigFile(String(flags.config)) : {};
  if (flags.preset !== undefined) file.preset = flags.preset;
  // The preset first, then the --config file over it, then the flags over both.
  const raw = await expandPreset(file, kindPresets);
  for (const [flag, path] of Object.entries(COMMON)) setPath(raw, path, flags[flag]);
  // --attack runs the default robustness evaluation (or the config's `attack` section) after training.
  if (flags.attack && raw.attack === undefined) raw.attack = {};
  if (flags.attackImages !== undefined) {
    if (raw.attack === undefined) throw new Error("--attack-images needs --attack (or an attack section in --config)");
    setPath(raw, "attack.images", flags.attackImages);
  }
  const model = String(raw.model ?? MODEL_KINDS[0].name);
  const map = MODEL_FLAGS[model] ?? {};
  for (const [flag, path] of Object.entries(map)) if (typeof path === "string") setPath(raw, path, flags[flag]);
  // --set next: the most specific way to say a setting; then the flags that act on several settings.
  for (const [path, value] of (flags.set as [string, unknown][] | undefined) ?? []) setPath(raw, path, value);
  for (const [flag, custom] of Object.entries(map)) if (typeof custom !== "string" && flags[flag] !== undefined) custom.apply(raw, flags[flag]);
  for (const [m, other] of Object.entries(MODEL_FLAGS)) {
    if (m === model) continue;
    for (const flag of Object.keys(other)) {
      if (flags[flag] !== undefined && !(flag in map)) throw new Error(`--${kebab(flag)} applies to --model ${m}, not ${model}`);
    }
  }
  return raw;
}





/** `hebblab train`: train a model, write results JSON, receptive fields and optionally the model. */
export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description("train a model (default: Krotov–Hopfield + linear readout) and write a results JSON")
    .option("--config <file>", "JSON config (flags override it)")
    .option("--preset <name>", "start from a named preset (`hebblab presets` lists them); --config and flags override it")
    .option("--model <kind>", `model kind: ${MODEL_KINDS.map((k) => `${k.name} (${k.description})`).join("; ")}`)
    .option("--data <source>", `data source: ${DATA_SOURCES.map((d) => `${d.syntax} (${d.description})`).join("; ")}`)
    .option("--train-size <n>", "training images to use", int)
    .option("--test-size <n>", "test images to use", int)
    .option("--seed <n>", "random seed", int)
    .option("--set <path=value>", "any config setting by its path, repeatable (e.g. --set softhebb.tInv=10; `hebblab config` lists them)", parseSetting)
    .option("--kernels <build>", "kernel build: auto | simd | scalar | relaxed")
    .option("--threads <n>", "threads for the WASM kernels (default: every core)", threadCount)
    .option("--out <file>", "results JSON", "results/train.json")
    .option("--fields <file>", "receptive-field picture (PNG; default: next to --out)")
    .option("--save <dir>", "save the trained model here (for `hebblab attack`)")
    .option("--attack", "attack the trained model as the last step (FGSM, PGD-L∞, noise; as `hebblab attack`)")
    .option("--attack-images <n>", "test images the attack step uses (default 1000)", int)
    .option("--resume", "continue a stopped run from its checkpoint (OUT.checkpoint); same config required")
    .option("--checkpoint-every <seconds>", "write the checkpoint at most this often (also when training ends, and on SIGTERM/SIGINT, which then exit with 143/130); 0: after every epoch", num, 60)
    .option("--progress", "draw the progress bar even when stderr is not a terminal");
  addModelFlags(cmd).action(async (flags: Record<string, unknown>) => {
      const raw = await configFromFlags(flags);
      // Before any work: an unusable output place is found in a second, not after the training.
      await checkWritableFile(String(flags.out), "--out");
      if (flags.fields) await checkWritableFile(String(flags.fields), "--fields");
      if (flags.save) await checkWritableDir(String(flags.save), "--save");
      const outPath = String(flags.out);
      const base = outPath.replace(/\.json$/i, "");
      // Next to --out, on a time budget; --resume continues from it, otherwise a new run replaces it.
      const file = fileCheckpoints(`${base}.checkpoint`);
      if (!flags.resume) file.clear();
      const checkpoints = budgetedCheckpoints(file, flags.checkpointEvery as number);
      const bar = terminalProgress(!!flags.progress);
      let out;
      try {
        const resume = `continue with the same command and --resume (checkpoint ${base}.checkpoint)`;
        out = await interruptible(checkpoints, resume, () => runTraining(raw, { onProgress: bar.onProgress, versions: versions(), checkpoints }));
      } finally {
        bar.stop();
      }
      const { results, model, artifacts } = out;
      results.timings.checkpoints = checkpoints.stats();
      const written: string[] = [];
      for (const [name, data] of Object.entries(artifacts)) {
        const path = name === "fields.png" && flags.fields ? String(flags.fields) : `${base}.${name}`;
        await writeAtomic(path, data);
        written.push(path);
      }
      if (flags.save) {
        await saveModel(String(flags.save), model, { config: results.config, metrics: results.metrics, seed: results.seed });
        written.push(String(flags.save));
      }
      await writeJson(outPath, results);
      written.push(outPath);
      checkpoints.clear();
      model.dispose();
      const m = results.metrics;
      process.stdout.write(
        `test accuracy ${(m.testAccuracy * 100).toFixed(2)} % (${results.data.test} images)` +
          ` | ${results.timings.epochSeconds.length} epochs, ${results.timings.totalSeconds.toFixed(1)} s total` +
          ` | kernels ${results.backend.kernels} on ${results.backend.threads} thread${results.backend.threads === 1 ? "" : "s"}, tfjs ${results.backend.tfjs}\n` +
          convergenceLine(m.convergence) +
          spectrumLine(m.spectrum) +
          (results.attack ? attackLine(results.attack) : "") +
          `wrote ${written.join(", ")}\n`,
      );
      for (const w of results.warnings) process.stderr.write(`hebblab: warning: ${w}\n`);
    });
}

/** One line on the local layer's convergence (LocalLearning criterion), when the run has one. */
function convergenceLine(c: unknown): string {
  if (!c || typeof c !== "object") return "";
  const { converged, final, epochsRun, stoppedEarly } = c as { converged: boolean; final: { fractionConverged: number; wrongAttractor: number; neverWon: number | null; norms: { median: number } }; epochsRun: number; stoppedEarly: boolean };
  return (
    `convergence after ${epochsRun} epochs${stoppedEarly ? " (stopped when met)" : ""}: ${(final.fractionConverged * 100).toFixed(1)} % of units on the p-sphere, ` +
    `median ‖W‖_p ${final.norms.median.toFixed(4)}, ${final.wrongAttractor} wrong-attractor, ${final.neverWon ?? "?"} never won — ${converged ? "converged" : "NOT converged"}\n`
  );
}

/** One line on the power-law exponent of the representation, or why there is none. */
function spectrumLine(s: unknown): string {
  if (!s || typeof s !== "object") return "";
  const sp = s as { representation?: string; alphaWeighted?: number | null; alphaUnweighted?: number | null; error?: string; fitWeighted?: { ranks: readonly number[] } };
  if (sp.alphaWeighted == null || sp.alphaUnweighted == null) return `spectrum of ${sp.representation}: no α (${sp.error ?? "not computed"})\n`;
  const r = sp.fitWeighted?.ranks;
  return `spectrum of ${sp.representation}: α = ${sp.alphaWeighted.toFixed(3)} (weighted, Stringer) / ${sp.alphaUnweighted.toFixed(3)} (unweighted)${r ? `, ranks ${r[0]}–${r[1]}` : ""}\n`;
}

/** One line per attack step: PGD/FGSM accuracy at each ε and whether the sanity checks passed. */
function attackLine(rep: NonNullable<TrainResults["attack"]>): string {
  const byAttack = new Map<string, string[]>();
  for (const r of rep.results) {
    const list = byAttack.get(r.attack) ?? [];
    list.push(`${r.eps}: ${(r.accuracy * 100).toFixed(1)}%`);
    byAttack.set(r.attack, list);
  }
  const lines = [...byAttack].map(([a, l]) => `  ${a}  ${l.join("  ")}`);
  return `robust accuracy (ε: accuracy)\n${lines.join("\n")}\nsanity checks ${rep.sanity.passed ? "passed" : "FAILED: " + rep.sanity.checks.filter((c) => !c.passed).map((c) => c.name).join(", ")}\n`;
}
