/**
 * The classic front-end dispatch rules as baselines of `LB-Dispatch-v0` and
 * `LB-DispatchMulti-v0` (docs/model.md §4.7): each is `{name, policy, envKwargs}`,
 * where `envKwargs` sets the environment's `rule` kwarg so that the rule
 * routes every task inside the simulator, and the policy returns a valid
 * action (uniform weights) that the environment then ignores. Run a baseline
 * by making the env with `{...kwargs, ...baseline.envKwargs}` and acting
 * with `baseline.policy`.
 *
 * | name | rule |
 * |---|---|
 * | `ecmp` | uniform |
 * | `wcmp` | proportional to capacity |
 * | `lsq` | fewest own outstanding |
 * | `sed` | min (1 + own outstanding_i) / capacity_i |
 * | `po2` | power of two choices on own outstanding |
 * | `active-wcmp` | capacity / (1 + true queue polled every pollInterval s) |
 * | `oracle` | min (true queue_i + 1) / rate_i (sees the true state) |
 */
import type { Policy } from '../../envs/core/policy.js';
import { CLASSIC_RULES, type DispatchRule } from '../../envs/sim/dispatch/rules.js';

export interface DispatchBaseline {
  name: string;
  policy: Policy;
  envKwargs: Record<string, unknown>;
}

/**
 * A policy for an environment whose fixed rule ignores the action: returns
 * uniform weights (all ones, a valid action in either action mode) for
 * `nodes` nodes, or, when `nodes` is not given, sized from a basic
 * observation (`2n` values for `n` nodes).
 */
export class FixedRulePolicy implements Policy {
  constructor(
    readonly name: string,
    readonly nodes?: number,
  ) {}

  act(observation: Float32Array): Float32Array {
    if (this.nodes !== undefined) return new Float32Array(this.nodes).fill(1);
    if (!(observation instanceof Float32Array) || observation.length < 4 || observation.length % 2 !== 0) {
      throw new Error(`${this.name}: expected a dispatch observation of 2n >= 4 values, got length ${(observation as { length?: unknown })?.length}`);
    }
    return new Float32Array(observation.length / 2).fill(1);
  }
}

/**
 * Every classic rule as a baseline, in the order of CLASSIC_RULES; `nodes`
 * sizes their actions (needed with `observation: 'paper'`, whose length is
 * not `2n`).
 */
export function dispatchBaselines(nodes?: number): DispatchBaseline[] {
  return CLASSIC_RULES.map((rule: DispatchRule) => ({
    name: rule,
    policy: new FixedRulePolicy(rule, nodes),
    envKwargs: { rule },
  }));
}
