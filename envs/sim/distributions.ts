/**
 * Delay and service-time distributions (docs/model.md §1.2) and their samplers.
 *
 * Every family is parameterised by its mean (seconds), so a transfer delay of
 * mean `theta(L)` or a node of rate `lambda` is the same family rescaled:
 *
 * | family        | extra fields       | law                                         |
 * |---------------|--------------------|---------------------------------------------|
 * | exponential   |                    | Exp(mean)                                   |
 * | deterministic |                    | always `mean`                               |
 * | lognormal     | `cv` (> 0)         | lognormal with that mean and coefficient of variation |
 * | pareto        | `shape` (> 1)      | classical Pareto, `x_m = mean (shape-1)/shape` |
 * | empirical     | `samples` (> 0 each) | resampled uniformly, rescaled to `mean` when given |
 */
import type { Rng } from './rng.js';
import { checkKnownKeys, invalid, requireFinite, requirePositive } from './validation.js';

export type Distribution =
  | { family: 'exponential'; mean: number }
  | { family: 'deterministic'; mean: number }
  | { family: 'lognormal'; mean: number; cv: number }
  | { family: 'pareto'; mean: number; shape: number }
  | { family: 'empirical'; samples: readonly number[]; mean?: number };

export type DistributionFamily = Distribution['family'];

/** The shape of a distribution without its scale: a family whose mean is set per draw. */
export type DelayShape =
  | { family: 'exponential' }
  | { family: 'deterministic' }
  | { family: 'lognormal'; cv: number }
  | { family: 'pareto'; shape: number }
  | { family: 'empirical'; samples: readonly number[] };

/** Draws a value of mean 1 of the given shape; multiply by the wanted mean. */
export type UnitSampler = (rng: Rng) => number;

export const FAMILIES: readonly DistributionFamily[] = [
  'exponential',
  'deterministic',
  'lognormal',
  'pareto',
  'empirical',
];

/** Validates a distribution object; `field` names it in errors. */
/** The keys each family takes. */
const FAMILY_KEYS: Record<Distribution['family'], Record<string, true>> = {
  exponential: { family: true, mean: true },
  deterministic: { family: true, mean: true },
  lognormal: { family: true, mean: true, cv: true },
  pareto: { family: true, mean: true, shape: true },
  empirical: { family: true, samples: true, mean: true },
};

export function validateDistribution(d: unknown, field: string): Distribution {
  if (typeof d !== 'object' || d === null) invalid(field, d, 'an object with a "family"');
  const o = d as Record<string, unknown>;
  const family = o['family'];
  const keys = FAMILY_KEYS[family as Distribution['family']];
  if (keys !== undefined) checkKnownKeys<Record<string, unknown>>(o, keys, field);
  switch (family) {
    case 'exponential':
    case 'deterministic':
      return { family, mean: requirePositive(o['mean'], `${field}.mean`) };
    case 'lognormal':
      return {
        family,
        mean: requirePositive(o['mean'], `${field}.mean`),
        cv: requirePositive(o['cv'], `${field}.cv`),
      };
    case 'pareto': {
      const shape = requireFinite(o['shape'], `${field}.shape`);
      if (!(shape > 1)) invalid(`${field}.shape`, shape, 'a number > 1 (the mean must be finite)');
      return { family, mean: requirePositive(o['mean'], `${field}.mean`), shape };
    }
    case 'empirical': {
      const samples = validateSamples(o['samples'], `${field}.samples`);
      const out: Distribution = { family, samples };
      if (o['mean'] !== undefined) out.mean = requirePositive(o['mean'], `${field}.mean`);
      return out;
    }
    default:
      return invalid(`${field}.family`, family, `one of ${FAMILIES.join(', ')}`);
  }
}

function validateSamples(v: unknown, field: string): number[] {
  if (!Array.isArray(v) || v.length === 0) invalid(field, v, 'a non-empty array of positive numbers');
  return v.map((x, i) => requirePositive(x, `${field}[${i}]`));
}

/** The mean of a distribution. */
export function meanOf(d: Distribution): number {
  if (d.family === 'empirical') return d.mean ?? average(d.samples);
  return d.mean;
}

function average(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** The shape of a distribution (its scale removed). */
export function shapeOf(d: Distribution): DelayShape {
  switch (d.family) {
    case 'exponential':
    case 'deterministic':
      return { family: d.family };
    case 'lognormal':
      return { family: 'lognormal', cv: d.cv };
    case 'pareto':
      return { family: 'pareto', shape: d.shape };
    case 'empirical':
      return { family: 'empirical', samples: d.samples };
  }
}

/** A sampler of mean 1 for a shape. */
export function unitSampler(shape: DelayShape): UnitSampler {
  switch (shape.family) {
    case 'exponential':
      return (rng) => -Math.log(rng.uniformPositive());
    case 'deterministic':
      return () => 1;
    case 'lognormal': {
      const sigma2 = Math.log(1 + shape.cv * shape.cv);
      const sigma = Math.sqrt(sigma2);
      const mu = -sigma2 / 2;
      return (rng) => Math.exp(mu + sigma * rng.normal());
    }
    case 'pareto': {
      const a = shape.shape;
      const xm = (a - 1) / a;
      const invA = 1 / a;
      return (rng) => xm / Math.pow(rng.uniformPositive(), invA);
    }
    case 'empirical': {
      const m = average(shape.samples);
      const unit = shape.samples.map((x) => x / m);
      const n = unit.length;
      return (rng) => unit[Math.floor(rng.uniform() * n)]!;
    }
  }
}

/** A sampler of the distribution itself (its mean applied). */
export function sampler(d: Distribution): UnitSampler {
  if (d.family === 'empirical' && d.mean === undefined) {
    const xs = d.samples;
    const n = xs.length;
    return (rng) => xs[Math.floor(rng.uniform() * n)]!;
  }
  const unit = unitSampler(shapeOf(d));
  const mean = meanOf(d);
  return (rng) => mean * unit(rng);
}

/**
 * Gamma(shape k, scale 1) for integer or real k >= 1 (Marsaglia–Tsang), and
 * the product-of-uniforms method for small integer k, where it is cheaper.
 * Erlang(k, rate) = gammaUnit(k) / rate.
 */
export function gammaUnit(rng: Rng, k: number): number {
  if (k <= 0) return 0;
  if (k <= 12 && Number.isInteger(k)) {
    let p = 1;
    for (let i = 0; i < k; i++) p *= rng.uniformPositive();
    return -Math.log(p);
  }
  if (k < 1) {
    // Boost: Gamma(k) = Gamma(k + 1) U^(1/k).
    return gammaUnit(rng, k + 1) * Math.pow(rng.uniformPositive(), 1 / k);
  }
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformPositive();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(mean) (inversion below 30, Hörmann's PTRS above). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    let k = 0;
    let p = Math.exp(-mean);
    let s = p;
    const u = rng.uniform();
    while (u > s) {
      k++;
      p *= mean / k;
      s += p;
      if (p === 0) break;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng.uniform() - 0.5;
    const V = rng.uniformPositive();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGammaInt(k + 1)) {
      return k;
    }
  }
}

function logGammaInt(n: number): number {
  // log((n-1)!) for integer n >= 1.
  let s = 0;
  if (n < 64) {
    for (let i = 2; i < n; i++) s += Math.log(i);
    return s;
  }
  const x = n;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/** Beta(a, b) from two gammas. */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gammaUnit(rng, a);
  const y = gammaUnit(rng, b);
  return x / (x + y);
}
