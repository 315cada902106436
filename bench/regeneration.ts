/**
 * Benchmarks of the exact solver (wired into `npm run bench`): the
 * regeneration-optimal search for (100, 50) on wireless-lan (target <= 2 s on
 * one core) and one expected completion time (target <= 50 ms).
 */
import { expectedCompletion } from '../baselines/regeneration/api.js';
import { optimalPolicy } from '../baselines/regeneration/optimal.js';
import { preset } from '../envs/sim/presets.js';
import type { Figure } from './figure.js';

export function benchRegeneration(): Figure[] {
  const scenario = preset('wireless-lan');
  const loads = [100, 50];
  // Warm-up (JIT) on a small problem.
  optimalPolicy(scenario, [10, 5]);
  let t0 = performance.now();
  const o = optimalPolicy(scenario, loads);
  const optimalSeconds = (performance.now() - t0) / 1000;
  const points = [
    { K: 1, tb: 0 },
    { K: 0.5, tb: 0.119 },
    { K: 0.7, tb: 3 },
    { K: o.K, tb: o.tb },
  ];
  let totalMs = 0;
  let worstMs = 0;
  for (const p of points) {
    t0 = performance.now();
    expectedCompletion(scenario, loads, p);
    const ms = performance.now() - t0;
    totalMs += ms;
    worstMs = Math.max(worstMs, ms);
  }
  return [
    { label: 'regeneration: optimalPolicy (100,50) wireless-lan', value: optimalSeconds, unit: 's' },
    { label: 'regeneration: expectedCompletion (100,50), mean of 4 points', value: totalMs / points.length, unit: 'ms' },
    { label: 'regeneration: expectedCompletion (100,50), slowest of 4 points', value: worstMs, unit: 'ms' },
  ];
}
