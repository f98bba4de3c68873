#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { registerTrain } from "./train.js";
import { registerAttack } from "./attack.js";
import { registerSpectrum } from "./spectrum.js";
import { registerPresets } from "./presets.js";
import { registerStudy } from "./compare.js";
import { registerStatus } from "./status.js";
import { registerConfig } from "./config.js";
import { registerGeometry } from "./geometry.js";

/** The `hebblab` command line: each subcommand lives in its own file and only builds a config. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("hebblab")
    .description("WASM-accelerated local (Krotov–Hopfield) learning, power-law spectra and adversarial robustness");
  registerTrain(program);
  registerAttack(program);
  registerSpectrum(program);
  registerPresets(program);
  registerStudy(program);
  registerStatus(program);
  registerConfig(program);
  registerGeometry(program);
  return program;
}

/** Runs the CLI on `argv` (as in process.argv); errors are printed as one line and exit 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.stderr.write(`hebblab: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

/**
 * Relaxed SIMD for the executable. Node 20 has it behind a V8 flag that NODE_OPTIONS refuses (Node ≥ 21
 * and Chrome have it on); set here, before anything compiles, `kernels: auto` picks the `relaxed`
 * build's FMA GEMM as it does in Chrome: `hebblab attack` PGD ×1.19 end to end on this VM
 * (bench/results/backprop.json). The flag is process-wide (attack workers, pool workers inherit it)
 * and only admits more instructions; results record the build (`backend.kernels`, `kernels`).
 * On Node 20 `HEBBLAB_RELAXED_SIMD=0` keeps the plain build (numbers as before; FMA changes last bits);
 * on any engine a run's `kernels: simd` (`--kernels simd`) does. Returns false when the variable turned it off.
 * Not when hebblab is imported (tests, user code): a library does not change its host's V8 flags.
 */
export function enableRelaxedSimd(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.HEBBLAB_RELAXED_SIMD === "0") return false;
  // V8 ≥ 11.4 (Node ≥ 21) has it on and no longer knows the flag (setting it would print an error).
  if (Number(process.versions.node.split(".")[0]) <= 20) setFlagsFromString("--experimental-wasm-relaxed-simd");
  return true;
}

// Run only when executed (also through npm's bin symlink), not when imported by tests.
const entry = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (entry === fileURLToPath(import.meta.url)) {
  enableRelaxedSimd();
  // `hebblab config | head`: a closed pipe ends the listing, not with a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  void main(process.argv);
}
