/**
 * The gym contract (Gymnasium's `Env`, in TypeScript objects).
 *
 * `reset({seed, options}) -> {observation, info}` and
 * `step(action) -> {observation, reward, terminated, truncated, info}`.
 * Terminated is the MDP's own end; truncated is an outside limit and is added by
 * the `TimeLimit` wrapper, never by an environment itself. A seed passed to
 * `reset` re-seeds the environment's generator; no seed keeps the stream going.
 */
import type { Space } from './space.js';

/** Free-form per-step diagnostics. Values are JSON-friendly. */
export type Info = Record<string, unknown>;

export interface ResetOptions {
  seed?: number;
  options?: Record<string, unknown>;
}

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/** How an environment was made through the registry. */
export interface EnvSpec {
  id: string;
  maxEpisodeSteps?: number;
  kwargs: Record<string, unknown>;
}

export interface Env<Obs = Float32Array, Act = Float32Array> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  /** Registry id (`Name-v0`) once made through the registry. */
  spec?: EnvSpec;
  reset(opts?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  close(): void;
}
