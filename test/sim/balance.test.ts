import { describe, expect, it } from 'vitest';
import { balanceNode, batchSize, excessOf, partitionShare, twoNodeBatch } from '../../envs/sim/balance.js';

describe('balancing arithmetic (docs/model.md §2.3)', () => {
  it('two nodes: excess is half the difference, the whole of it goes to the other node', () => {
    const views = [100, 50];
    expect(excessOf(0, 100, views, null)).toBe(25);
    expect(partitionShare(0, 1, views, true)).toBe(1);
    const out = [0, 0];
    expect(balanceNode(0, 100, views, true, 1, null, out)).toBe(25);
    expect(out).toEqual([0, 25]);
    expect(twoNodeBatch(100, 50, 1, null)).toBe(25);
  });
  it('zero excess sends nothing; so does K = 0', () => {
    const out = [9, 9];
    expect(balanceNode(1, 50, [100, 50], true, 1, null, out)).toBe(0);
    expect(out).toEqual([0, 0]);
    expect(balanceNode(0, 100, [100, 50], true, 0, null, out)).toBe(0);
    expect(twoNodeBatch(50, 100, 1, null)).toBe(0);
  });
  it('floors K p excess, with a tolerance for products that land just below an integer', () => {
    expect(batchSize(0.9, 1, 25)).toBe(22); // 22.5
    expect(batchSize(0.29, 1, 100)).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(batchSize(0.5, 1, 1)).toBe(0);
    expect(batchSize(1, 1, 0.5)).toBe(0);
  });
  it('a blind node sees an empty neighbour and sends half its queue at K = 1', () => {
    const out = [0, 0];
    expect(balanceNode(0, 100, [100, 0], false, 1, null, out)).toBe(50);
  });
  it('p_kl sums to 1 over k, informed or not, for n > 2', () => {
    for (const informed of [true, false]) {
      const views = [40, 10, 0, 25, 7];
      let s = 0;
      for (let k = 1; k < 5; k++) s += partitionShare(0, k, views, informed);
      expect(s).toBeCloseTo(1, 14);
    }
  });
  it('p_kl favours emptier nodes when informed; uniform when S = 0', () => {
    const views = [40, 30, 0, 10];
    expect(partitionShare(0, 2, views, true)).toBeGreaterThan(partitionShare(0, 1, views, true));
    expect(partitionShare(0, 1, [40, 0, 0, 0], true)).toBeCloseTo(1 / 3, 14);
  });
  it('never sends the task in service: total leaving < queue', () => {
    for (let q = 1; q < 60; q++) {
      const out = [0, 0, 0, 0];
      const left = balanceNode(0, q, [q, 0, 0, 0], false, 1, null, out);
      expect(left).toBeLessThan(q);
    }
  });
  it('capacity-weighted target uses lambda_l / sum(lambda)', () => {
    // weights 0.25 / 0.75: target of node 0 is 0.25 * 160 = 40, excess 60.
    expect(excessOf(0, 100, [100, 60], [0.25, 0.75])).toBe(60);
  });
});
