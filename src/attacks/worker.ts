// An attack worker thread (started by createJobRunner in parallel.ts, always from dist/): its own
// tfjs on the wasm backend, its own copy of the model, and the images; it takes jobs from the shared
// queue of each phase until the queue is empty and posts one result per job.
import { parentPort, workerData } from "node:worker_threads";
import { modelFromArtifacts } from "../kinds/registry.js";
import { initTf } from "../tf.js";
import { runJob, type JobEnv } from "./jobs.js";
import { takeFront, type FromWorker, type ToWorker, type WorkerInit } from "./parallel.js";

const port = parentPort;
if (!port) throw new Error("attacks/worker.js runs as a worker thread only");
const post = (m: FromWorker) => port.postMessage(m);

let env: JobEnv;
try {
  const init = workerData as WorkerInit;
  await initTf();
  env = { model: await modelFromArtifacts(init.artifacts), cfg: init.cfg, images: init.images, labels: init.labels, dim: init.dim };
  post({ type: "ready" });
} catch (e) {
  post({ type: "error", phase: 0, i: -1, message: (e as Error).stack ?? String(e) });
  throw e;
}

port.on("message", async (m: ToWorker) => {
  if (m.type !== "phase") return;
  for (let p = takeFront(m.queue); p >= 0; p = takeFront(m.queue)) {
    try {
      post({ type: "result", phase: m.phase, i: p, result: await runJob(env, m.jobs[p]) });
    } catch (e) {
      post({ type: "error", phase: m.phase, i: p, message: (e as Error).message, stack: (e as Error).stack });
      break;
    }
  }
  post({ type: "phaseDone", phase: m.phase });
});
