/**
 * Benchmarks of the exact n-node solver (docs/model.md §3.8), cold (shared
 * survival tables cleared before each figure): one point on hetero-3 at its
 * default loads (60, 30, 0) (target <= 2 s) and on hetero-4 at
 * (120, 60, 30, 0) (target <= 30 s), each the slowest of four knowledge
 * regimes, every measure (completion and the three fairness indices); the
 * optimum over a common (K, t_b) on hetero-3 at (60, 30, 0); and the same
 * machine's two-node point (100, 50) as a reference for the ratios.
 */
import { expectedCompletion } from '../baselines/regeneration/api.js';
import { nNodeRewardOptimum, nNodeRewardReport } from '../baselines/regeneration/n-node-api.js';
import { clearSharedSurvivalTables } from '../baselines/regeneration/solver.js';
import { preset } from '../envs/sim/presets.js';
import type { Figure } from './figure.js';

const POINTS = [
  { K: 1, tb: 0 },
  { K: 0.8, tb: 0.1 },
  { K: 1, tb: 1.2 },
  { K: 0.7, tb: 3 },
];

function seconds(fn: () => void): number {
  clearSharedSurvivalTables();
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

function slowestPoint(name: string, loads: number[]): number {
  const scenario = preset(name);
  return Math.max(...POINTS.map((p) => seconds(() => nNodeRewardReport(scenario, loads, p, {}, {}, true))));
}

export function benchNNode(): Figure[] {
  // Warm-up (JIT) on a small problem.
  nNodeRewardReport(preset('hetero-3'), [6, 3, 0], { K: 1, tb: 0.1 }, {}, {}, true);
  const reference = seconds(() => expectedCompletion(preset('wireless-lan'), [100, 50], { K: 0.5, tb: 0.119 }));
  const three = slowestPoint('hetero-3', [60, 30, 0]);
  const four = slowestPoint('hetero-4', [120, 60, 30, 0]);
  const optimum = seconds(() => nNodeRewardOptimum(preset('hetero-3'), [60, 30, 0]));
  return [
    { label: 'n-node: hetero-3 (60,30,0), one point, all measures, slowest of 4', value: three, unit: 's', target: '<= 2' },
    { label: 'n-node: hetero-4 (120,60,30,0), one point, all measures, slowest of 4', value: four, unit: 's', target: '<= 30' },
    { label: 'n-node: hetero-3 (60,30,0), optimum over common (K, t_b)', value: optimum, unit: 's' },
    { label: 'n-node: ratio hetero-3 point / two-node point (100,50)', value: three / reference, unit: 'x' },
    { label: 'n-node: ratio hetero-4 point / two-node point (100,50)', value: four / reference, unit: 'x' },
  ];
}
