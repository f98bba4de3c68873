import type { Command } from "commander";
import { listPresets } from "../runner/presets.js";
import { kindPresets } from "../runner/presets.js";

/** `hebblab presets`: the shipped presets, each with its version, title and source. */
export function registerPresets(program: Command): void {
  program
    .command("presets")
    .description("list the named presets (`train --preset NAME`), with the code they were read from")
    .option("--json", "print them as JSON (the whole preset files)")
    .action(async (flags: { json?: boolean }) => {
      const presets = await listPresets(kindPresets);
      if (flags.json) {
        process.stdout.write(JSON.stringify(presets, null, 2) + "\n");
        return;
      }
      const lines = presets.map((p) => `${p.name} (v${p.version}): ${p.title}\n  source: ${p.source}${p.notes ? `\n  notes: ${p.notes}` : ""}`);
      process.stdout.write(`${lines.join("\n\n")}\n`);
    });
}
