/** A sweep worker thread: trains one run and posts its summary (or error). */
import { parentPort, workerData } from 'node:worker_threads';
import { runTraining, type TrainRunOptions } from './train-run.js';

let stop = false;
parentPort?.on('message', (m) => {
  if (m === 'stop') stop = true;
});
const options = workerData as TrainRunOptions;
runTraining({ ...options, shouldStop: () => stop })
  .then((summary) => parentPort?.postMessage({ summary }))
  .catch((e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) }))
  .finally(() => parentPort?.close());
