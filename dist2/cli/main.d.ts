#!/usr/bin/env node
import { Command } from "commander";
/** The `hebblab` command line: each subcommand lives in its own file and only builds a config. */
export declare function buildProgram(): Command;
/** Runs the CLI on `argv` (as in process.argv); errors are printed as one line and exit 1. */
export declare function main(argv: string[]): Promise<void>;
