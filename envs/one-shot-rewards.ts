/**
 * Rewards of the one-shot environments (docs/model.md §5.3). Every reward is
 * computed from one simulated episode; `tRef` normalises times so rewards are
 * O(1) across load levels (dividing by a per-episode constant does not move
 * the optimum of a given context).
 *
 * | name              | reward                                   | what its optimum rewards |
 * |-------------------|------------------------------------------|--------------------------|
 * | `completion`      | `-T / tRef`                              | the regeneration-optimal policy: minimum expected completion time. **Default**, because it is the objective the analytic solver optimises exactly, so learned policies can be measured by exact regret. |
 * | `jain-finish`     | `J(T_1..T_n)`                            | equal per-node finish times; indifferent to how late they are, so a policy that delays everything equally scores as well as a fast one. |
 * | `jain-backlog`    | `J(B_1..B_n)`, `B_i` = speed-normalised backlog `(kept_i + incoming_i) / lambda_i` just after `t_b` | equal work left per node; degenerate at large `t_b` (all queues empty, J = 1): it prefers equal but late. |
 * | `variance`        | `-Var(T_i) / tRef^2`                     | the variance-based fairness potential: equal finish times, again blind to lateness. |
 * | `fair-completion` | `-T / tRef - w (1 - J(T_i))`             | a trade-off: completion time shaped by a fairness penalty of weight `w` (`fairnessWeight`, default 0.5). |
 */
import type { EpisodeResult } from './sim/episode.js';
import { jainIndex, variance } from './sim/fairness.js';
import { invalid } from './sim/validation.js';

export const ONE_SHOT_REWARDS = ['completion', 'jain-finish', 'jain-backlog', 'variance', 'fair-completion'] as const;
export type OneShotReward = (typeof ONE_SHOT_REWARDS)[number];

export function validateReward(v: unknown, field = 'reward'): OneShotReward {
  if (!(ONE_SHOT_REWARDS as readonly unknown[]).includes(v)) invalid(field, v, `one of ${ONE_SHOT_REWARDS.join(', ')}`);
  return v as OneShotReward;
}

/**
 * The reference time of an episode: the completion time of a perfectly
 * balanced fluid system, `sum(m) / sum(lambda)`, at least 1 s.
 */
export function referenceTime(loads: ArrayLike<number>, rates: ArrayLike<number>): number {
  let m = 0;
  let l = 0;
  for (let i = 0; i < loads.length; i++) {
    m += loads[i]!;
    l += rates[i]!;
  }
  return Math.max(1, m / l);
}

/** Speed-normalised backlog just after balancing: (kept + incoming) / lambda per node. */
export function backlogAfterBalance(r: EpisodeResult, rates: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = rates.length;
  for (let k = 0; k < n; k++) {
    let tasks = r.queuesAtBalance[k]!;
    for (let j = 0; j < n; j++) {
      tasks -= r.moved[k * n + j]!;
      tasks += r.moved[j * n + k]!;
    }
    out[k] = tasks / rates[k]!;
  }
  return out;
}

export interface FairnessIndices {
  jainFinish: number;
  jainBacklog: number;
  varianceFinish: number;
}

/** An episode's measures: its completion time and fairness indices. */
export function fairnessIndices(r: EpisodeResult, rates: ArrayLike<number>, scratch: Float64Array): OneShotMeasures {
  return {
    completionTime: r.completionTime,
    jainFinish: jainIndex(r.finishTimes),
    jainBacklog: jainIndex(backlogAfterBalance(r, rates, scratch)),
    varianceFinish: variance(r.finishTimes),
  };
}

/**
 * The measures every one-shot reward is built from: the completion time and
 * the three fairness indices (of one episode, or their expectations: every
 * reward is linear in them, so the same formula gives the expected reward).
 */
export interface OneShotMeasures extends FairnessIndices {
  completionTime: number;
}

export function oneShotReward(kind: OneShotReward, m: OneShotMeasures, tRef: number, fairnessWeight: number): number {
  switch (kind) {
    case 'completion':
      return -m.completionTime / tRef;
    case 'jain-finish':
      return m.jainFinish;
    case 'jain-backlog':
      return m.jainBacklog;
    case 'variance':
      return -m.varianceFinish / (tRef * tRef);
    case 'fair-completion':
      return -m.completionTime / tRef - fairnessWeight * (1 - m.jainFinish);
  }
}
