/**
 * The delay paper's dynamic policy as an `LB-Dynamic-v0` policy: the
 * regeneration-optimal one-shot balance re-applied at each external arrival.
 * Run it on the env with `trigger: 'arrival'` (its `envKwargs`): every
 * arrival makes the receiving node balance `t_b` seconds later with gain K.
 *
 * At each epoch the policy reads the current loads from the observation (each
 * node's own queue: the diagonal of the views, times `queueScale`) and asks
 * `solve(loads) -> {K, tb}` for the one-shot optimum at those loads; `tb` is
 * clipped to `[0, epoch]`. Answers are cached per load vector. With all
 * queues empty it repeats its previous action.
 *
 * `solve` is injected: `regenerationSolve` (index.ts) gives the exact
 * two-node optimum (`baselines/regeneration`'s `optimalPolicy`); `gridSolve`
 * below is the fallback for n > 2: the best fixed `(K, t_b)` found by
 * Monte-Carlo at one representative load vector (one-shot-grid.ts),
 * computed once and used whatever the loads.
 */
import type { Policy } from '../../envs/core/policy.js';
import { requirePositive, requirePositiveInt } from '../../envs/sim/validation.js';
import { type OneShotGridOptions, bestOneShotOnGrid } from './one-shot-grid.js';
import type { Scenario } from '../../envs/sim/scenario.js';

export interface OneShotSolution {
  K: number;
  tb: number;
}

/** The one-shot optimum for given loads. */
export type OneShotSolve = (loads: readonly number[]) => OneShotSolution;

export interface RepeatedOneShotOptions {
  /** Number of nodes (the observation has 3 n^2 entries). */
  n: number;
  /** The env's `queueScale` (tasks per observation unit). */
  queueScale: number;
  /** The env's epoch (s): the upper bound of the delay. */
  epoch: number;
  solve: OneShotSolve;
  /** @default 'repeated-one-shot' */
  name?: string;
}

export function repeatedOneShotPolicy(options: RepeatedOneShotOptions): Policy {
  const n = requirePositiveInt(options.n, 'n');
  const queueScale = requirePositive(options.queueScale, 'queueScale');
  const epoch = requirePositive(options.epoch, 'epoch');
  const cache = new Map<string, Float32Array>();
  let last: Float32Array = Float32Array.of(0, 0);
  return {
    name: options.name ?? 'repeated-one-shot',
    act(observation: Float32Array): Float32Array {
      if (observation.length !== 3 * n * n) {
        throw new Error(`repeated-one-shot: observation must have 3 n^2 = ${3 * n * n} entries, got ${observation.length}`);
      }
      const loads: number[] = [];
      let total = 0;
      for (let i = 0; i < n; i++) {
        const q = Math.round(observation[i * n + i]! * queueScale);
        loads.push(q);
        total += q;
      }
      if (total === 0) return last.slice();
      const key = loads.join(',');
      let action: Float32Array | undefined = cache.get(key);
      if (action === undefined) {
        const s = options.solve(loads);
        action = Float32Array.of(Math.min(1, Math.max(0, s.K)), Math.min(epoch, Math.max(0, s.tb)));
        cache.set(key, action);
      }
      last = action;
      return action.slice();
    },
  };
}

/**
 * A `solve` that ignores the loads and returns the best fixed grid point at
 * `representativeLoads` (computed once, on first use).
 */
export function gridSolve(scenario: Scenario, representativeLoads: readonly number[], options: OneShotGridOptions = {}): OneShotSolve {
  let cached: OneShotSolution | undefined;
  return () => {
    if (cached === undefined) {
      const r = bestOneShotOnGrid(scenario, representativeLoads, options);
      cached = { K: r.K, tb: r.tb };
    }
    return cached;
  };
}
