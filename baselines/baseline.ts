/**
 * A baseline: a named policy, optionally with the environment kwargs it runs
 * under (a capacity-weighted variant changes the scenario's averaging; a
 * dispatch rule is an env setting). `compare` evaluates every baseline on the
 * same seeds as the learned agents.
 */
import type { Policy } from '../envs/core/policy.js';
import { ConfigError, closestKey } from '../envs/sim/validation.js';

export interface Baseline<Obs = Float32Array, Act = Float32Array> {
  name: string;
  description: string;
  policy: Policy<Obs, Act>;
  /** Merged over the environment's kwargs for this baseline's evaluation. */
  envKwargs?: Record<string, unknown>;
}

/** The error for a baseline name that is not among `known` (with the closest name as a suggestion). */
export function unknownBaseline(name: string, known: readonly string[]): ConfigError {
  const hint = closestKey(name, known);
  return new ConfigError('baselines', name, '', `baselines: unknown baseline ${JSON.stringify(name)}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; known: ${known.join(', ')}`);
}
