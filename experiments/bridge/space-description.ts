/**
 * Spaces as the bridge describes them (docs/bridge-protocol.md): plain JSON
 * with the dtype and bounds, non-finite bounds as the strings "inf" / "-inf"
 * (frame.ts's `jsonSafe`).
 */
import type { Space } from '../../envs/core/space.js';
import { Box } from '../../envs/core/spaces/box.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import { MultiDiscrete } from '../../envs/core/spaces/multi-discrete.js';

export type SpaceDescription =
  | { type: 'box'; shape: number[]; dtype: 'float32'; low: number[]; high: number[] }
  | { type: 'discrete'; n: number; start: number; dtype: 'int64' }
  | { type: 'multi-discrete'; nvec: number[]; start: number[]; dtype: 'int64' };

export function describeSpace(space: Space<unknown>): SpaceDescription {
  if (space instanceof Box) return { type: 'box', shape: [...space.shape], dtype: 'float32', low: Array.from(space.low), high: Array.from(space.high) };
  if (space instanceof Discrete) return { type: 'discrete', n: space.n, start: space.start, dtype: 'int64' };
  if (space instanceof MultiDiscrete) return { type: 'multi-discrete', nvec: Array.from(space.nvec), start: Array.from(space.start), dtype: 'int64' };
  throw new Error(`bridge: space ${space.toString()} cannot be served (only Box, Discrete and MultiDiscrete)`);
}

/** Numbers per action of `space` on the wire, and their dtype (float32 for a Box, int32 otherwise). */
export function actionLayout(space: Space<unknown>): { dim: number; dtype: 'float32' | 'int32' } {
  if (space instanceof Box) return { dim: space.size, dtype: 'float32' };
  if (space instanceof Discrete) return { dim: 1, dtype: 'int32' };
  if (space instanceof MultiDiscrete) return { dim: space.nvec.length, dtype: 'int32' };
  throw new Error(`bridge: action space ${space.toString()} cannot be served (only Box, Discrete and MultiDiscrete)`);
}

/** Converts one wire action (a view of `dim` numbers) to what the env's `step` takes; a copy. */
export function toAction(space: Space<unknown>, values: Float32Array | Int32Array): unknown {
  if (space instanceof Discrete) return values[0]!;
  if (space instanceof MultiDiscrete) return Int32Array.from(values);
  return Float32Array.from(values);
}

/** The observation length of a Box space; other observation spaces cannot be served. */
export function observationDim(space: Space<unknown>): number {
  if (!(space instanceof Box)) throw new Error(`bridge: observation space ${space.toString()} cannot be served (only Box; wrap it in FlattenObservation)`);
  return space.size;
}
