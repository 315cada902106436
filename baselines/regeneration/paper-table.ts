/**
 * The delay paper's workload table (docs/model.md §6.1) from the exact solver: for
 * each workload the regeneration-optimal (K*, t_b*), its mu*, and mu for
 * fully blind balancing (K = 1, t_b = 0). `lbgym analyze --paper-table`
 * prints it.
 */
import type { Scenario } from '../../envs/sim/scenario.js';
import { expectedCompletion } from './api.js';
import { type OptimalPolicyOptions, optimalPolicy } from './optimal.js';
import { type RewardSpec, expectedReward, resolveRewardSpec } from './reward-api.js';
import { type RewardOptimumOptions, rewardOptimum } from './reward-optimum.js';

export const PAPER_WORKLOADS: readonly (readonly [number, number])[] = [
  [100, 50],
  [50, 50],
  [20, 40],
  [70, 50],
  [100, 0],
];

export interface PaperTableRow {
  loads: [number, number];
  K: number;
  tb: number;
  /** mu at the optimum (s). */
  mu: number;
  /** mu for blind full balancing, K = 1 at t_b = 0 (s). */
  muBlind: number;
}

export function paperTable(scenario: Scenario, options: OptimalPolicyOptions = {}): PaperTableRow[] {
  return PAPER_WORKLOADS.map(([m, n]) => {
    const o = optimalPolicy(scenario, [m, n], options);
    const muBlind = expectedCompletion(scenario, [m, n], { K: 1, tb: 0 }, options.numerics);
    return { loads: [m, n], K: o.K, tb: o.tb, mu: o.mu, muBlind };
  });
}

export interface RewardPaperTableRow {
  loads: [number, number];
  K: number;
  tb: number;
  alpha?: number;
  /** Expected reward at the optimum. */
  value: number;
  /** Its expected completion time (s). */
  mu: number;
  /** Expected reward of blind full balancing (K = 1, t_b = 0; alpha = 0 for the learned target). */
  valueBlind: number;
}

/** The paper's workloads under any reward and target family (reward-optimum.ts). */
export function rewardPaperTable(scenario: Scenario, spec: RewardSpec, options: RewardOptimumOptions = {}): RewardPaperTableRow[] {
  const target = resolveRewardSpec(scenario, spec).target;
  return PAPER_WORKLOADS.map(([m, n]) => {
    const o = rewardOptimum(scenario, [m, n], spec, options);
    const valueBlind = expectedReward(scenario, [m, n], target === 'learned' ? { K: 1, tb: 0, alpha: 0 } : { K: 1, tb: 0 }, spec, options.numerics);
    return { loads: [m, n], K: o.K, tb: o.tb, ...(o.alpha !== undefined ? { alpha: o.alpha } : {}), value: o.value, mu: o.mu, valueBlind };
  });
}
