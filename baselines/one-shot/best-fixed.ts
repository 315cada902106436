/**
 * The best fixed `(K, t_b)` for an environment's load distribution, found by
 * Monte-Carlo grid search: every grid point is evaluated on the same seeds
 * (common random numbers) and the one with the highest mean reward wins.
 * A context-free baseline: one action for every initial load.
 */
import { OneShotEnv, type OneShotEnvOptions } from '../../envs/one-shot-env.js';
import { requirePositiveInt } from '../../envs/sim/validation.js';

export interface BestFixedOptions {
  /** Gains to try. @default 0, 0.1, ..., 1 */
  KGrid?: number[];
  /** Instants to try (s). @default 0, 0.25, ..., tbMax */
  tbGrid?: number[];
  /** Episodes per grid point. @default 2000 */
  episodes?: number;
  /** Seed shared by every grid point. @default 0 */
  seed?: number;
}

export interface BestFixedResult {
  K: number;
  tb: number;
  meanReward: number;
  evaluated: number;
}

export function bestFixedAction(envOptions: OneShotEnvOptions, options: BestFixedOptions = {}): BestFixedResult {
  const env = new OneShotEnv(envOptions);
  const KGrid = options.KGrid ?? Array.from({ length: 11 }, (_, i) => i / 10);
  const tbGrid = options.tbGrid ?? Array.from({ length: Math.floor(env.tbMax / 0.25) + 1 }, (_, i) => i * 0.25);
  const episodes = requirePositiveInt(options.episodes ?? 2000, 'episodes');
  const seed = options.seed ?? 0;
  let best: BestFixedResult = { K: 0, tb: 0, meanReward: -Infinity, evaluated: 0 };
  const action = new Float32Array(2);
  let evaluated = 0;
  for (const K of KGrid) {
    for (const tb of tbGrid) {
      action[0] = K;
      action[1] = tb;
      let sum = 0;
      env.reset({ seed });
      for (let e = 0; e < episodes; e++) {
        if (e > 0) env.reset();
        sum += env.step(action).reward;
      }
      evaluated++;
      const mean = sum / episodes;
      if (mean > best.meanReward) best = { K, tb, meanReward: mean, evaluated: 0 };
    }
  }
  env.close();
  return { ...best, evaluated };
}
