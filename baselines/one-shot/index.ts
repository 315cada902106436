/**
 * The one-shot baselines `compare` evaluates next to learned agents:
 *
 * | name | action | notes |
 * |---|---|---|
 * | `regeneration-optimal` | the exact optimum of the env's reward over the env's own action family (its `target` rule) for the observed loads; for the default `completion` reward and `plain` target, the delay paper's regeneration-optimal `(K*, t_b*)` | two nodes, exponential delays only |
 * | `optimal-learned-target` | the exact optimum over the widest family `(K, t_b, alpha)` (target `learned`) | as above; only when the env's family is narrower, and only when named (one optimum costs several plain searches; compare's note gives its exact value on the load grid) |
 * | `completion-optimal` | the regeneration-optimal `(K*, t_b*)` of the completion time, scored under the env's fairness reward (what fairness costs) | as above; only when the reward is not `completion` |
 * | `no-balancing` | `K = 0` | |
 * | `blind-full` | `K = 1, t_b = 0` | every node balances before hearing anything |
 * | `informed-full` | `K = 1, t_b = 3 c` | c = mean communication delay |
 * | `best-fixed` | the best single `(K, t_b)` by Monte-Carlo grid search | context-free |
 * | `blind-full-capacity`, `informed-full-capacity` | as above, capacity-weighted targets | runs with `target: 'capacity'` |
 *
 * The fixed rules act `[K, t_b]`: in an env with `target: 'learned'` they run
 * with `target: 'plain'` (or `capacity`). For the rewards that need
 * `E[J(T_1, T_2)]` (`jain-finish`, `fair-completion`) one optimum costs seconds,
 * so the per-episode optimum baselines are left out of the default list (name
 * them with `--baselines` to include them); the exact regret of every row is
 * still measured against the optimum on the 5 x 5 load grid.
 * | `random` | uniform in the action box | |
 */
import { type Baseline, unknownBaseline } from '../baseline.js';
import { ConfigError } from '../../envs/sim/validation.js';
import { OneShotEnv, type OneShotEnvOptions } from '../../envs/one-shot-env.js';
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import type { TargetRule } from '../../envs/sim/balance.js';
import { RegenerationOptimal } from '../regeneration/index.js';
import { needsJain, rewardSpecOf } from '../regeneration/reward-api.js';
import { bestFixedAction, type BestFixedOptions } from './best-fixed.js';
import { FixedActionPolicy } from './fixed-action.js';
import { RandomPolicy } from './random-policy.js';

export const ONE_SHOT_BASELINES = [
  'regeneration-optimal',
  'optimal-learned-target',
  'completion-optimal',
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
  const capacity = { ...envKwargs, target: 'capacity' as const };
  const learned = env.target === 'learned';
  // The fixed rules act [K, t_b]: in a learned-target env they run with the plain target.
  const plainKwargs = learned ? { envKwargs: { ...envKwargs, target: 'plain' as const } } : {};
  const explicit = names !== ONE_SHOT_BASELINES;
  const spec = rewardSpecOf(env, envKwargs);
  const costly = needsJain(env.reward);
  const out: Baseline[] = [];
  for (const name of names) {
    switch (name) {
      case 'regeneration-optimal':
      case 'optimal-learned-target':
      case 'completion-optimal': {
        const ok = regenerationApplies(envKwargs);
        if (ok !== true) {
          if (explicit) throw new ConfigError('baselines', name, `a baseline that applies (${ok})`);
          break;
        }
        if (name === 'optimal-learned-target' && learned) {
          if (explicit) throw new ConfigError('baselines', name, `a baseline that applies (the env's own family is already the learned target: use regeneration-optimal)`);
          break;
        }
        if (name === 'completion-optimal' && env.reward === 'completion') {
          if (explicit) throw new ConfigError('baselines', name, `a baseline that applies (the env's reward is already completion: use regeneration-optimal)`);
          break;
        }
        if (name !== 'completion-optimal' && costly && !explicit) break;
        // The widest family's optimum costs several plain searches per load pair: by name only
        // (compare's note gives its exact value on the load grid either way).
        if (name === 'optimal-learned-target' && !explicit) break;
        const scale = { loadScale: env.loadScale };
        if (name === 'regeneration-optimal') {
          const paper = env.reward === 'completion' && env.target !== 'learned';
          out.push({
            name,
            description: paper
              ? `exact optimum (K*, t_b*) of the regeneration-theory solver for the observed loads (${env.target} targets)`
              : `exact optimum of ${env.reward} over ${familyName(env.target)} for the observed loads`,
            // Always the optimum evaluated at float32 actions, as the env receives them (the same
            // optimum the regret is measured against; for completion it is the paper's rule).
            policy: new RegenerationOptimal(env.scenario, { ...scale, reward: spec }),
          });
        } else if (name === 'optimal-learned-target') {
          out.push({
            name,
            description: `exact optimum of ${env.reward} over the widest family, ${familyName('learned')}, for the observed loads`,
            policy: new RegenerationOptimal(env.scenario, { ...scale, reward: { ...spec, target: 'learned' } }),
            envKwargs: { ...envKwargs, target: 'learned' },
          });
        } else {
          out.push({
            name,
            description: `regeneration-optimal (K*, t_b*) of the completion time (${learned ? 'plain' : env.target} targets), scored under ${env.reward}`,
            policy: new RegenerationOptimal(env.scenario, { ...scale, reward: { reward: 'completion', target: learned ? 'plain' : env.target } }),
            ...plainKwargs,
          });
        }
        break;
      }
      case 'no-balancing':
        out.push({ name, description: 'K = 0', policy: new FixedActionPolicy(name, 0, 0), ...plainKwargs });
        break;
      case 'blind-full':
        out.push({ name, description: 'K = 1, t_b = 0', policy: new FixedActionPolicy(name, 1, 0), ...plainKwargs });
        break;
      case 'informed-full':
        out.push({ name, description: `K = 1, t_b = 3 c = ${informedTb.toFixed(3)} s`, policy: new FixedActionPolicy(name, 1, informedTb), ...plainKwargs });
        break;
      case 'best-fixed': {
        const kw = learned ? { ...envKwargs, target: 'plain' as const } : envKwargs;
        const best = bestFixedAction(kw, { seed: options.seed ?? 0, ...options.bestFixed });
        out.push({
          name,
          description: `best fixed (K, t_b) = (${best.K}, ${best.tb}) by Monte-Carlo grid search (${best.evaluated} points)`,
          policy: new FixedActionPolicy(name, best.K, best.tb),
          ...plainKwargs,
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
        out.push({ name, description: 'uniform in [0, 1] x [0, tbMax]', policy: new RandomPolicy(env.tbMax, options.seed ?? 0), ...plainKwargs });
        break;
      default:
        throw unknownBaseline(name, ONE_SHOT_BASELINES);
    }
  }
  return out;
}

/** How a target family reads in a description. */
export function familyName(target: TargetRule): string {
  return target === 'learned' ? '(K, t_b, alpha) with the learned target mix' : `(K, t_b) with ${target} targets`;
}
