/**
 * The simplest `LB-Dynamic-v0` baselines: a fixed action every epoch.
 * `noBalancingPolicy()` never moves a task (K = 0); `fixedPolicy(K, delay)`
 * balances with gain K, `delay` seconds into every epoch.
 */
import type { Policy } from '../../envs/core/policy.js';
import { requireInRange, requireNonNegative } from '../../envs/sim/validation.js';

export function fixedPolicy(K: number, delay: number, name = 'fixed'): Policy {
  const action = Float32Array.of(requireInRange(K, 'K', 0, 1), requireNonNegative(delay, 'delay'));
  return { name, act: () => action.slice() };
}

export function noBalancingPolicy(): Policy {
  return fixedPolicy(0, 0, 'no-balancing');
}
