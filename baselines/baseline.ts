/**
 * A baseline: a named policy, optionally with the environment kwargs it runs
 * under (a capacity-weighted variant changes the scenario's averaging; a
 * dispatch rule is an env setting). `compare` evaluates every baseline on the
 * same seeds as the learned agents.
 */
import type { Policy } from '../envs/core/policy.js';

export interface Baseline<Obs = Float32Array, Act = Float32Array> {
  name: string;
  description: string;
  policy: Policy<Obs, Act>;
  /** Merged over the environment's kwargs for this baseline's evaluation. */
  envKwargs?: Record<string, unknown>;
}
