import { constants } from "node:os";
import type { CheckpointStore } from "./checkpoint.js";

/** Exit status of a run stopped by `signal` after writing its checkpoint: 128 + the signal's number, as a shell reports it (143 for SIGTERM). */
export function interruptedStatus(signal: "SIGTERM" | "SIGINT"): number {
  return 128 + constants.signals[signal];
}

/**
 * Runs `work` so that SIGTERM (a scheduler's time limit or preemption) or SIGINT (Ctrl-C) loses
 * nothing: the handler writes the store's pending checkpoint — always the last finished epoch's —
 * synchronously, says where on stderr, and exits with {@link interruptedStatus}. Training yields to the
 * event loop between epochs (and MLP steps), which is when the handler runs. A second signal during the
 * write is ignored. Node only.
 * @param resume what to run to continue (for the message)
 */
export async function interruptible<T>(store: CheckpointStore, resume: string, work: () => Promise<T>): Promise<T> {
  let stopping = false;
  const handler = (signal: "SIGTERM" | "SIGINT") => {
    if (stopping) return;
    stopping = true;
    let saved = "checkpoint written";
    try {
      store.flush();
    } catch (e) {
      saved = `checkpoint NOT written (${(e as Error).message}); the previous one, if any, stands`;
    }
    process.stderr.write(`\nhebblab: ${signal}: ${saved}; ${resume}\n`);
    process.exit(interruptedStatus(signal));
  };
  const release = onStopSignals(handler);
  try {
    return await work();
  } finally {
    release();
  }
}

/** Calls `handler` on SIGTERM and SIGINT until the returned function removes it. Node only. */
export function onStopSignals(handler: (signal: "SIGTERM" | "SIGINT") => void): () => void {
  const onTerm = () => handler("SIGTERM");
  const onInt = () => handler("SIGINT");
  process.on("SIGTERM", onTerm);
  process.on("SIGINT", onInt);
  return () => {
    process.off("SIGTERM", onTerm);
    process.off("SIGINT", onInt);
  };
}
