/**
 * The family of a delay from its samples (docs/model.md §8.3): the
 * maximum-likelihood fit of each candidate family, in the scenario's own
 * distribution format (docs/model.md §1.2), chosen by AIC
 * (`2 k - 2 max log-likelihood`, the lowest wins).
 *
 * | family        | k | maximum-likelihood estimate                                    |
 * |---------------|---|-----------------------------------------------------------------|
 * | `exponential` | 1 | `mean = average(x)`                                              |
 * | `lognormal`   | 2 | `m, s^2` = mean and (1/n) variance of `log x`; `mean = exp(m + s^2/2)`, `cv = sqrt(exp(s^2) - 1)` |
 * | `pareto`      | 2 | `x_m = min x`, `shape = n / sum(log(x / x_m))`; `mean = shape x_m / (shape - 1)` |
 *
 * A Pareto fit with `shape <= 1` has no finite mean, which the scenario
 * format cannot express: it is reported and left out of the choice.
 */
import type { Distribution } from '../../envs/sim/distributions.js';
import { ConfigError } from '../../envs/sim/validation.js';
import { type Interval, profileInterval } from './confidence.js';
import { goldenMaximum } from './line-search.js';

export const FITTED_FAMILIES = ['exponential', 'lognormal', 'pareto'] as const;
export type FittedFamily = (typeof FITTED_FAMILIES)[number];

export interface FamilyFit {
  family: FittedFamily;
  /** The fitted law in the scenario's format; undefined when it has none (see `excluded`). */
  distribution: Distribution | undefined;
  logLik: number;
  /** Free parameters k. */
  params: number;
  aic: number;
  /** Why the fit cannot be chosen, when it cannot. */
  excluded?: string;
}

