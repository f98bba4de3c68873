// A Slurm cluster for the Slurm executor's tests: the one-node cluster of `.ci/slurm-cluster start`
// (as root, Debian's slurm-wlm + munge; .ci/run installs and starts it).
import { execFileSync } from "node:child_process";
import { beforeAll, describe } from "vitest";

/** The node's state as `sinfo` reports it, or why there is none. */
function slurmState(): { up: boolean; why: string } {
  try {
    const state = execFileSync("sinfo", ["-h", "-N", "-o", "%T"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n")[0];
    const up = /^(idle|mixed|allocated|completing)/.test(state);
    return { up, why: up ? "" : `the Slurm node is '${state || "absent"}'` };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const said = String(err.stderr ?? "").trim().split("\n").at(-1) || err.message.split("\n")[0];
    const msg = err.code === "ENOENT" ? "Slurm is not installed (apt-get install slurm-wlm munge)" : `no Slurm controller answers (sinfo: ${said.slice(0, 120)})`;
    return { up: false, why: msg };
  }
}

/**
 * `describe` for tests that need a running Slurm. Without one they are skipped, saying why and how
 * to start it, so `npm test` passes on a machine without Slurm; with `CI=true` (as `.ci/run` runs)
 * they run anyway and a missing cluster fails them.
 */
export function describeWithSlurm(name: string, body: () => void): void {
  const { up, why } = slurmState();
  const ci = process.env.CI === "true";
  const reason = `${why}; start one with '.ci/slurm-cluster start' (as root); CI=true makes this a failure`;
  if (!up && !ci) process.stderr.write(`hebblab tests: skipping "${name}": ${reason}\n`);
  describe.skipIf(!up && !ci)(!up && !ci ? `${name} — skipped: ${reason}` : name, () => {
    beforeAll(() => {
      if (!up) throw new Error(`Slurm needed: ${why}; '.ci/slurm-cluster start' (as root) starts the one-node cluster`);
    });
    body();
  });
}
