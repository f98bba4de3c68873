import { z } from "zod";

/**
 * Cluster settings of a study run by the Slurm executor (`slurm` section of a study file; the
 * scalar ones also as `hebblab compare` flags, which override the file). Validated once, with
 * errors naming the field; they place jobs and never change a job's numbers (nor its config hash).
 */

/** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS (`man sbatch`, --time). */
const TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2})$/;
/** A word Slurm takes as a name (partition, account, QOS): no spaces, quotes or shell characters. */
const NAME = /^[A-Za-z0-9_.+-]+(,[A-Za-z0-9_.+-]+)*$/;
/** One line of a script: no line breaks (each entry is one line). */
const oneLine = (what: string) => z.string().refine((s) => !/[\r\n]/.test(s), `one ${what} per entry (no line breaks)`);

export const SlurmConfig = z
  .object({
    partition: z.string().regex(NAME, "a partition name (or a comma-separated list), without spaces").optional().describe("Partition of the array tasks and the report job (sbatch --partition); default: the cluster's default partition."),
    time: z
      .string()
      .regex(TIME, "a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS")
      .optional()
      .describe("Time limit of each array task (sbatch --time, e.g. 2:00:00). At the limit Slurm sends SIGTERM: the job writes its checkpoint and the task requeues itself and resumes. Default: the partition's."),
    mem: z.string().regex(/^\d+[KMGT]?$/, "an amount of memory such as 4G or 4000M").optional().describe("Memory per array task (sbatch --mem, e.g. 4G); default: the partition's."),
    cpusPerTask: z.number().int().min(1).max(256).default(1).describe("CPUs of each array task (sbatch --cpus-per-task); the job runs with as many kernel threads (`--threads`). One per task packs the most jobs; the numbers do not depend on it."),
    account: z.string().regex(NAME, "an account name, without spaces").optional().describe("Account charged (sbatch --account)."),
    qos: z.string().regex(NAME, "a QOS name, without spaces").optional().describe("Quality of service (sbatch --qos)."),
    throttle: z.number().int().min(1).optional().describe("At most this many array tasks run at once (the `%M` of sbatch --array=0-(N−1)%M); default: as many as the cluster allows."),
    extra: z
      .array(
        oneLine("sbatch option").refine((s) => /^(#SBATCH\s+)?--?[A-Za-z]/.test(s.trim()), "an sbatch option such as --constraint=avx2 (or a whole '#SBATCH …' line)"),
      )
      .default([])
      .describe("Further sbatch options, one per entry (`--constraint=avx2` or `#SBATCH --gres=…`), added to both scripts as #SBATCH lines."),
    setup: z
      .array(oneLine("shell line"))
      .default([])
      .describe("Shell lines run on the compute node before hebblab (e.g. `module load nodejs/20`): `node` must then be Node ≥ 20."),
    signalSeconds: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("When set, Slurm warns each task this many seconds before its time limit (sbatch --signal=B:USR1@N; Slurm may send it up to a minute early): the job checkpoints and requeues before the limit rather than at it. Without it the SIGTERM at the limit does the same within the cluster's KillWait."),
    maxRequeues: z.number().int().min(0).default(20).describe("A task requeues itself after an interruption (SIGTERM) at most this many times, so a job that can never finish within its time limit stops."),
    reportTime: z.string().regex(TIME, "a Slurm time limit such as 30 or 1:00:00").default("30").describe("Time limit of the report job, which runs `hebblab report` after every array task has ended (sbatch --dependency=afterany)."),
  })
  .strict();
export type SlurmConfig = z.infer<typeof SlurmConfig>;

/** The settings that are also `hebblab compare` flags (the lists are set in the study file). */
export const SLURM_FLAG_FIELDS = ["partition", "time", "mem", "cpusPerTask", "account", "qos", "throttle", "signalSeconds"] as const;
