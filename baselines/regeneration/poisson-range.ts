/**
 * Poisson probabilities over a range of counts, computed by recurrence from
 * the point nearest the mode (one log-space evaluation, no underflow at the
 * mode, no loss when the range is far in a tail).
 */
import { poissonPmf } from '../../envs/sim/special.js';

/** Writes `P(N = from + i)` for `i < count`, `N ~ Poisson(mean)`, into `out`. */
export function poissonRange(mean: number, from: number, count: number, out: Float64Array): void {
  if (count <= 0) return;
  if (mean === 0) {
    for (let i = 0; i < count; i++) out[i] = from + i === 0 ? 1 : 0;
    return;
  }
  const last = from + count - 1;
  const start = Math.min(last, Math.max(from, Math.floor(mean)));
  const p = poissonPmf(start, mean);
  out[start - from] = p;
  let q = p;
  for (let n = start; n < last; n++) {
    q *= mean / (n + 1);
    out[n + 1 - from] = q;
  }
  q = p;
  for (let n = start; n > from; n--) {
    q *= n / mean;
    out[n - 1 - from] = q;
  }
}

/** `P(N < k)` for `N ~ Poisson(mean)` (summed pmf, exact to rounding). */
export function poissonBelow(k: number, mean: number, scratch: Float64Array): number {
  if (k <= 0) return 0;
  poissonRange(mean, 0, k, scratch);
  let s = 0;
  for (let i = 0; i < k; i++) s += scratch[i]!;
  return Math.min(1, s);
}
