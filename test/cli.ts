// Runs the hebblab CLI inside the test process, capturing what it prints.
import { main } from "../src/cli/main.js";

/** `hebblab ARGS…` with stdout and stderr captured; `process.exitCode` is reset first and left as the command set it. */
export async function runCli(args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    process.exitCode = 0;
    await main(["node", "hebblab", ...args]);
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
  return { out: out.join(""), err: err.join(""), code: Number(process.exitCode ?? 0) };
}
