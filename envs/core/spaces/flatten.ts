/**
 * Flattening spaces into one float32 vector (Gymnasium's `flatdim`,
 * `flatten_space`, `flatten`): a Box flattens to its coordinates, a Discrete
 * to a one-hot vector of length `n`, a MultiDiscrete to the concatenation of
 * one-hot vectors (length `sum(nvec)`), a Dict to the concatenation of its
 * subspaces in sorted key order.
 */
import type { Space } from '../space.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiDiscrete } from './multi-discrete.js';

function unsupported(space: Space<unknown>): Error {
  return new Error(`flatten: space ${space.toString()} of kind '${space.kind}' is not a Box, Discrete, MultiDiscrete or Dict instance`);
}

/** Length of the flattened vector of an element of `space`. */
export function flatdim(space: Space<unknown>): number {
  if (space instanceof Box) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof Dict) {
    let d = 0;
    for (const k of space.keys) d += flatdim(space.spaces[k]!);
    return d;
  }
  throw unsupported(space);
}

function fillBounds(space: Space<unknown>, low: Float32Array, high: Float32Array, offset: number): number {
  if (space instanceof Box) {
    low.set(space.low, offset);
    high.set(space.high, offset);
    return offset + space.size;
  }
  if (space instanceof Dict) {
    for (const k of space.keys) offset = fillBounds(space.spaces[k]!, low, high, offset);
    return offset;
  }
  const d = flatdim(space);
  low.fill(0, offset, offset + d);
  high.fill(1, offset, offset + d);
  return offset + d;
}

/** The Box that `flatten` maps `space` into. */
export function flattenSpace(space: Space<unknown>): Box {
  if (space instanceof Box) return new Box(space.low, space.high, [space.size]);
  const d = flatdim(space);
  const low = new Float32Array(d);
  const high = new Float32Array(d);
  fillBounds(space, low, high, 0);
  return new Box(low, high, [d]);
}

/**
 * Writes the flattened `x` (an element of `space`) into `out` at `offset` and
 * returns `out`; allocates `out` when not given.
 */
export function flatten(space: Space<unknown>, x: unknown, out?: Float32Array, offset = 0): Float32Array {
  const target = out ?? new Float32Array(flatdim(space));
  writeFlat(space, x, target, offset);
  return target;
}

function writeFlat(space: Space<unknown>, x: unknown, out: Float32Array, offset: number): number {
  if (space instanceof Box) {
    if (!(x instanceof Float32Array)) throw new Error(`flatten: expected a Float32Array for ${space.toString()}, got ${String(x)}`);
    out.set(x, offset);
    return offset + space.size;
  }
  if (space instanceof Discrete) {
    if (typeof x !== 'number') throw new Error(`flatten: expected a number for ${space.toString()}, got ${String(x)}`);
    out.fill(0, offset, offset + space.n);
    out[offset + x - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    if (!(x instanceof Int32Array)) throw new Error(`flatten: expected an Int32Array for ${space.toString()}, got ${String(x)}`);
    for (let i = 0; i < space.nvec.length; i++) {
      const n = space.nvec[i]!;
      out.fill(0, offset, offset + n);
      out[offset + x[i]! - space.start[i]!] = 1;
      offset += n;
    }
    return offset;
  }
  if (space instanceof Dict) {
    if (typeof x !== 'object' || x === null) throw new Error(`flatten: expected an object for ${space.toString()}, got ${String(x)}`);
    const rec = x as Record<string, unknown>;
    for (const k of space.keys) offset = writeFlat(space.spaces[k]!, rec[k], out, offset);
    return offset;
  }
  throw unsupported(space);
}
