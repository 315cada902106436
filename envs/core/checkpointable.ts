/**
 * Optional environment checkpoints: an environment that can hand out its full
 * state (random streams included) and take it back, so a training run
 * interrupted and resumed sees exactly the episodes an uninterrupted run sees.
 *
 * `getState()` returns a JSON-serialisable value; `setState(s)` on an
 * environment built with the same arguments makes every later `reset`/`step`
 * behave as on the environment `s` was taken from. Calling `setState` after a
 * `reset` is allowed (and is what the trainer does, so order-enforcing
 * wrappers are satisfied); it overrides what that reset did.
 *
 * Wrappers: {@link findCheckpointable} looks through the registry's wrappers
 * to the innermost environment (`unwrapped`). Wrapper state is not part of the
 * checkpoint: `OrderEnforcing`, `PassiveEnvChecker` and their parallel twins
 * hold none that matters after a reset; a `TimeLimit` step count, episode
 * statistics or normalisation statistics in wrappers are not restored.
 */

/** An environment (single-agent or parallel) whose state can be saved and restored. */
export interface Checkpointable {
  /** The environment's full state, JSON-serialisable. */
  getState(): unknown;
  /** Restores a state from `getState` of an environment built with the same arguments. */
  setState(state: unknown): void;
}

/** Whether `x` implements {@link Checkpointable}. */
export function isCheckpointable(x: unknown): x is Checkpointable {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as { getState?: unknown; setState?: unknown };
  return typeof c.getState === 'function' && typeof c.setState === 'function';
}

/** `env` itself if checkpointable, else its `unwrapped` environment if that is, else undefined. */
export function findCheckpointable(env: unknown): Checkpointable | undefined {
  if (isCheckpointable(env)) return env;
  if (typeof env !== 'object' || env === null || !('unwrapped' in env)) return undefined;
  const inner = (env as { unwrapped: unknown }).unwrapped;
  return isCheckpointable(inner) ? inner : undefined;
}
