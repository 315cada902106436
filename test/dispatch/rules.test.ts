import { describe, expect, it } from 'vitest';
import {
  CLASSIC_RULES,
  DISPATCH_RULES,
  activeWcmpWeights,
  cumulate,
  pickCumulative,
  pickLeast,
  pickPowerOfTwo,
  pickShortestExpected,
  validateRule,
} from '../../envs/sim/dispatch/rules.js';
import { streamFor } from '../../envs/sim/rng.js';

const freq = (pick: () => number, n: number, draws: number): number[] => {
  const c = new Array<number>(n).fill(0);
  for (let k = 0; k < draws; k++) c[pick()]!++;
  return c.map((x) => x / draws);
};

describe('dispatch rules on hand-made states', () => {
  it('lists the rules and rejects unknown names, naming the value', () => {
    expect(DISPATCH_RULES).toEqual(['weighted', 'ecmp', 'wcmp', 'lsq', 'sed', 'po2', 'active-wcmp', 'oracle']);
    expect(CLASSIC_RULES).not.toContain('weighted');
    expect(() => validateRule('jsq', 'rule')).toThrow(/rule.*"jsq"/);
  });

  it('weighted: cumulative weights normalise, all-zero is uniform, frequencies follow the weights', () => {
    const cum = new Float64Array(4);
    cumulate([1, 0, 3, 0], cum, 0, 4);
    expect(Array.from(cum)).toEqual([0.25, 0.25, 1, 1]);
    expect(pickCumulative(cum, 0, 4, 0.1)).toBe(0);
    expect(pickCumulative(cum, 0, 4, 0.3)).toBe(2);
    cumulate([0, 0, 0, 0], cum, 0, 4);
    expect(Array.from(cum)).toEqual([0.25, 0.5, 0.75, 1]);
    const rng = streamFor(1, 'test');
    cumulate([1, 2, 3, 4], cum, 0, 4);
    const f = freq(() => pickCumulative(cum, 0, 4, rng.uniform()), 4, 40_000);
    // SE of a frequency <= 0.0025; 4 SE.
    [0.1, 0.2, 0.3, 0.4].forEach((p, i) => expect(Math.abs(f[i]! - p)).toBeLessThan(0.01));
  });

  it('LSQ picks the fewest-outstanding node, ties uniformly', () => {
    const rng = streamFor(2, 'test');
    expect(pickLeast([5, 3, 7, 4], 0, 4, rng)).toBe(1);
    // Offset: the second dispatcher's row.
    expect(pickLeast([0, 0, 0, 0, 9, 8, 2, 5], 4, 4, rng)).toBe(2);
    const f = freq(() => pickLeast([2, 1, 1, 3], 0, 4, rng), 4, 20_000);
    expect(f[0]).toBe(0);
    expect(f[3]).toBe(0);
    expect(Math.abs(f[1]! - 0.5)).toBeLessThan(0.015);
  });

  it('SED picks the min (1 + o_i) / w_i, not the fewest outstanding', () => {
    const rng = streamFor(3, 'test');
    // (1+o)/w = [3, 1.5, 2, 1.2]: node 3, though node 0 has the fewest outstanding.
    expect(pickShortestExpected([2, 5, 3, 11], 0, [1, 4, 2, 10], 4, rng)).toBe(3);
    expect(pickShortestExpected([0, 0], 0, [1, 2], 2, rng)).toBe(1);
  });

  it('po2 picks the better of two distinct sampled nodes', () => {
    const rng = streamFor(4, 'test');
    // o = [0, 1, 2, 3]: node i wins the pairs whose other member is larger:
    // P = (n - 1 - i) / C(4, 2) = [3, 2, 1, 0] / 6.
    const f = freq(() => pickPowerOfTwo([0, 1, 2, 3], 0, 4, rng), 4, 60_000);
    [3 / 6, 2 / 6, 1 / 6, 0].forEach((p, i) => expect(Math.abs(f[i]! - p)).toBeLessThan(0.01));
    // Two nodes: always the better one.
    for (let k = 0; k < 100; k++) expect(pickPowerOfTwo([4, 1], 0, 2, rng)).toBe(1);
  });

  it('oracle: shortest expected finish min (q_i + 1) / rate_i on the true queues', () => {
    const rng = streamFor(5, 'test');
    // (q+1)/r = [1, 1.5, 0.75]: node 2.
    expect(pickShortestExpected([0, 2, 5], 0, [1, 2, 8], 3, rng)).toBe(2);
  });

  it('active-WCMP weights are capacity / (1 + polled queue)', () => {
    const w = new Float64Array(3);
    activeWcmpWeights([1, 2, 4], [0, 1, 7], 3, w);
    expect(Array.from(w)).toEqual([1, 1, 0.5]);
  });
});
