/**
 * Fairness measures (docs/model.md §5.1).
 *
 * - Jain's index `J(x) = (sum x)^2 / (n sum x^2)`, in (0, 1], 1 when all equal
 *   (and 1 by convention when every x is 0).
 * - Variance-based fairness `-Var(x)` (population variance), the potential of
 *   the multi-agent game: 0 when all equal, negative otherwise.
 */

export function jainIndex(x: ArrayLike<number>): number {
  const n = x.length;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    s += v;
    s2 += v * v;
  }
  return s2 === 0 ? 1 : (s * s) / (n * s2);
}

/** jainIndex of two values, `(x + y)^2 / (2 (x^2 + y^2))` (1 when both are 0), without an array. */
export function jainIndexOfTwo(x: number, y: number): number {
  const s2 = x * x + y * y;
  return s2 === 0 ? 1 : ((x + y) * (x + y)) / (2 * s2);
}

export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - m;
    v += d * d;
  }
  return v / n;
}

export function varianceFairness(x: ArrayLike<number>): number {
  return -variance(x);
}
