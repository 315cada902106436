/**
 * Action transformations (Gymnasium's `wrappers/transform_action.py`, plus a
 * discretisation): {@link ClipAction}, {@link RescaleAction},
 * {@link DiscretizeAction}. Each reuses one action buffer (see `wrapper.ts`).
 */
import type { Env } from '../env.js';
import type { Space } from '../space.js';
import { Box, type BoxBound } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import { ActionWrapper } from './wrapper.js';

function innerBox(wrapper: string, space: Space<Float32Array>): Box {
  if (!(space instanceof Box)) throw new Error(`${wrapper}: actionSpace must be a Box, got ${space.toString()}`);
  return space;
}

function checkLength(wrapper: string, action: Float32Array, size: number): void {
  if (action.length !== size) throw new Error(`${wrapper}: action has length ${action.length}, expected ${size}`);
}

/**
 * Clips each action coordinate into the inner Box bounds. The wrapper's action
 * space is the unbounded Box of the same shape (Gymnasium 1.x), so any finite
 * action is accepted.
 */
export class ClipAction<Obs = Float32Array> extends ActionWrapper<Obs, Float32Array, Float32Array> {
  readonly actionSpace: Box;
  private readonly inner: Box;
  private readonly buffer: Float32Array;

  constructor(env: Env<Obs, Float32Array>) {
    super(env);
    this.inner = innerBox('ClipAction', env.actionSpace);
    this.actionSpace = new Box(-Infinity, Infinity, this.inner.shape);
    this.buffer = new Float32Array(this.inner.size);
  }

  action(action: Float32Array): Float32Array {
    const { low, high, size } = this.inner;
    checkLength('ClipAction', action, size);
    const out = this.buffer;
    for (let i = 0; i < size; i++) {
      const a = action[i]!;
      const lo = low[i]!;
      const hi = high[i]!;
      out[i] = a < lo ? lo : a > hi ? hi : a;
    }
    return out;
  }
}

/**
 * Affinely maps actions from `[minAction, maxAction]` to the inner Box bounds,
 * `low + (high - low) * (a - minAction) / (maxAction - minAction)`, then clips
 * to the inner bounds. The inner Box must be bounded.
 */
export class RescaleAction<Obs = Float32Array> extends ActionWrapper<Obs, Float32Array, Float32Array> {
  readonly actionSpace: Box;
  private readonly inner: Box;
  private readonly buffer: Float32Array;

