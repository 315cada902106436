/**
 * The best fixed one-shot action `(K, t_b)` on a grid, by Monte-Carlo with the
 * one-shot simulator (`monteCarlo`, common random numbers: one seed for every
 * grid point): the fallback of the repeated one-shot policy when no exact
 * solver is given (the regeneration solver covers two nodes only).
 */
import { monteCarlo } from '../../envs/sim/monte-carlo.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { validateLoads } from '../../envs/sim/scenario.js';

export interface OneShotGridOptions {
  /** Gains to try. @default [0.25, 0.5, 0.75, 1] */
  KGrid?: readonly number[];
  /** Balancing instants to try (s). @default [0, 0.25, 0.5, 1, 2] */
  tbGrid?: readonly number[];
  /** Episodes per grid point. @default 200 */
  episodes?: number;
  /** @default 1 */
  seed?: number;
}

export interface OneShotGridResult {
  K: number;
  tb: number;
  /** Estimated mean completion time at the optimum (s). */
  mu: number;
}

export function bestOneShotOnGrid(scenario: Scenario, loads: ArrayLike<number>, options: OneShotGridOptions = {}): OneShotGridResult {
  const l = validateLoads(Array.from(loads), scenario.nodes.length);
  const KGrid = options.KGrid ?? [0.25, 0.5, 0.75, 1];
  const tbGrid = options.tbGrid ?? [0, 0.25, 0.5, 1, 2];
  if (KGrid.length === 0) throw new Error('KGrid: expected a non-empty array of gains, got []');
  if (tbGrid.length === 0) throw new Error('tbGrid: expected a non-empty array of instants, got []');
  let best: OneShotGridResult = { K: KGrid[0]!, tb: tbGrid[0]!, mu: Infinity };
  for (const K of KGrid) {
    for (const tb of tbGrid) {
      const mc = monteCarlo(scenario, l, { K, tb }, { episodes: options.episodes ?? 200, seed: options.seed ?? 1 });
      if (mc.meanCompletion < best.mu) best = { K, tb, mu: mc.meanCompletion };
    }
  }
  return best;
}
