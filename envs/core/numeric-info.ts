/** The numeric part of a step's info, as the trainers and the evaluation aggregate it. */
import type { Info } from './env.js';

/** Finite numbers as they are and booleans as 1 / 0; other values are left out. */
export function numericInfo(info: Info): Record<string, number> {
  const out: Record<string, number> = {};
  // for-in over an object literal's own keys: no entries array per step (the trainers call this at every episode end).
  for (const k in info) {
    const v = info[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  return out;
}

/**
 * A plain array copy of `values`, for an info entry (JSON-friendly, unlike a
 * typed array). A loop, because `Array.from` on a typed array goes through the
 * iterator protocol: about 25x slower at an env's sizes, on every step.
 */
export function infoArray(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}
