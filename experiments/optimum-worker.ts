/** A worker thread that fills the disk cache of exact optima for a list of load pairs (optimum-prefill.ts); it reports each pair solved. */
import { parentPort, workerData } from 'node:worker_threads';
import { cachedNNodeOptimum, cachedOptimum, cachedRewardOptimum } from '../baselines/regeneration/optimum-cache.js';
import type { Scenario } from '../envs/sim/scenario.js';
import type { OptimumTask } from './optimum-prefill.js';

const { scenario, tasks } = workerData as { scenario: Scenario; tasks: OptimumTask[] };
for (const t of tasks) {
  if (t.loads.length > 2 || t.family !== 'common') cachedNNodeOptimum(scenario, t.loads, t.spec ?? {}, t.family);
  else if (t.spec === undefined) cachedOptimum(scenario, t.loads);
  else cachedRewardOptimum(scenario, t.loads, t.spec);
  parentPort?.postMessage('solved');
}
parentPort?.postMessage('done');
