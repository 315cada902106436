/**
 * The separable Jain kernel of the two-node reward solver: the trapezoid
 * nodes above the moment cut plus the moment tail reproduce
 * `xy / (x^2 + y^2)` to 1e-7 relative for every pair in the kernel's range,
 * and the tail is what makes them do so.
 */
import { describe, expect, it } from 'vitest';
import { TAIL_MOMENTS, applyTail, sigmaNodes, tailMoments } from '../../../baselines/regeneration/jain-kernel.js';

/** `xy / (x^2 + y^2)` by the kernel: nodes from `cut` on, and the tail's moments unless `withTail` is false. */
function separable(x: number, y: number, sLo: number, sHi: number, withTail = true): number {
  const step = 0.5;
  const { sigmas, scale, coef } = sigmaNodes(sLo, sHi, step);
  const { cut, tail } = tailMoments(sigmas, sHi, step);
  let sum = 0;
  for (let r = cut; r < sigmas.length; r++) {
    sum += coef[r]! ** 2 * x * y * Math.exp(-scale[r]! * (x * x + y * y));
  }
  if (!withTail) return sum;
  const a = Float64Array.from({ length: TAIL_MOMENTS }, (_, i) => (x / sHi) ** (2 * i + 1));
  const b = Float64Array.from({ length: TAIL_MOMENTS }, (_, i) => (y / sHi) ** (2 * i + 1));
  applyTail(tail, b, 0);
  for (let i = 0; i < TAIL_MOMENTS; i++) sum += a[i]! * b[i]!;
  return sum;
}

describe('the Jain kernel with its moment tail', () => {
  const [sLo, sHi] = [0.05, 80];
  const values = [0.04, 0.3, 1, 2.5, 7, 19, 40, 56];
  it('reproduces xy / (x^2 + y^2) to 1e-7 relative over the range', () => {
    for (const x of values) {
      for (const y of values) {
        if (Math.hypot(x, y) < sLo || Math.hypot(x, y) > sHi) continue;
        const exact = (x * y) / (x * x + y * y);
        expect(Math.abs(separable(x, y, sLo, sHi) - exact), `x = ${x}, y = ${y}`).toBeLessThanOrEqual(1e-7 * exact);
      }
    }
  });
  it('needs the tail: without it the largest pairs are off by more than 1 %', () => {
    const exact = (40 * 56) / (40 * 40 + 56 * 56);
    expect(Math.abs(separable(40, 56, sLo, sHi, false) - exact)).toBeGreaterThan(0.01 * exact);
  });
  it('cuts at least 20 nodes at this range (the work it saves)', () => {
    const { sigmas } = sigmaNodes(sLo, sHi, 0.5);
    expect(tailMoments(sigmas, sHi, 0.5).cut).toBeGreaterThanOrEqual(20);
  });
});
