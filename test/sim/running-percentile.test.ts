/** RunningPercentile agrees exactly with the nearest-rank percentile of a sorted copy, after every add. */
import { describe, expect, it } from 'vitest';
import { RunningPercentile } from '../../envs/sim/running-percentile.js';
import { Rng } from '../../envs/sim/rng.js';

function nearestRank(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil((p * sorted.length) / 100) - 1]!;
}

describe('RunningPercentile', () => {
  for (const p of [1, 50, 99, 100]) {
    it(`p = ${p}: exact after every add, on exponential, tied and sorted samples`, () => {
      const rng = new Rng('percentile-test');
      const samples: number[][] = [
        Array.from({ length: 3000 }, () => -Math.log(1 - rng.uniform())),
        Array.from({ length: 500 }, () => Math.floor(4 * rng.uniform())),
        Array.from({ length: 400 }, (_, i) => i),
        Array.from({ length: 400 }, (_, i) => 400 - i),
      ];
      for (const xs of samples) {
        const q = new RunningPercentile(p);
        xs.forEach((x, i) => {
          q.add(x);
          if (i < 50 || i % 37 === 0 || i === xs.length - 1) expect(q.value()).toBe(nearestRank(xs.slice(0, i + 1), p));
        });
        expect(q.count).toBe(xs.length);
      }
    });
  }

  it('clear starts a new sample; no values gives NaN; p is checked', () => {
    const q = new RunningPercentile(99);
    expect(q.value()).toBeNaN();
    for (let i = 0; i < 1000; i++) q.add(i);
    expect(q.value()).toBe(989);
    q.clear();
    expect(q.count).toBe(0);
    expect(q.value()).toBeNaN();
    q.add(5);
    expect(q.value()).toBe(5);
    expect(() => new RunningPercentile(0)).toThrow(/p must be an integer in \(0, 100\]/);
    expect(() => new RunningPercentile(99.5)).toThrow(RangeError);
  });
});