function sumOf(xs: readonly number[], f: (x: number) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

/** The maximum-likelihood fit of one family, or undefined when the samples cannot determine it (e.g. all equal for lognormal). */
export function fitFamily(family: FittedFamily, xs: readonly number[]): FamilyFit | undefined {
  const n = xs.length;
  const result = (distribution: Distribution | undefined, logLik: number, params: number, excluded?: string): FamilyFit => ({
    family,
    distribution,
    logLik,
    params,
    aic: 2 * params - 2 * logLik,
    ...(excluded !== undefined ? { excluded } : {}),
  });
  switch (family) {
    case 'exponential': {
      const mean = sumOf(xs, (x) => x) / n;
      return result({ family, mean }, -n * Math.log(mean) - n, 1);
    }
    case 'lognormal': {
      const sumLog = sumOf(xs, Math.log);
      const m = sumLog / n;
      const s2 = sumOf(xs, (x) => (Math.log(x) - m) ** 2) / n;
      if (!(s2 > 0)) return undefined;
      const logLik = -sumLog - (n / 2) * Math.log(2 * Math.PI * s2) - n / 2;
      return result({ family, mean: Math.exp(m + s2 / 2), cv: Math.sqrt(Math.expm1(s2)) }, logLik, 2);
    }
    case 'pareto': {
      let xm = Infinity;
      for (const x of xs) xm = Math.min(xm, x);
      const sumLog = sumOf(xs, (x) => Math.log(x / xm));
      if (!(sumLog > 0)) return undefined;
      const shape = n / sumLog;
      const logLik = n * Math.log(shape) + n * shape * Math.log(xm) - (shape + 1) * sumOf(xs, Math.log);
      if (!(shape > 1)) return result(undefined, logLik, 2, `shape ${shape.toPrecision(4)} <= 1: no finite mean`);
      return result({ family, mean: (shape * xm) / (shape - 1), shape }, logLik, 2);
    }
  }
}

export interface FamilySelection {
  /** Every candidate that could be fitted, in FITTED_FAMILIES order. */
  fits: FamilyFit[];
  /** The chosen one: the lowest AIC among those with a distribution, or the only family asked for. */
  best: FamilyFit & { distribution: Distribution };
}

/**
 * Fits `families` and chooses by AIC. Throws (naming `field`) when none of
 * them can be fitted.
 */
export function selectFamily(xs: readonly number[], families: readonly FittedFamily[] = FITTED_FAMILIES, field = 'samples'): FamilySelection {
  const fits = families.map((f) => fitFamily(f, xs)).filter((f): f is FamilyFit => f !== undefined);
  let best: (FamilyFit & { distribution: Distribution }) | undefined;
  for (const f of fits) {
    if (f.distribution !== undefined && (best === undefined || f.aic < best.aic)) best = f as FamilyFit & { distribution: Distribution };
  }
  if (best === undefined) {
    const why = fits.map((f) => `${f.family}: ${f.excluded ?? 'not determined'}`).join('; ');
    throw new ConfigError(field, xs.length, '', `${field}: no family among ${families.join(', ')} fits ${xs.length} samples${why === '' ? ' (they are all equal)' : ` (${why})`}`);
  }
  return { fits, best };
}

/** The scenario fields of a fitted law, as `[name, value]` pairs (mean first). */
export function familyParameters(d: Distribution): [string, number][] {
  switch (d.family) {
    case 'lognormal':
      return [['mean', d.mean], ['cv', d.cv]];
    case 'pareto':
      return [['mean', d.mean], ['shape', d.shape]];
    case 'exponential':
    case 'deterministic':
      return [['mean', d.mean]];
    case 'empirical':
      return [];
  }
}

/**
 * The 95 % profile-likelihood interval of each parameter that
 * `familyParameters` lists for the fit of `family` to `xs`, in that order:
 *
 * - exponential `mean`: `l(mean) = -n log(mean) - sum(x) / mean`;
 * - lognormal `mean = exp(m + s^2/2)`: `l` maximised over `s^2` on the curve
 *   `m + s^2/2 = log(mean)`; `cv = sqrt(exp(s^2) - 1)`: the interval of `s^2`
 *   (with `m` at its estimate) mapped through that increasing function;
 * - pareto `shape`: `l(shape)` with `x_m = min x` held at its estimate;
 *   `mean`: the shape interval mapped through `mean = shape x_m / (shape - 1)`
 *   (decreasing), its upper end unbounded when the shape interval reaches 1.
 */
export function familyIntervals(family: FittedFamily, xs: readonly number[]): Interval[] {
  const n = xs.length;
  const logs = xs.map(Math.log);
  const sumLog = logs.reduce((s, x) => s + x, 0);
  switch (family) {
    case 'exponential': {
      const sum = xs.reduce((s, x) => s + x, 0);
      return [profileInterval((mean) => -n * Math.log(mean) - sum / mean, sum / n)];
    }
    case 'lognormal': {
      const m = sumLog / n;
      const ss = logs.reduce((s, x) => s + (x - m) ** 2, 0);
      const s2Hat = ss / n;
      // l(m', s2) = -sum log x - n/2 log(2 pi s2) - (ss + n (m - m')^2) / (2 s2)
      const ll = (mm: number, s2: number): number => -sumLog - (n / 2) * Math.log(2 * Math.PI * s2) - (ss + n * (m - mm) ** 2) / (2 * s2);
      const ofMean = (mean: number): number => {
        const t = Math.log(mean);
        return goldenMaximum((u) => ll(t - Math.exp(u) / 2, Math.exp(u)), Math.log(s2Hat) - 12, Math.log(s2Hat) + 12, 1e-9).value;
      };
      const s2Ci = profileInterval((s2) => ll(m, s2), s2Hat);
      const cv = (s2: number): number => Math.sqrt(Math.expm1(s2));
      return [profileInterval(ofMean, Math.exp(m + s2Hat / 2)), [cv(s2Ci[0]), cv(s2Ci[1])]];
    }
    case 'pareto': {
      let xm = Infinity;
      for (const x of xs) xm = Math.min(xm, x);
      const sumRel = sumLog - n * Math.log(xm);
      const shapeHat = n / sumRel;
      const shapeCi = profileInterval((a) => n * Math.log(a) - a * sumRel, shapeHat);
      const mean = (a: number): number => (a > 1 ? (a * xm) / (a - 1) : Infinity);
      return [[mean(shapeCi[1]), mean(shapeCi[0])], shapeCi];
    }
  }
}
