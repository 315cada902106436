import { describe, expect, it } from 'vitest';
import { Box } from '../../envs/core/spaces/box.js';
import { Dict } from '../../envs/core/spaces/dict.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import { flatdim, flatten, flattenSpace } from '../../envs/core/spaces/flatten.js';
import { MultiDiscrete } from '../../envs/core/spaces/multi-discrete.js';

function samples(box: Box, n: number, coord: number): number[] {
  return Array.from({ length: n }, () => box.sample()[coord]!);
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};

describe('Box', () => {
  const box = new Box([0, -1], [1, 1]);

  it('has shape, size, float32 bounds', () => {
    expect(box.shape).toEqual([2]);
    expect(box.size).toBe(2);
    expect(box.low).toBeInstanceOf(Float32Array);
    expect(Array.from(box.high)).toEqual([1, 1]);
    expect(new Box(0, 1, [2, 3]).size).toBe(6);
    expect(box.toString()).toBe('Box([0, -1], 1, [2], float32)');
  });

  it('contains only finite Float32Arrays of the right length within bounds', () => {
    expect(box.contains(Float32Array.of(0.5, -1))).toBe(true);
    expect(box.contains(Float32Array.of(1, 1))).toBe(true);
    expect(box.contains(Float32Array.of(1.01, 0))).toBe(false);
    expect(box.contains(Float32Array.of(0.5))).toBe(false);
    expect(box.contains(Float32Array.of(Number.NaN, 0))).toBe(false);
    expect(box.contains(Float64Array.of(0.5, 0))).toBe(false);
    expect(box.contains([0.5, 0])).toBe(false);
    expect(box.contains(undefined)).toBe(false);
    const free = new Box(-Infinity, Infinity, [1]);
    expect(free.contains(Float32Array.of(1e30))).toBe(true);
    expect(free.contains(Float32Array.of(Infinity))).toBe(false);
  });

  it('samples inside the bounds, deterministically per seed', () => {
    box.seed(7);
    const a = Array.from({ length: 50 }, () => box.sample());
    expect(a.every((x) => box.contains(x))).toBe(true);
    box.seed(7);
    const b = Array.from({ length: 50 }, () => box.sample());
    expect(b).toEqual(a);
    box.seed(8);
    expect(box.sample()).not.toEqual(a[0]);
    const out = new Float32Array(2);
    box.seed(7);
    expect(box.sampleInto(out)).toBe(out);
    expect(out).toEqual(a[0]);
  });

  it('samples like Gymnasium: uniform, low + Exp(1), high - Exp(1), N(0, 1)', () => {
    const n = 4000;
    const tol = 5 / Math.sqrt(n); // five standard errors for unit-variance draws
    const mixed = new Box([0, 2, -Infinity, -Infinity], [1, Infinity, 3, Infinity], undefined, 1);
    expect(mixed.isBounded()).toBe(false);
    const u = samples(mixed, n, 0);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(tol);
    mixed.seed(2);
    const below = samples(mixed, n, 1);
    expect(Math.min(...below)).toBeGreaterThanOrEqual(2);
    expect(Math.abs(mean(below) - 3)).toBeLessThan(tol);
    mixed.seed(3);
    const above = samples(mixed, n, 2);
    expect(Math.max(...above)).toBeLessThanOrEqual(3);
    expect(Math.abs(mean(above) - 2)).toBeLessThan(tol);
    mixed.seed(4);
    const normal = samples(mixed, n, 3);
    expect(Math.abs(mean(normal))).toBeLessThan(tol);
    expect(Math.abs(variance(normal) - 1)).toBeLessThan(0.15); // sd of the sample variance is sqrt(2/n) = 0.022
  });

  it('rejects bad bounds naming the field and value', () => {
    expect(() => new Box([0, 2], [1, 1])).toThrow(/low\[1\] = 2 exceeds high\[1\] = 1/);
    expect(() => new Box(0, 1)).toThrow(/shape is required/);
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow(/high has length 3, expected 2/);
    expect(() => new Box(Number.NaN, 1, [1])).toThrow(/low must not be NaN/);
    expect(() => new Box(0, 1, [2, 0])).toThrow(/shape\[1\] must be a positive integer, got 0/);
  });
});

