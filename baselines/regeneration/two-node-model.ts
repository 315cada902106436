/**
 * The two-node, all-exponential system that the exact solver handles
 * (docs/model.md §2-§3), read from a scenario, and the balancing it applies at t_b
 * (the simulator's own arithmetic: `twoNodeBatch` from envs/sim/balance.ts).
 *
 * Anything else (more nodes, a non-exponential service, communication or
 * transfer delay) is rejected with an Error naming what is wrong.
 */
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import { type TargetRule, mixedTargetWeights, twoNodeBatch } from '../../envs/sim/balance.js';
import type { Scenario, UnknownQueue } from '../../envs/sim/scenario.js';
import { validateLoads } from '../../envs/sim/scenario.js';
import { type TransferModel, transferMean } from '../../envs/sim/transfer-delay.js';
import { requireExponentialScenario } from './n-node-model.js';

export interface TwoNodeModel {
  /** Service rates lambda_1, lambda_2 (tasks/s). */
  readonly rates: readonly [number, number];
  /** Mean delay of the message that informs node i: `informMean[0]` is c_21 (2 -> 1). */
  readonly informMean: readonly [number, number];
  readonly transfer: TransferModel;
  /** Capacity weights when averaging is capacity-weighted, else null. */
  readonly weights: readonly [number, number] | null;
  readonly unknownQueue: UnknownQueue;
}

const WHAT = 'the exact regeneration solver needs two nodes and exponential service, communication and transfer delays';

/** Reads the solver's model from a scenario; throws when the scenario is outside it. */
export function twoNodeModel(scenario: Scenario): TwoNodeModel {
  const nodes = scenario.nodes;
  if (!Array.isArray(nodes) || nodes.length !== 2) {
    throw new Error(`${WHAT}: scenario.nodes has ${Array.isArray(nodes) ? nodes.length : 'no'} nodes`);
  }
  requireExponentialScenario(scenario, WHAT);
  const sc = compileScenario(scenario);
  const w = sc.weights;
  return {
    rates: [sc.rates[0]!, sc.rates[1]!],
    informMean: [sc.commMeans[1 * 2 + 0]!, sc.commMeans[0 * 2 + 1]!],
    transfer: sc.transferModel,
    weights: w === null ? null : [w[0]!, w[1]!],
    unknownQueue: sc.unknownQueue,
  };
}

/** Validated initial loads `[M, N]`. */
export function twoNodeLoads(loads: ArrayLike<number>): [number, number] {
  const l = validateLoads(Array.from(loads), 2, 'loads');
  return [l[0]!, l[1]!];
}

/** Target weights of the two nodes (null: the plain average). */
export type TwoNodeWeights = readonly [number, number] | null;

/**
 * The batch node `i` sends at t_b when it holds `queue` tasks, is informed
 * (`informed`) or not, started from `loads`, with gain K (docs/model.md §2.3),
 * under the target weights `weights` (the model's own by default).
 */
export function batchSent(
  model: TwoNodeModel,
  loads: readonly [number, number],
  i: 0 | 1,
  queue: number,
  informed: boolean,
  K: number,
  weights: TwoNodeWeights = model.weights,
): number {
  if (queue === 0 || K === 0) return 0;
  const view = informed ? loads[1 - i]! : model.unknownQueue === 'zero' ? 0 : queue;
  return twoNodeBatch(queue, view, K, weights === null ? null : weights[i]);
}

/**
 * The weights of a target rule for the model's rates: null for `plain`,
 * the capacity weights for `capacity`, the mix of envs/sim/balance.ts for
 * `learned` at `alpha`.
 */
export function twoNodeWeights(model: TwoNodeModel, target: TargetRule, alpha = 0): TwoNodeWeights {
  if (target === 'plain') return null;
  const w = mixedTargetWeights(model.rates, target === 'capacity' ? 1 : alpha, new Float64Array(2));
  return [w[0]!, w[1]!];
}

/** Mean transfer delay theta(L) of a batch of L > 0 tasks. */
export function transferDelayMean(model: TwoNodeModel, tasks: number): number {
  return transferMean(model.transfer, tasks);
}
