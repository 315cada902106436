import { describe, expect, it } from 'vitest';
import { computeHistogram, DEFAULT_HISTOGRAM_BINS } from '../../experiments/tensorboard/histogram.js';

describe('computeHistogram', () => {
  it('computes min, max, num, sum and sum of squares', () => {
    const h = computeHistogram([1, 2, 3, 4], 3);
    expect([h.min, h.max, h.num, h.sum, h.sumSquares]).toEqual([1, 4, 4, 10, 30]);
  });

  it('uses equal-width right-closed buckets whose last limit is max', () => {
    const h = computeHistogram([0, 1, 2, 3, 4], 4);
    expect(h.bucketLimit).toEqual([1, 2, 3, 4]);
    // (min, 1] holds 0 and 1 (the first bucket starts at min); (1, 2] holds 2; ...
    expect(h.bucket).toEqual([2, 1, 1, 1]);
  });

  it('puts every value in the bucket whose limits enclose it, for awkward widths', () => {
    const values = Array.from({ length: 997 }, (_, i) => Math.sin(i) * 0.1 + i * 1e-4);
    const h = computeHistogram(values, 7);
    expect(h.bucket.reduce((a, b) => a + b, 0)).toBe(values.length);
    const expected = new Array<number>(7).fill(0);
    for (const v of values) {
      const k = h.bucketLimit.findIndex((limit) => v <= limit);
      expected[k] = (expected[k] as number) + 1;
    }
    expect(h.bucket).toEqual(expected);
  });

  it('uses one bucket when every value is equal', () => {
    const h = computeHistogram(Float32Array.of(2, 2, 2));
    expect(h.bucketLimit).toEqual([2]);
    expect(h.bucket).toEqual([3]);
  });

  it('defaults to 30 buckets like tf.summary.histogram', () => {
    expect(DEFAULT_HISTOGRAM_BINS).toBe(30);
    expect(computeHistogram([0, 1]).bucket).toHaveLength(30);
  });

  it('rejects empty input, non-finite values and bad bin counts, naming them', () => {
    expect(() => computeHistogram([])).toThrow(/values must not be empty/);
    expect(() => computeHistogram([1, NaN])).toThrow(/values\[1\] must be finite, got NaN/);
    expect(() => computeHistogram([1], 0)).toThrow(/bins must be a positive integer, got 0/);
    expect(() => computeHistogram([1], 2.5)).toThrow(/got 2.5/);
  });
});
