/**
 * Strict action checks shared by the environments: an action that is NaN, of
 * the wrong length or outside the space is an error naming the value
 * (clipping is what the ClipAction wrapper is for).
 */
import type { Box } from './core/spaces/box.js';

export function checkBoxAction(action: unknown, space: Box, what: string, names: readonly string[]): ArrayLike<number> {
  if (!(action instanceof Float32Array || action instanceof Float64Array || Array.isArray(action))) {
    throw new Error(`${what}: expected an array of ${space.size} numbers [${names.join(', ')}], got ${describe(action)}`);
  }
  const a = action as ArrayLike<number>;
  if (a.length !== space.size) {
    throw new Error(`${what}: expected ${space.size} values [${names.join(', ')}], got ${a.length}: ${describe(action)}`);
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const lo = space.low[i]!;
    const hi = space.high[i]!;
    if (typeof x !== 'number' || Number.isNaN(x) || x < lo || x > hi) {
      throw new Error(`${what}: ${names[i] ?? `action[${i}]`} must be in [${lo}, ${hi}], got ${x}`);
    }
  }
  return a;
}

function describe(v: unknown): string {
  if (v instanceof Float32Array || v instanceof Float64Array) return `[${Array.from(v).join(', ')}]`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