  constructor(env: Env<Obs, Float32Array>, minAction: BoxBound, maxAction: BoxBound) {
    super(env);
    this.inner = innerBox('RescaleAction', env.actionSpace);
    if (!this.inner.isBounded()) throw new Error(`RescaleAction: the inner actionSpace must be bounded, got ${this.inner.toString()}`);
    this.actionSpace = new Box(minAction, maxAction, this.inner.shape);
    for (let i = 0; i < this.inner.size; i++) {
      const lo = this.actionSpace.low[i]!;
      const hi = this.actionSpace.high[i]!;
      if (!(lo < hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new Error(`RescaleAction: need finite minAction[${i}] < maxAction[${i}], got ${lo} and ${hi}`);
      }
    }
    this.buffer = new Float32Array(this.inner.size);
  }

  action(action: Float32Array): Float32Array {
    const { low, high, size } = this.inner;
    const { low: min, high: max } = this.actionSpace;
    checkLength('RescaleAction', action, size);
    const out = this.buffer;
    for (let i = 0; i < size; i++) {
      const lo = low[i]!;
      const hi = high[i]!;
      const v = lo + ((hi - lo) * (action[i]! - min[i]!)) / (max[i]! - min[i]!);
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
    return out;
  }
}

/** Largest grid {@link DiscretizeAction} builds (number of discrete actions). */
export const MAX_DISCRETE_ACTIONS = 1 << 20;

/**
 * Turns a bounded Box action space into `Discrete(n)` over a grid.
 *
 * Coordinate `j` (of the flattened Box) gets `b_j = binsPerDim[j]` evenly spaced
 * values: `low_j + (high_j - low_j) * k / (b_j - 1)` for `k = 0 .. b_j - 1`
 * (both bounds included; the midpoint when `b_j = 1`). The grid has
 * `n = prod b_j` points, numbered row-major with the last coordinate varying
 * fastest: action `i` has digits `k_j` with `i = (...(k_0 * b_1 + k_1) * b_2 + ...) + k_{d-1}`
 * (numpy's `unravel_index`). `toContinuous(i)` returns that grid point.
 */
export class DiscretizeAction<Obs = Float32Array> extends ActionWrapper<Obs, number, Float32Array> {
  readonly actionSpace: Discrete;
  /** Bins per coordinate of the inner Box. */
  readonly bins: Int32Array;
  private readonly inner: Box;
  /** All grid points, `n * size` values, point `i` at `[i * size, (i + 1) * size)`. */
  private readonly table: Float32Array;
  /** Lazily made views into `table`, so `step` allocates nothing after the first use of `i`. */
  private readonly points: (Float32Array | undefined)[];

  constructor(env: Env<Obs, Float32Array>, binsPerDim: number | ArrayLike<number>) {
    super(env);
    const inner = innerBox('DiscretizeAction', env.actionSpace);
    if (!inner.isBounded()) throw new Error(`DiscretizeAction: the inner actionSpace must be bounded, got ${inner.toString()}`);
    this.inner = inner;
    const size = inner.size;
    this.bins = new Int32Array(size);
    if (typeof binsPerDim !== 'number' && binsPerDim.length !== size) {
      throw new Error(`DiscretizeAction: binsPerDim has length ${binsPerDim.length}, expected ${size}`);
    }
    let n = 1;
    for (let j = 0; j < size; j++) {
      const b = typeof binsPerDim === 'number' ? binsPerDim : binsPerDim[j]!;
      if (!Number.isInteger(b) || b < 1) {
        throw new Error(`DiscretizeAction: binsPerDim${typeof binsPerDim === 'number' ? '' : `[${j}]`} must be a positive integer, got ${b}`);
      }
      this.bins[j] = b;
      n *= b;
    }
    if (n > MAX_DISCRETE_ACTIONS) {
      throw new Error(`DiscretizeAction: the grid has ${n} points (binsPerDim ${String(binsPerDim)} over ${size} coordinates), more than ${MAX_DISCRETE_ACTIONS}`);
    }
    this.actionSpace = new Discrete(n);
    this.table = new Float32Array(n * size);
    for (let i = 0; i < n; i++) this.writePoint(i, this.table, i * size);
    this.points = new Array<Float32Array | undefined>(n);
  }

  private writePoint(i: number, out: Float32Array, offset: number): void {
    const { low, high, size } = this.inner;
    let rest = i;
    for (let j = size - 1; j >= 0; j--) {
      const b = this.bins[j]!;
      const k = rest % b;
      rest = (rest - k) / b;
      const lo = low[j]!;
      const hi = high[j]!;
      out[offset + j] = b === 1 ? lo + (hi - lo) / 2 : k === b - 1 ? hi : Math.min(hi, lo + ((hi - lo) * k) / (b - 1));
    }
  }

  /** The grid point of discrete action `i`, as a fresh array. */
  toContinuous(i: number): Float32Array {
    this.checkIndex(i);
    const size = this.inner.size;
    return this.table.slice(i * size, (i + 1) * size);
  }

  private checkIndex(i: number): void {
    if (!this.actionSpace.contains(i)) {
      throw new Error(`DiscretizeAction: action must be an integer in [0, ${this.actionSpace.n}), got ${i}`);
    }
  }

  action(action: number): Float32Array {
    const cached = this.points[action];
    if (cached !== undefined) return cached;
    this.checkIndex(action);
    const size = this.inner.size;
    const view = this.table.subarray(action * size, (action + 1) * size);
    this.points[action] = view;
    return view;
  }
}
