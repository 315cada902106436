/**
 * The law of one node's remaining completion time after t_b when it keeps
 * `k` tasks and receives several batches (docs/model.md §3.8): batch j of
 * `L_j` tasks arrives after `Z_j ~ Exp(mean theta_j)`, independently, and the
 * node serves FIFO at rate lambda. This is a phase-type time: the absorbing
 * chain on `(A, q)`, A the set of batches arrived and q the queue, with
 *
 * - a service, rate lambda when q > 0: q -> q - 1;
 * - the arrival of batch j not in A, rate `zeta_j = 1 / theta_j`: A -> A + {j}, q -> q + L_j;
 *
 * absorbed at (all arrived, 0). With one batch node-completion.ts tabulates
 * it; this file handles two or more.
 *
 * Method. Uniformization at rate `Lambda = lambda + sum zeta_j`: with P the
 * uniformized jump matrix, `s_n = P^n s_0` (s_0 = 1 off the absorbing state)
 * is the probability of not being absorbed after n jumps, from every start at
 * once (a backward recursion), so
 *
 *     S_k(t) = sum_n pois(n; Lambda t) s_n(empty set, k)
 *
 * for every kept k. All terms are positive (no cancellation in the tails).
 * The recursion stops once every `s_n(empty, k)` is below 1e-18 or the
 * Poisson weights beyond are negligible at the grid's last time. Exact first
 * and second moments come from the same chain (a recursion over the states
 * towards absorption: A grows or q falls at each step).
 */
import { finish, type SurvivalTable } from './node-completion.js';
import { poissonRange } from './poisson-range.js';
import type { TimeGrid } from './quadrature.js';

/** A batch on its way to the node: its size and mean transfer delay (s). */
export interface IncomingBatch {
  readonly tasks: number;
  readonly theta: number;
}

/** A tabulated several-batch law and its exact second moments per kept k. */
export interface MultiBatchLaw {
  readonly table: SurvivalTable;
  readonly secondMoments: Float64Array;
}

const NEGLIGIBLE = 1e-18;
/** Poisson windows reach this many standard deviations (and a margin) either side of the mean. */
const WINDOW_SIGMAS = 10;
const WINDOW_MARGIN = 12;

/** Offsets of the levels A (kMax + sum of the arrived batches + 1 queue values each). */
function levels(batches: readonly IncomingBatch[], kMax: number): { offset: Int32Array; top: Int32Array; size: number } {
  const subsets = 1 << batches.length;
  const offset = new Int32Array(subsets);
  const top = new Int32Array(subsets);
  let size = 0;
  for (let A = 0; A < subsets; A++) {
    let t = kMax;
    batches.forEach((b, j) => {
      if ((A >> j) & 1) t += b.tasks;
    });
    offset[A] = size;
    top[A] = t;
    size += t + 1;
  }
  return { offset, top, size };
}

/** Exact `E[T_C]` and `E[T_C^2]` for kept k = 0..kMax. */
export function multiBatchMoments(rate: number, batches: readonly IncomingBatch[], kMax: number): { means: Float64Array; second: Float64Array } {
  const r = batches.length;
  const full = (1 << r) - 1;
  const { offset, top, size } = levels(batches, kMax);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  // Larger sets first (their states are reached from the smaller ones), queues upwards.
  for (let A = full; A >= 0; A--) {
    const o = offset[A]!;
    for (let q = 0; q <= top[A]!; q++) {
      if (A === full && q === 0) continue;
      let out = q > 0 ? rate : 0;
      for (let j = 0; j < r; j++) if (!((A >> j) & 1)) out += 1 / batches[j]!.theta;
      let e1 = q > 0 ? rate * m1[o + q - 1]! : 0;
      let e2 = q > 0 ? rate * m2[o + q - 1]! : 0;
      for (let j = 0; j < r; j++) {
        if ((A >> j) & 1) continue;
        const next = offset[A | (1 << j)]! + q + batches[j]!.tasks;
        e1 += m1[next]! / batches[j]!.theta;
        e2 += m2[next]! / batches[j]!.theta;
      }
      // T = tau + T', tau ~ Exp(out) independent of the next state.
      m1[o + q] = (1 + e1) / out;
      m2[o + q] = 2 / (out * out) + (2 * e1) / (out * out) + e2 / out;
    }
  }
  return { means: m1.slice(0, kMax + 1), second: m2.slice(0, kMax + 1) };
}

