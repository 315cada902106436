/**
 * The two kinds of 95 % confidence interval that `lbgym calibrate` reports
 * (docs/model.md §8.5):
 *
 * - **profile likelihood**: `{x : 2 (l(x_hat) - l(x)) <= chi2_1(0.95)}`,
 *   for a one-parameter log-likelihood `l` (maximised over any others), its
 *   two ends found by regula falsi;
 * - **seeded bootstrap**: percentile intervals of a refit on `B` resamples
 *   drawn with replacement within each group of rows (a stratified
 *   bootstrap; one group is the plain one). The resamples come from one
 *   seeded stream, so the same seed gives the same intervals.
 */
import type { Rng } from '../../envs/sim/rng.js';
import { Z975 } from '../../envs/sim/student-t.js';

/** The 0.95 quantile of chi-square with one degree of freedom (= 1.96^2). */
export const CHI2_1_95 = Z975 * Z975;

export type Interval = [number, number];

/**
 * The profile-likelihood interval of a positive parameter: `logLik` is its
 * (profile) log-likelihood, maximal at `mle`. Each end is searched on the
 * log scale, widening by factors of `step` up to a factor `span` from
 * `mle` (an end not reached by then is reported as that bound), then
 * located by regula falsi to a relative width `tol`.
 */
export function profileInterval(logLik: (x: number) => number, mle: number, options: { step?: number; span?: number; tol?: number } = {}): Interval {
  const { step = 2, span = 1e6, tol = 1e-6 } = options;
  const top = logLik(mle);
  // g < 0 inside the interval, > 0 outside.
  const g = (x: number): number => 2 * (top - logLik(x)) - CHI2_1_95;
  const end = (dir: 1 | -1): number => {
    let ua = Math.log(mle);
    let ga = -CHI2_1_95;
    let ub = ua + dir * Math.log(step);
    let gb = g(Math.exp(ub));
    while (gb <= 0) {
      ua = ub;
      ga = gb;
      ub += dir * Math.log(step);
      if (Math.abs(ub - Math.log(mle)) > Math.log(span)) return Math.exp(ub);
      gb = g(Math.exp(ub));
    }
    // ua inside, ub outside: regula falsi on the log scale (Illinois variant).
    let side = 0;
    for (let iter = 0; iter < 200 && Math.abs(ub - ua) > tol; iter++) {
      const um = ub - (gb * (ub - ua)) / (gb - ga);
      const gm = g(Math.exp(um));
      if (Math.abs(gm) < 1e-9) return Math.exp(um);
      if (gm < 0) {
        ua = um;
        ga = gm;
        if (side === -1) gb /= 2;
        side = -1;
      } else {
        ub = um;
        gb = gm;
        if (side === 1) ga /= 2;
        side = 1;
      }
    }
    return Math.exp((ua + ub) / 2);
  };
  return [end(-1), end(1)];
}

/** The `q`-quantile of sorted values (linear interpolation between order statistics). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

export interface BootstrapResult {
  /** One 95 % percentile interval per parameter of the estimate. */
  intervals: Interval[];
  /** Resamples drawn. */
  resamples: number;
  /** Resamples on which the refit failed (left out of the intervals). */
  failed: number;
}

/**
 * A stratified percentile bootstrap: `groups` lists row indices (rows are
 * resampled within their group); `refit` maps the chosen rows to a
 * parameter vector, or undefined when the fit fails on that resample.
 */
export function bootstrapIntervals(groups: readonly (readonly number[])[], refit: (rows: Int32Array) => number[] | undefined, resamples: number, rng: Rng): BootstrapResult {
  const total = groups.reduce((s, g) => s + g.length, 0);
  const rows = new Int32Array(total);
  const draws: number[][] = [];
  let failed = 0;
  for (let b = 0; b < resamples; b++) {
    let k = 0;
    for (const g of groups) for (let i = 0; i < g.length; i++) rows[k++] = g[rng.int(g.length)]!;
    const est = refit(rows);
    if (est === undefined || est.some((x) => !Number.isFinite(x))) failed++;
    else draws.push(est);
  }
  const p = draws[0]?.length ?? 0;
  const intervals: Interval[] = Array.from({ length: p }, (_, j) => {
    const sorted = draws.map((d) => d[j]!).sort((x, y) => x - y);
    return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  });
  return { intervals, resamples, failed };
}
