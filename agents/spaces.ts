/**
 * What the agents need to know of a space, read through the `Space` contract's
 * `kind` field (so any Box/Discrete implementation fits): the flat size of a
 * Box observation, the bounds of a Box action, the size of a Discrete action.
 */
import type { Space } from '../envs/core/space.js';

export interface BoxBounds {
  readonly size: number;
  readonly low: Float32Array;
  readonly high: Float32Array;
}

interface BoxFields {
  readonly low?: unknown;
  readonly high?: unknown;
}

interface DiscreteFields {
  readonly n?: unknown;
  readonly start?: unknown;
}

function flatSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bounds of a Box space (flattened); throws if `space` is not a Box. */
export function boxBounds(space: Space<unknown>, role: string): BoxBounds {
  const s = space as Space<unknown> & BoxFields;
  if (s.kind !== 'box' || !(s.low instanceof Float32Array) || !(s.high instanceof Float32Array)) {
    throw new Error(`${role}: expected a Box space with Float32Array low/high, got ${space.toString()}`);
  }
  const size = flatSize(space.shape);
  if (s.low.length !== size || s.high.length !== size) {
    throw new Error(`${role}: Box bounds of length ${s.low.length} do not match shape [${space.shape.join(', ')}]`);
  }
  return { size, low: s.low, high: s.high };
}

/** `{n, start}` of a Discrete space; throws if `space` is not Discrete. */
export function discreteSize(space: Space<unknown>, role: string): { n: number; start: number } {
  const s = space as Space<unknown> & DiscreteFields;
  if (s.kind !== 'discrete' || typeof s.n !== 'number') {
    throw new Error(`${role}: expected a Discrete space, got ${space.toString()}`);
  }
  return { n: s.n, start: typeof s.start === 'number' ? s.start : 0 };
}

/** Flat observation size of a Box observation space. */
export function observationSize(space: Space<unknown>): number {
  if (space.kind !== 'box') throw new Error(`observation space: expected a Box, got ${space.toString()}`);
  return flatSize(space.shape);
}
