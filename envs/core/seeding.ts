/**
 * Gymnasium's seeding rule and the reset-before-step error, shared by every
 * environment: `reset({seed})` re-seeds every stream, `reset()` continues
 * them, and the first reset without a seed (or the first after `close()`)
 * seeds with {@link DEFAULT_ENV_SEED}.
 */
import type { ResetOptions } from './env.js';

/** The seed of an environment's first reset when none is given. */
export const DEFAULT_ENV_SEED = 0;

/** The seed to re-seed the streams with at this reset, or undefined to continue them (`seeded`: the streams exist). */
export function resetSeed(opts: ResetOptions, seeded: boolean): number | undefined {
  return opts.seed ?? (seeded ? undefined : DEFAULT_ENV_SEED);
}

/** The error of `step()` before `reset()`, or after the episode ended. */
export function stepBeforeReset(env: string): Error {
  return new Error(`${env}: step() called before reset() or after the episode ended; call reset() first`);
}

/** The streams for this reset: new ones from the reset's seed, the current ones, or new default-seeded ones when there are none yet. */
export function streamsForReset<T>(opts: ResetOptions, current: T | undefined, create: (seed: number) => T): T {
  if (opts.seed !== undefined) return create(opts.seed);
  return current ?? create(DEFAULT_ENV_SEED);
}
