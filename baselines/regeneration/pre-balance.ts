/**
 * The system just before the balancing instant t_b (docs/model.md §3.3).
 *
 * Until t_b the two services and the two messages are independent, so the
 * state at t_b is a product law: node i holds `m_i - min(m_i, N_i)` tasks with
 * `N_i ~ Poisson(lambda_i t_b)`, and node i is informed with probability
 * `1 - exp(-t_b / c)`, c the mean delay of the message it waits for. When
 * both queues are empty at t_b the episode already ended at
 * `max(F_1, F_2)`, `F_i ~ Erlang(m_i, lambda_i)`.
 */
import { erlangCdf, poissonPmf } from '../../envs/sim/special.js';
import { integrate } from './quadrature.js';

/** Probability mass left out of a queue range (each tail). */
export const RANGE_TAIL = 1e-15;

/** A range of queue lengths `lo..hi` at t_b. */
export interface QueueRange {
  readonly lo: number;
  readonly hi: number;
}

/**
 * The queue lengths node i can hold at any t_b in `[tbMin, tbMax]`, leaving
 * out at most RANGE_TAIL of probability at either end.
 */
export function queueRange(m: number, rate: number, tbMin: number, tbMax: number): QueueRange {
  if (m === 0) return { lo: 0, hi: 0 };
  const muMin = rate * tbMin;
  const muMax = rate * tbMax;
  // Fewest services: drop the lower tail of Poisson(muMin).
  let nLo = 0;
  let cum = 0;
  for (;;) {
    const p = poissonPmf(nLo, muMin);
    if (cum + p > RANGE_TAIL || nLo >= m) break;
    cum += p;
    nLo++;
  }
  // Most services: the upper tail of Poisson(muMax) beyond nHi is < RANGE_TAIL.
  let nHi = Math.max(nLo, Math.ceil(muMax));
  while (nHi < m && poissonPmf(nHi + 1, muMax) / (1 - muMax / (nHi + 2)) >= RANGE_TAIL) nHi++;
  return { lo: Math.max(0, m - nHi), hi: Math.max(0, m - nLo) };
}

/** Writes `P(Q_i(t_b) = q)` for q in the range into `out[q - lo]`. */
export function queueDistribution(m: number, rate: number, tb: number, range: QueueRange, out: Float64Array): void {
  const mean = rate * tb;
  for (let q = range.lo; q <= range.hi; q++) {
    out[q - range.lo] = m === 0 ? 1 : q === 0 ? erlangCdf(m, rate, tb) : poissonPmf(m - q, mean);
  }
}

/** Probability that a message of mean delay c has arrived by t_b. */
export function informedProbability(c: number, tb: number): number {
  return -Math.expm1(-tb / c);
}

/**
 * `E[min(max_i F_i, t_b)] = int_0^{t_b} (1 - prod_i P(F_i <= t)) dt` (any number of nodes):
 * the time that elapses before balancing, or before the episode ends if both
 * queues empty first. Adding `sum P(state) g(state)` over the states with
 * work left at t_b gives the expected completion time.
 */
export function elapsedBeforeBalancing(loads: ArrayLike<number>, rates: ArrayLike<number>, tb: number): number {
  let total = 0;
  let maxRate = 0;
  for (let i = 0; i < loads.length; i++) {
    total += loads[i]!;
    maxRate = Math.max(maxRate, rates[i]!);
  }
  if (tb <= 0 || total === 0) return 0;
  const all = (t: number): number => {
    let p = 1;
    for (let i = 0; i < loads.length; i++) p *= erlangCdf(loads[i]!, rates[i]!, t);
    return p;
  };
  // int_0^tb all(t) dt <= tb * all(tb): skip when negligible.
  if (tb * all(tb) < 1e-17) return tb;
  return tb - integrate(all, tb, Math.min(0.5, 2 / maxRate), 12);
}
