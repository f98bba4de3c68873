/** Whether this code runs in Node (rather than a browser page or worker): the one place that asks. */
export function isNode(): boolean {
  return typeof process !== "undefined" && !!process.versions?.node;
}

/**
 * Lets Node's event loop run once (`setImmediate`), so a signal handler (SIGTERM from a scheduler,
 * SIGINT) can run between units of otherwise synchronous work such as a local rule's epochs; `await`
 * on a settled promise alone never gets there. Elsewhere (a browser worker has no signals) it resolves
 * at once, so the page pays no timer clamp per step.
 */
export function yieldToSignals(): Promise<void> {
  return isNode() && typeof setImmediate === "function" ? new Promise((r) => setImmediate(r)) : Promise.resolve();
}

/** Runs a generator of synchronous steps to its return value at once (the caller that need not yield). */
export function runSteps<R>(steps: Generator<unknown, R, void>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs a generator of synchronous steps to its return value, with {@link yieldToSignals} between steps. */
export async function runYielding<R>(steps: Generator<unknown, R, void>): Promise<R> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await yieldToSignals();
  }
}
