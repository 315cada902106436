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
 * env's checkpoint: `OrderEnforcing`, `PassiveEnvChecker` and their parallel
 * twins hold none that matters after a reset; a time limit's step count is the
 * runner's count of the unfinished episode, which the runner saves and puts
 * back with {@link restoreElapsedSteps}, so a resume in mid-episode truncates
 * where the uninterrupted run would. Episode statistics or normalisation
 * statistics in other wrappers are not restored.
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

/** Throws unless `state` carries the given format tag and version 1 (`who` names the env in the message). */
export function checkStateFormat(state: unknown, format: string, who: string): void {
  const s = state as { format?: unknown; version?: unknown };
  if (typeof s !== 'object' || s === null || s.format !== format || s.version !== 1) {
    throw new Error(`${who} setState: expected format ${format} v1, got ${JSON.stringify(state)?.slice(0, 80)}`);
  }
}

/**
 * Sets the step count of every time limit wrapped around `env` (`TimeLimit`,
 * `ParallelTimeLimit`: the wrappers with an `elapsedSteps` field) to `steps`,
 * walking the wrapper chain through each wrapper's `env`.
 */
export function restoreElapsedSteps(env: unknown, steps: number): void {
  let e: unknown = env;
  while (typeof e === 'object' && e !== null) {
    const w = e as { elapsedSteps?: unknown; env?: unknown };
    if (typeof w.elapsedSteps === 'number') w.elapsedSteps = steps;
    e = w.env;
  }
}
