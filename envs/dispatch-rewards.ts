/**
 * The fairness rewards of the dispatch environments (docs/model.md §5.4),
 * over `x_i`, the observed per-server mean flow duration (completion time),
 * carried forward and, with `smoothing > 0`, exponentially smoothed across
 * intervals. Every one is best when all `x_i` are equal; they differ in what
 * they make of an unequal state:
 *
 * | name | reward | range | what its optimum rewards |
 * |---|---|---|---|
 * | `jain` | `(sum x)^2 / (n sum x^2)` | (0, 1] | equal durations; scale-free, quadratic in the spread |
 * | `variance` | `-Var(x / timeScale)` | <= 0 | equal durations and, unlike the indices, short ones too (the spread is absolute): the potential of the multi-dispatcher game |
 * | `log-variance` | `-ln(1e-6 + Var(x / timeScale))` | <= 13.8 | the same order as `variance` (an ordinal potential), with the small spreads near the optimum expanded |
 * | `g-index` | `prod_j sin(pi x_j / (2 max x))` | [0, 1] | equal durations; scale-free, flat near the optimum, severe on a server far below the slowest |
 * | `bossaer` | `prod_j x_j / max x` | [0, 1] | equal durations; scale-free, every server's shortfall from the slowest multiplies in |
 * | `product` | `prod_j x_j / mean(x)` = (geometric / arithmetic mean)^n | [0, 1] | equal durations; scale-free, like proportional fairness |
 *
 * All are 1 (0 for the variances) while every `x` is 0; a server never
 * observed has `x = 0`, which makes the three products 0.
 */
import { jainIndex, variance } from './sim/fairness.js';

export const DISPATCH_REWARDS = ['jain', 'variance', 'g-index', 'bossaer', 'log-variance', 'product'] as const;
export type DispatchReward = (typeof DISPATCH_REWARDS)[number];

/** The floor under the variance inside `log-variance`'s logarithm. */
export const LOG_VARIANCE_FLOOR = 1e-6;

/** The reward `reward` of the observed means `x` (seconds) with the env's `timeScale`. */
export function dispatchReward(reward: DispatchReward, x: ArrayLike<number>, timeScale: number): number {
  switch (reward) {
    case 'jain':
      return jainIndex(x);
    case 'variance':
      return -variance(x) / (timeScale * timeScale);
    case 'log-variance':
      return -Math.log(LOG_VARIANCE_FLOOR + variance(x) / (timeScale * timeScale));
    case 'g-index':
      return productOfRatios(x, maxOf(x), (r) => Math.sin((Math.PI / 2) * r));
    case 'bossaer':
      return productOfRatios(x, maxOf(x), (r) => r);
    case 'product':
      return productOfRatios(x, meanOf(x), (r) => r);
  }
}

/** `prod_j f(x_j / ref)`, 1 when ref is 0 (every x is 0). */
function productOfRatios(x: ArrayLike<number>, ref: number, f: (ratio: number) => number): number {
  if (ref === 0) return 1;
  let p = 1;
  for (let i = 0; i < x.length; i++) p *= f(x[i]! / ref);
  return p;
}

function maxOf(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]!);
  return m;
}

function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}
