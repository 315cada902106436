/** A sweep worker thread: trains one run, evaluates it when the sweep asks, and posts its summary (or error). */
import { parentPort, workerData } from 'node:worker_threads';
import { runTraining } from './train-run.js';
import { evaluateRun } from './policy-loader.js';
import type { SweepWorkerData } from './sweep.js';

let stop = false;
parentPort?.on('message', (m) => {
  if (m === 'stop') stop = true;
});
const { options, evaluate } = workerData as SweepWorkerData;
runTraining({ ...options, shouldStop: () => stop })
  .then(async (summary) => {
    const evaluation = evaluate !== undefined && !summary.stopped ? await evaluateRun(summary.runDir, evaluate.episodes, evaluate.seed ?? 12345) : undefined;
    parentPort?.postMessage({ summary: evaluation === undefined ? summary : { ...summary, evaluation } });
  })
  .catch((e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) }))
  .finally(() => parentPort?.close());
