/** A worker thread that fills the disk cache of regeneration optima for a list of load pairs. */
import { parentPort, workerData } from 'node:worker_threads';
import { cachedOptimum } from '../baselines/regeneration/optimum-cache.js';
import type { Scenario } from '../envs/sim/scenario.js';

const { scenario, pairs } = workerData as { scenario: Scenario; pairs: [number, number][] };
for (const p of pairs) cachedOptimum(scenario, p);
parentPort?.postMessage('done');
