/** Small statistics helpers for deterministic statistical tests. */
import { erlangCdf } from '../../envs/sim/special.js';

export function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number; sd: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i]! - mean) ** 2;
  const sd = Math.sqrt(v / (n - 1));
  return { mean, se: sd / Math.sqrt(n), sd };
}

/** E[max(Erlang(m, l1), Erlang(n, l2))] by trapezoidal integration of 1 - F1 F2. */
export function expectedMaxErlang(m: number, l1: number, n: number, l2: number, step = 0.005): number {
  let t = 0;
  let acc = 0;
  let prev = 1 - erlangCdf(m, l1, 0) * erlangCdf(n, l2, 0);
  for (;;) {
    t += step;
    const cur = 1 - erlangCdf(m, l1, t) * erlangCdf(n, l2, t);
    acc += 0.5 * step * (prev + cur);
    prev = cur;
    if (cur < 1e-13 && t > 1) break;
  }
  return acc;
}
