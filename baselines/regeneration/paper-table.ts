/**
 * The delay paper's workload table (docs/model.md §6.1) from the exact solver: for
 * each workload the regeneration-optimal (K*, t_b*), its mu*, and mu for
 * fully blind balancing (K = 1, t_b = 0). `lbgym analyze --paper-table`
 * prints it.
 */
import type { Scenario } from '../../envs/sim/scenario.js';
import { expectedCompletion } from './api.js';
import { type OptimalPolicyOptions, optimalPolicy } from './optimal.js';

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
