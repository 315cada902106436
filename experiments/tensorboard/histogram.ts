/**
 * Builds a TensorBoard `HistogramProto` from raw values: min, max, count,
 * sum, sum of squares, and equal-width buckets over [min, max].
 *
 * Bucket i covers (bucketLimit[i-1], bucketLimit[i]] and bucket 0 starts at
 * `min` (TensorBoard takes the left edge of the first bucket from `min`), so
 * `bucketLimit` holds the right edges and the last one is exactly `max`. When
 * every value is equal there is one bucket holding them all.
 */
import type { HistogramData } from './event-protos.js';

/** Default bucket count, as in `tf.summary.histogram` (TensorBoard 2.x). */
export const DEFAULT_HISTOGRAM_BINS = 30;

/** The histogram of `values` with `bins` equal-width buckets. Throws on empty input or non-finite values. */
export function computeHistogram(values: ArrayLike<number>, bins: number = DEFAULT_HISTOGRAM_BINS): HistogramData {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`histogram: bins must be a positive integer, got ${bins}`);
  }
  const n = values.length;
  if (n === 0) throw new Error('histogram: values must not be empty, got length 0');
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new Error(`histogram: values[${i}] must be finite, got ${v}`);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  if (min === max) {
    return { min, max, num: n, sum, sumSquares, bucketLimit: [max], bucket: [n] };
  }
  const width = (max - min) / bins;
  const bucketLimit = Array.from({ length: bins }, (_, i) => (i === bins - 1 ? max : min + width * (i + 1)));
  const bucket = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    // Right-closed buckets: a value exactly on an inner edge belongs to the lower bucket.
    let k = Math.min(bins - 1, Math.max(0, Math.ceil((v - min) / width) - 1));
    // Correct the arithmetic estimate against the stored edges (rounding can put it one off).
    while (k < bins - 1 && v > (bucketLimit[k] as number)) k++;
    while (k > 0 && v <= (bucketLimit[k - 1] as number)) k--;
    bucket[k] = (bucket[k] as number) + 1;
  }
  return { min, max, num: n, sum, sumSquares, bucketLimit, bucket };
}
