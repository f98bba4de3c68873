import type { Command } from "commander";
/** `hebblab compare`, `hebblab run JOB.json`, `hebblab report DIR`. */
export declare function registerStudy(program: Command): void;
