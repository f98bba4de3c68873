import type { Command } from "commander";
import { configFields } from "../runner/configDoc.js";
import { referenceMarkdown, studyFields } from "../runner/study/config.js";

/** `hebblab config [prefix]`: every config setting with its type, default and doc (from the schema). */
export function registerConfig(program: Command): void {
  program
    .command("config")
    .description("list every config setting (path, type, default, doc), as the schema describes it")
    .argument("[prefix]", "only settings whose path starts with this (e.g. softhebb, attack.pgd-linf; study: the study file's, study.slurm: the cluster's)")
    .option("--markdown", "print docs/config.md (the Markdown reference) instead")
    .action((prefix: string | undefined, flags: { markdown?: boolean }) => {
      if (flags.markdown) {
        process.stdout.write(referenceMarkdown());
        return;
      }
      const list = [...configFields(), ...studyFields()].filter((f) => !prefix || f.path === prefix || f.path.startsWith(`${prefix}.`) || f.path.startsWith(`${prefix}[`));
      if (list.length === 0) throw new Error(`no config setting starts with '${prefix}' (try \`hebblab config\`)`);
      const dflt = (v: unknown) => (v === undefined ? "" : ` = ${JSON.stringify(v)}`);
      process.stdout.write(list.map((f) => `${f.path}${dflt(f.default)}  (${f.type})\n    ${f.description}\n`).join(""));
    });
}
