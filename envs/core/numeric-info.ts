/** The numeric part of a step's info, as the trainers and the evaluation aggregate it. */
import type { Info } from './env.js';

/** Finite numbers as they are and booleans as 1 / 0; other values are left out. */
export function numericInfo(info: Info): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(info)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  return out;
}
