#!/usr/bin/env node
import { realpathSync } from "node:fs";
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

// Run only when executed (also through npm's bin symlink), not when imported by tests.
const entry = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (entry === fileURLToPath(import.meta.url)) {
  // `hebblab config | head`: a closed pipe ends the listing, not with a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  void main(process.argv);
}
