/**
 * The one interface that learned agents and baselines share: given an
 * observation, an action. `deterministic` asks for the policy's mode (agents);
 * baselines are deterministic either way unless they say otherwise.
 */
export interface ActOptions {
  deterministic?: boolean;
}

export interface Policy<Obs = Float32Array, Act = Float32Array> {
  /** A short name used in tables and run directories (`ppo`, `regeneration-optimal`). */
  readonly name: string;
  act(observation: Obs, options?: ActOptions): Act;
}
