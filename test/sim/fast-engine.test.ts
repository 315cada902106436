import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../../envs/sim/monte-carlo.js';
import { preset } from '../../envs/sim/presets.js';
import type { Scenario } from '../../envs/sim/scenario.js';

/** The fast path and the general engine draw the same laws: their Monte-Carlo means agree. */
describe('fast path agrees with the general engine', () => {
  const weighted: Scenario = { ...preset('hetero-4'), averaging: 'capacity-weighted' };
  const own: Scenario = { ...preset('wireless-lan'), unknownQueue: 'own' };
  const cases: [string, Scenario, number[], { K: number | number[]; tb: number }][] = [
    ['wireless-lan informed', preset('wireless-lan'), [100, 50], { K: 0.9, tb: 5 }],
    ['wireless-lan blind', preset('wireless-lan'), [100, 50], { K: 1, tb: 0 }],
    ['wireless-lan hybrid', preset('wireless-lan'), [20, 40], { K: 0.6, tb: 0.12 }],
    ['wireless-lan empty node', preset('wireless-lan'), [100, 0], { K: 0.8, tb: 1 }],
    ['hetero-4 several batches per node', preset('hetero-4'), [120, 60, 30, 0], { K: 1, tb: 0.05 }],
    ['hetero-4 per-node gains', preset('hetero-4'), [10, 60, 30, 5], { K: [0.2, 1, 0.5, 0.9], tb: 2 }],
    ['hetero-4 capacity-weighted', weighted, [80, 10, 10, 40], { K: 0.7, tb: 0.3 }],
    ['unknown queue assumed equal to own', own, [60, 20], { K: 1, tb: 0.1 }],
  ];
  for (const [name, scenario, loads, action] of cases) {
    it(name, () => {
      const episodes = 60_000;
      const f = monteCarlo(scenario, loads, action, { episodes, seed: 101, engine: 'fast' });
      const g = monteCarlo(scenario, loads, action, { episodes, seed: 202, engine: 'general' });
      const se = Math.hypot(f.stdError, g.stdError);
      expect(Math.abs(f.meanCompletion - g.meanCompletion)).toBeLessThanOrEqual(4 * se);
      expect(Math.abs(f.jainFinish - g.jainFinish)).toBeLessThanOrEqual(4 * Math.hypot(f.jainFinishStdError, g.jainFinishStdError) + 1e-12);
      // Tasks moved: compare within a loose multiple (their SE is not tracked).
      expect(Math.abs(f.meanTasksMoved - g.meanTasksMoved)).toBeLessThanOrEqual(0.02 * Math.max(1, g.meanTasksMoved));
      expect(Math.abs(f.informedFraction - g.informedFraction)).toBeLessThan(0.01);
      expect(f.engine).toBe('fast');
      expect(g.engine).toBe('general');
    });
  }
  it('the fast path refuses what it cannot do', () => {
    const lognormal: Scenario = { ...preset('wireless-lan'), comm: { family: 'lognormal', mean: 0.1, cv: 1 } };
    expect(() => monteCarlo(lognormal, [10, 10], { K: 1, tb: 1 }, { episodes: 10, seed: 1, engine: 'fast' })).toThrow(/fast path needs exponential/);
    expect(() => monteCarlo(preset('wireless-lan'), [10, 10], { K: 1, tb: [1, 2] }, { episodes: 10, seed: 1, engine: 'fast' })).toThrow(/one common t_b/);
    expect(monteCarlo(lognormal, [10, 10], { K: 1, tb: 1 }, { episodes: 10, seed: 1 }).engine).toBe('general');
  });
});
