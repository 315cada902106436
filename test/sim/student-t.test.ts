import { describe, expect, it } from 'vitest';
import { Z975, ci95, tQuantile975 } from '../../envs/sim/student-t.js';

describe("Student's t quantile", () => {
  // scipy.stats.t.ppf(0.975, df)
  const SCIPY: [number, number][] = [
    [1, 12.706204736], [2, 4.30265273], [5, 2.570581836], [10, 2.228138852], [30, 2.042272456],
    [31, 2.039513446], [40, 2.02107539], [60, 2.000297822], [120, 1.979930405], [1000, 1.962339081],
  ];
  it('matches scipy to 1e-7 on and off the table', () => {
    for (const [df, q] of SCIPY) expect(Math.abs(tQuantile975(df) - q), `df ${df}`).toBeLessThan(1e-7);
  });
  it('decreases to the normal quantile', () => {
    for (let df = 1; df < 200; df++) expect(tQuantile975(df + 1)).toBeLessThan(tQuantile975(df));
    expect(tQuantile975(Infinity)).toBe(Z975);
    expect(Math.abs(tQuantile975(1e7) - Z975)).toBeLessThan(1e-6);
  });
  it('gives no interval for one sample, and the t interval for few', () => {
    expect(ci95(3, 1, 1).every(Number.isNaN)).toBe(true);
    expect(ci95(3, 1, 3)).toEqual([3 - 4.30265273, 3 + 4.30265273]);
  });
});
