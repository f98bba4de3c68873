import type { Command } from "commander";

/** `hebblab train`: placeholder until the runner lands. */
export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train a model and write a results JSON")
    .action(() => {
      throw new Error("train: not implemented yet");
    });
}