/** Tabulates `S_k(t)` on `grid` for k = 0..kMax, with its exact moments. */
export function multiBatchLaw(rate: number, batches: readonly IncomingBatch[], kMax: number, grid: TimeGrid): MultiBatchLaw {
  const r = batches.length;
  const full = (1 << r) - 1;
  const { offset, top, size } = levels(batches, kMax);
  const zeta = batches.map((b) => 1 / b.theta);
  const Lambda = rate + zeta.reduce((a, b) => a + b, 0);
  const G = grid.times.length;
  const tLast = G > 0 ? grid.times[G - 1]! : 0;
  const meanLast = Lambda * tLast;
  const nCap = Math.ceil(meanLast + WINDOW_SIGMAS * Math.sqrt(meanLast) + WINDOW_MARGIN);
  const K1 = kMax + 1;
  // s_n on the start level (A = empty set), [n * K1 + k].
  const start = new Float64Array((nCap + 1) * K1);
  const tasks = Int32Array.from(batches, (b) => b.tasks);
  let s = new Float64Array(size).fill(1);
  s[offset[full]!] = 0;
  let next = new Float64Array(size);
  const pushStart = (n: number): boolean => {
    let any = false;
    const o = n * K1;
    for (let k = 0; k <= kMax; k++) {
      start[o + k] = s[k]!;
      if (s[k]! >= NEGLIGIBLE) any = true;
    }
    return any;
  };
  let n = 0;
  let alive = pushStart(0);
  const invLambda = 1 / Lambda;
  while (alive && n < nCap) {
    for (let A = 0; A <= full; A++) {
      const o = offset[A]!;
      const qTop = top[A]!;
      // The rate of leaving (A, q) by an arrival.
      let arrive = 0;
      for (let j = 0; j < r; j++) if (!((A >> j) & 1)) arrive += zeta[j]!;
      for (let q = 0; q <= qTop; q++) {
        let acc = 0;
        let stay = Lambda - arrive;
        if (q > 0) {
          acc = rate * s[o + q - 1]!;
          stay -= rate;
        }
        for (let j = 0; j < r; j++) {
          if ((A >> j) & 1) continue;
          acc += zeta[j]! * s[offset[A | (1 << j)]! + q + tasks[j]!]!;
        }
        next[o + q] = (acc + stay * s[o + q]!) * invLambda;
      }
    }
    next[offset[full]!] = 0;
    const tmp = s;
    s = next;
    next = tmp;
    n++;
    alive = pushStart(n);
  }
  const N = n; // s_m(empty, k) < NEGLIGIBLE for m > N when the recursion stopped early
  const rows = new Float64Array(K1 * G);
  const pois = new Float64Array(nCap + 2 * WINDOW_MARGIN + 1);
  const acc = new Float64Array(K1);
  for (let i = 0; i < G; i++) {
    const mean = Lambda * grid.times[i]!;
    const spread = WINDOW_SIGMAS * Math.sqrt(mean) + WINDOW_MARGIN;
    const lo = Math.max(0, Math.floor(mean - spread));
    const hi = Math.min(N, Math.ceil(mean + spread));
    acc.fill(0);
    if (hi >= lo) {
      poissonRange(mean, lo, hi - lo + 1, pois);
      for (let m = lo; m <= hi; m++) {
        const w = pois[m - lo]!;
        const o = m * K1;
        for (let k = 0; k <= kMax; k++) acc[k] = acc[k]! + w * start[o + k]!;
      }
    }
    // Terms outside the window carry less than its Poisson tails (each s_m is in [0, 1]).
    for (let k = 0; k <= kMax; k++) rows[k * G + i] = Math.min(1, acc[k]!);
  }
  const { means, second } = multiBatchMoments(rate, batches, kMax);
  const total = batches.reduce((a, b) => a + b.tasks, 0);
  return { table: finish(rate, total, Number.NaN, kMax, rows, means, grid), secondMoments: second };
}