describe('Discrete', () => {
  it('contains integers in [start, start + n)', () => {
    const d = new Discrete(3, 1);
    expect([0, 1, 2, 3, 4, 1.5, '1'].map((x) => d.contains(x))).toEqual([false, true, true, true, false, false, false]);
    expect(d.toString()).toBe('Discrete(3, start=1)');
  });

  it('samples every value, deterministically per seed', () => {
    const d = new Discrete(4, 0, 5);
    const a = Array.from({ length: 200 }, () => d.sample());
    expect(new Set(a)).toEqual(new Set([0, 1, 2, 3]));
    d.seed(5);
    expect(Array.from({ length: 200 }, () => d.sample())).toEqual(a);
  });

  it('rejects bad n and start', () => {
    expect(() => new Discrete(0)).toThrow(/n must be a positive integer, got 0/);
    expect(() => new Discrete(2.5)).toThrow(/got 2.5/);
    expect(() => new Discrete(2, 0.5)).toThrow(/start must be an integer, got 0.5/);
  });
});

describe('MultiDiscrete', () => {
  const md = new MultiDiscrete([2, 3], [0, -1]);

  it('contains Int32Arrays within nvec (shifted by start)', () => {
    expect(md.contains(Int32Array.of(1, -1))).toBe(true);
    expect(md.contains(Int32Array.of(1, 2))).toBe(false);
    expect(md.contains(Int32Array.of(2, 0))).toBe(false);
    expect(md.contains([1, 0])).toBe(false);
    expect(md.contains(Int32Array.of(1))).toBe(false);
  });

  it('samples inside, deterministically per seed', () => {
    md.seed(1);
    const a = Array.from({ length: 30 }, () => md.sample());
    expect(a.every((x) => md.contains(x))).toBe(true);
    md.seed(1);
    expect(Array.from({ length: 30 }, () => md.sample())).toEqual(a);
  });

  it('rejects bad nvec and start', () => {
    expect(() => new MultiDiscrete([2, 0])).toThrow(/nvec\[1\] must be a positive integer, got 0/);
    expect(() => new MultiDiscrete([])).toThrow(/nvec must not be empty/);
    expect(() => new MultiDiscrete([2], [0, 0])).toThrow(/start has length 2, expected 1/);
  });
});

describe('Dict', () => {
  const dict = new Dict({ z: new Discrete(5), a: new Box(0, 1, [1]) }, 3);

  it('sorts keys and checks every key', () => {
    expect(dict.keys).toEqual(['a', 'z']);
    expect(dict.contains({ a: Float32Array.of(0.5), z: 4 })).toBe(true);
    expect(dict.contains({ a: Float32Array.of(0.5), z: 5 })).toBe(false);
    expect(dict.contains({ a: Float32Array.of(0.5) })).toBe(false);
    expect(dict.contains({ a: Float32Array.of(0.5), z: 1, extra: 1 })).toBe(false);
    expect(dict.contains(null)).toBe(false);
    expect(dict.toString()).toBe('Dict(a: Box(0, 1, [1], float32), z: Discrete(5))');
  });

  it('samples inside, deterministically per seed', () => {
    dict.seed(9);
    const a = Array.from({ length: 20 }, () => dict.sample());
    expect(a.every((x) => dict.contains(x))).toBe(true);
    dict.seed(9);
    expect(Array.from({ length: 20 }, () => dict.sample())).toEqual(a);
  });

  it('rejects an empty record or a non-space', () => {
    expect(() => new Dict({})).toThrow(/at least one key/);
    expect(() => new Dict({ x: 3 as unknown as Discrete })).toThrow(/spaces.x must be a Space, got 3/);
  });
});

describe('flatten', () => {
  const dict = new Dict({ pos: new Box([-1, 0], [1, 2]), mode: new Discrete(3, 1), md: new MultiDiscrete([2, 2]) });

  it('flatdim sums Box sizes and one-hot lengths', () => {
    expect(flatdim(new Box(0, 1, [2, 3]))).toBe(6);
    expect(flatdim(new Discrete(4))).toBe(4);
    expect(flatdim(dict)).toBe(2 + 3 + 4);
  });

  it('flattens in sorted key order with one-hot discrete parts', () => {
    const x = flatten(dict, { pos: Float32Array.of(0.5, 1.5), mode: 2, md: Int32Array.of(1, 0) });
    // keys: md, mode, pos
    expect(Array.from(x)).toEqual([0, 1, 1, 0, 0, 1, 0, 0.5, 1.5]);
    const out = new Float32Array(12);
    flatten(new Discrete(3), 2, out, 9);
    expect(Array.from(out.subarray(9))).toEqual([0, 0, 1]);
  });

  it('flattenSpace bounds contain every flattened sample', () => {
    const box = flattenSpace(dict);
    expect(box.shape).toEqual([9]);
    expect(Array.from(box.low)).toEqual([0, 0, 0, 0, 0, 0, 0, -1, 0]);
    expect(Array.from(box.high)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2]);
    dict.seed(1);
    for (let i = 0; i < 20; i++) expect(box.contains(flatten(dict, dict.sample()))).toBe(true);
  });
});
