#!/usr/bin/env node
import { Command } from "commander";
import { registerTrain } from "./train.js";
import { registerAttack } from "./attack.js";
import { registerSpectrum } from "./spectrum.js";

/** The `hebblab` command line: each subcommand lives in its own file and only builds a config. */
const program = new Command();
program
  .name("hebblab")
  .description("WASM-accelerated local (Krotov–Hopfield) learning, power-law spectra and adversarial robustness");
registerTrain(program);
registerAttack(program);
registerSpectrum(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`hebblab: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
