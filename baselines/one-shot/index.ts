/**
 * The one-shot baselines `compare` evaluates next to learned agents:
 *
 * | name | action | notes |
 * |---|---|---|
 * | `regeneration-optimal` | the exact optimum `(K*, t_b*)` for the observed loads | two nodes, exponential delays only |
 * | `no-balancing` | `K = 0` | |
 * | `blind-full` | `K = 1, t_b = 0` | every node balances before hearing anything |
 * | `informed-full` | `K = 1, t_b = 3 c` | c = mean communication delay |
 * | `best-fixed` | the best single `(K, t_b)` by Monte-Carlo grid search | context-free |
 * | `blind-full-capacity`, `informed-full-capacity` | as above, capacity-weighted targets | runs the scenario with `averaging: capacity-weighted` |
 * | `random` | uniform in the action box | |
 */
import type { Baseline } from '../baseline.js';
import { OneShotEnv, type OneShotEnvOptions } from '../../envs/one-shot-env.js';
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import { RegenerationOptimal } from '../regeneration/index.js';
import { bestFixedAction, type BestFixedOptions } from './best-fixed.js';
import { FixedActionPolicy } from './fixed-action.js';
import { RandomPolicy } from './random-policy.js';

export const ONE_SHOT_BASELINES = [
  'regeneration-optimal',
  'no-balancing',
  'blind-full',
  'informed-full',
  'best-fixed',
  'blind-full-capacity',
  'informed-full-capacity',
  'random',
] as const;
export type OneShotBaselineName = (typeof ONE_SHOT_BASELINES)[number];

export interface OneShotBaselineOptions {
  seed?: number;
  bestFixed?: BestFixedOptions;
}

/** Whether the exact optimum exists for these env kwargs (else the reason). */
export function regenerationApplies(envKwargs: OneShotEnvOptions): true | string {
  const env = new OneShotEnv(envKwargs);
  const sc = compileScenario(env.scenario);
  if (sc.n !== 2) return `needs two nodes (the scenario has ${sc.n})`;
  if (!sc.allExponential) return 'needs exponential service, communication and transfer delays';
  if (env.rateSpread > 0) return 'needs fixed rates (rateSpread is set)';
  return true;
}

/** Builds the named baselines (all applicable ones by default). */
export function oneShotBaselines(
  envKwargs: OneShotEnvOptions,
  names: readonly string[] = ONE_SHOT_BASELINES,
  options: OneShotBaselineOptions = {},
): Baseline[] {
  const env = new OneShotEnv(envKwargs);
  const sc = compileScenario(env.scenario);
  let commSum = 0;
  for (let i = 0; i < sc.n; i++) for (let j = 0; j < sc.n; j++) if (i !== j) commSum += sc.commMeans[i * sc.n + j]!;
  const c = commSum / (sc.n * (sc.n - 1));
  const informedTb = Math.min(env.tbMax, 3 * c);
  const capacity = { ...envKwargs, scenario: { ...env.scenario, averaging: 'capacity-weighted' as const } };
  const out: Baseline[] = [];
  for (const name of names) {
    switch (name) {
      case 'regeneration-optimal': {
        const ok = regenerationApplies(envKwargs);
        if (ok !== true) {
          if (names !== ONE_SHOT_BASELINES) throw new Error(`baseline regeneration-optimal: ${ok}`);
          break;
        }
        out.push({
          name,
          description: 'exact optimum (K*, t_b*) of the regeneration-theory solver for the observed loads',
          policy: new RegenerationOptimal(env.scenario, { loadScale: env.loadScale }),
        });
        break;
      }
      case 'no-balancing':
        out.push({ name, description: 'K = 0', policy: new FixedActionPolicy(name, 0, 0) });
        break;
      case 'blind-full':
        out.push({ name, description: 'K = 1, t_b = 0', policy: new FixedActionPolicy(name, 1, 0) });
        break;
      case 'informed-full':
        out.push({ name, description: `K = 1, t_b = 3 c = ${informedTb.toFixed(3)} s`, policy: new FixedActionPolicy(name, 1, informedTb) });
        break;
      case 'best-fixed': {
        const best = bestFixedAction(envKwargs, { seed: options.seed ?? 0, ...options.bestFixed });
        out.push({
          name,
          description: `best fixed (K, t_b) = (${best.K}, ${best.tb}) by Monte-Carlo grid search (${best.evaluated} points)`,
          policy: new FixedActionPolicy(name, best.K, best.tb),
        });
        break;
      }
      case 'blind-full-capacity':
        out.push({ name, description: 'K = 1, t_b = 0, capacity-weighted targets', policy: new FixedActionPolicy(name, 1, 0), envKwargs: capacity });
        break;
      case 'informed-full-capacity':
        out.push({
          name,
          description: `K = 1, t_b = ${informedTb.toFixed(3)} s, capacity-weighted targets`,
          policy: new FixedActionPolicy(name, 1, informedTb),
          envKwargs: capacity,
        });
        break;
      case 'random':
        out.push({ name, description: 'uniform in [0, 1] x [0, tbMax]', policy: new RandomPolicy(env.tbMax, options.seed ?? 0) });
        break;
      default:
        throw new Error(`--baselines: unknown one-shot baseline ${JSON.stringify(name)} (known: ${ONE_SHOT_BASELINES.join(', ')})`);
    }
  }
  return out;
}
