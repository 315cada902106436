/**
 * `npm run bench`: prints the performance figures that the issues set targets
 * for. Figures, not pass/fail tests (timings belong here, not in the tests).
 * Run a single section with `npm run bench -- simulator`.
 */
import { printFigures } from './figure.js';
import { benchBridge } from './bridge.js';
import { benchDispatch } from './dispatch.js';
import { benchDynamic } from './dynamic.js';
import { benchRegeneration } from './regeneration.js';
import { benchNNode } from './n-node.js';
import { benchCompareCold, benchOptima } from './optima.js';
import { benchEnvs } from './envs.js';
import type { Figure } from './figure.js';
import { benchSimdDot } from './simd-dot.js';
import { benchSimulator } from './simulator.js';
import { benchTraining } from './training.js';

const SECTIONS: Record<string, () => Promise<Figure[]> | Figure[]> = {
  simulator: benchSimulator,
  envs: benchEnvs,
  regeneration: benchRegeneration,
  'n-node': benchNNode,
  dot: benchSimdDot,
  optima: benchOptima,
  compare: benchCompareCold,
  dispatch: benchDispatch,
  dynamic: benchDynamic,
  training: benchTraining,
  bridge: benchBridge,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(SECTIONS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  printFigures(name, await run());
}
