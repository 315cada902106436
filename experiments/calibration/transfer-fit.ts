/**
 * The transfer-delay curve `theta(L)` from observations `(L, seconds)`
 * (docs/model.md §8.4), for each model of docs/model.md §2.4:
 *
 * | model          | theta(L)                          | k |
 * |----------------|-----------------------------------|---|
 * | `constant`     | `mean`                            | 1 |
 * | `affine`       | `dMin + d L`                      | 2 |
 * | `floor-linear` | `dMin + d L tanh(beta L / 2)`     | 3 |
 *
 * The fit is nonlinear least squares weighted by `1 / theta(L)^2`, the
 * weights re-estimated at every step (iteratively reweighted least squares).
 * Its fixed point is the maximum-likelihood fit when the delay is
 * exponential around `theta(L)`, the scenario's default transfer shape:
 * `l = -sum_i (log theta(L_i) + z_i / theta(L_i))`. The parameters are
 * constrained to be >= 0. For the floor-linear model the mean is linear in
 * `(dMin, d)` once `beta` is fixed, so `beta` is profiled out: a grid of 41
 * values, log-spaced from `0.01 / max L` to `100 / min L`, then a
 * golden-section search around the best one. The model is chosen by AIC
 * (`2 k - 2 l`, the lowest wins).
 *
 * The likelihood depends on the observations only through the count and sum
 * of the delays at each batch size, so a fit costs a few operations per
 * distinct batch size, whatever the number of observations.
 */
import { type TransferModel, TRANSFER_KINDS } from '../../envs/sim/transfer-delay.js';
import { ConfigError } from '../../envs/sim/validation.js';
import { goldenMaximum } from './line-search.js';
import type { TransferObservation } from './measurements.js';

export type TransferKind = TransferModel['kind'];

/** The observations reduced to their sufficient statistics: per distinct batch size, the count and sum of delays. */
export interface BatchTotals {
  batch: Float64Array;
  count: Float64Array;
  sum: Float64Array;
}

/** Groups the observations (or the rows `rows` of them, with repeats) by batch size, in increasing order. */
export function batchTotals(obs: readonly TransferObservation[], rows?: ArrayLike<number>): BatchTotals {
  const sizes = [...new Set(obs.map((o) => o.batch))].sort((a, b) => a - b);
  const index = new Map(sizes.map((L, i) => [L, i]));
  const count = new Float64Array(sizes.length);
  const sum = new Float64Array(sizes.length);
  const m = rows === undefined ? obs.length : rows.length;
  for (let r = 0; r < m; r++) {
    const o = obs[rows === undefined ? r : rows[r]!]!;
    const i = index.get(o.batch)!;
    count[i]! += 1;
    sum[i]! += o.seconds;
  }
  return { batch: Float64Array.from(sizes), count, sum };
}

/** The exponential log-likelihood of means `theta` (one per batch size). */
function logLikOf(t: BatchTotals, theta: Float64Array): number {
  let l = 0;
  for (let i = 0; i < theta.length; i++) {
    if (t.count[i] === 0) continue;
    l -= t.count[i]! * Math.log(theta[i]!) + t.sum[i]! / theta[i]!;
  }
  return l;
}

/**
 * The fit of `theta = a + b g` with `a, b >= 0` (`g >= 0` per batch size) by
 * iteratively reweighted least squares, with step halving whenever the
 * likelihood would fall.
 */
function fitLinearMean(t: BatchTotals, g: Float64Array): { a: number; b: number; logLik: number } {
  const k = g.length;
  const theta = new Float64Array(k);
  const evalAt = (a: number, b: number): number => {
    for (let i = 0; i < k; i++) theta[i] = a + b * g[i]!;
    for (let i = 0; i < k; i++) if (!(theta[i]! > 0) && t.count[i]! > 0) return -Infinity;
    return logLikOf(t, theta);
  };
  let n = 0;
  let s = 0;
  for (let i = 0; i < k; i++) {
    n += t.count[i]!;
    s += t.sum[i]!;
  }
  let a = s / n;
  let b = 0;
  let l = evalAt(a, b);
  for (let iter = 0; iter < 200; iter++) {
    // Weighted normal equations with w_i = count_i / theta_i^2 (theta from the current fit).
    let sw = 0;
    let swg = 0;
    let swgg = 0;
    let swy = 0;
    let swgy = 0;
    for (let i = 0; i < k; i++) {
      const th = a + b * g[i]!;
      const w = t.count[i]! / (th * th);
      const y = t.count[i]! > 0 ? t.sum[i]! / t.count[i]! : 0;
      sw += w;
      swg += w * g[i]!;
      swgg += w * g[i]! * g[i]!;
      swy += w * y;
      swgy += w * g[i]! * y;
    }
    const det = sw * swgg - swg * swg;
    let na = det > 0 ? (swgg * swy - swg * swgy) / det : -1;
    let nb = det > 0 ? (sw * swgy - swg * swy) / det : -1;
    if (!(na >= 0 && nb >= 0)) {
      // The constrained optimum of this weighted problem is on an edge: the better of a = 0 and b = 0.
      const onlyB = swgg > 0 ? Math.max(0, swgy / swgg) : 0;
      const onlyA = swy / sw;
      const wrss = (x: number, y: number): number => {
        let r = 0;
        for (let i = 0; i < k; i++) {
          const th = a + b * g[i]!;
          const mean = t.count[i]! > 0 ? t.sum[i]! / t.count[i]! : 0;
          r += (t.count[i]! / (th * th)) * (mean - x - y * g[i]!) ** 2;
        }
        return r;
      };
      if (onlyB > 0 && wrss(0, onlyB) < wrss(onlyA, 0)) {
        na = 0;
        nb = onlyB;
      } else {
        na = onlyA;
        nb = 0;
      }
    }
    let step = 1;
    let nl = evalAt(a + step * (na - a), b + step * (nb - b));
    while (nl < l && step > 1e-6) {
      step /= 2;
      nl = evalAt(a + step * (na - a), b + step * (nb - b));
    }
    if (nl < l) break;
    const da = step * (na - a);
    const db = step * (nb - b);
    a += da;
    b += db;
    const done = Math.abs(nl - l) <= 1e-13 * Math.abs(l) && Math.abs(da) <= 1e-12 * (a + 1e-300) && Math.abs(db) <= 1e-12 * (b + 1e-300);
    l = nl;
    if (done || (da === 0 && db === 0)) break;
  }
  return { a, b, logLik: evalAt(a, b) };
}

export interface TransferFit {
  model: TransferModel;
  logLik: number;
  /** Free parameters k. */
  params: number;
  aic: number;
}

const PARAMS: Record<TransferKind, number> = { constant: 1, affine: 2, 'floor-linear': 3 };
/** The distinct batch sizes each model needs to be determined. */
const MIN_SIZES: Record<TransferKind, number> = { constant: 1, affine: 2, 'floor-linear': 3 };

function withAic(model: TransferModel, logLik: number): TransferFit {
  const params = PARAMS[model.kind];
  return { model, logLik, params, aic: 2 * params - 2 * logLik };
}

function floorLinearAt(t: BatchTotals, beta: number): { dMin: number; d: number; logLik: number } {
  const g = t.batch.map((L) => L * Math.tanh((beta * L) / 2));
  const f = fitLinearMean(t, g);
  return { dMin: f.a, d: f.b, logLik: f.logLik };
}

/** The floor-linear fit: beta profiled on a log grid, then refined by golden section. */
function fitFloorLinear(t: BatchTotals): TransferFit {
  const lMin = t.batch[0]!;
  const lMax = t.batch[t.batch.length - 1]!;
  const lo = Math.log(0.01 / lMax);
  const hi = Math.log(100 / lMin);
  const points = 41;
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const values = grid.map((u) => floorLinearAt(t, Math.exp(u)).logLik);
  let j = 0;
  for (let i = 1; i < points; i++) if (values[i]! > values[j]!) j = i;
  const refined = goldenMaximum((u) => floorLinearAt(t, Math.exp(u)).logLik, grid[Math.max(0, j - 1)]!, grid[Math.min(points - 1, j + 1)]!, 1e-6);
  // The best of the refined point and the grid's (the golden search stays within the bracket).
  let beta = Math.exp(refined.x);
  let best = floorLinearAt(t, beta);
  if (values[j]! > best.logLik) {
    beta = Math.exp(grid[j]!);
    best = floorLinearAt(t, beta);
  }
  return withAic({ kind: 'floor-linear', dMin: best.dMin, d: best.d, beta }, best.logLik);
}

/** The fit of one model, or undefined when the observations have too few distinct batch sizes for it. */
export function fitTransferModel(kind: TransferKind, t: BatchTotals): TransferFit | undefined {
  if (t.batch.length < MIN_SIZES[kind]) return undefined;
  switch (kind) {
    case 'constant': {
      let n = 0;
      let s = 0;
      for (let i = 0; i < t.batch.length; i++) {
        n += t.count[i]!;
        s += t.sum[i]!;
      }
      const mean = s / n;
      return withAic({ kind, mean }, logLikOf(t, new Float64Array(t.batch.length).fill(mean)));
    }
    case 'affine': {
      const f = fitLinearMean(t, t.batch);
      return withAic({ kind, dMin: f.a, d: f.b }, f.logLik);
    }
    case 'floor-linear':
      return fitFloorLinear(t);
  }
}

export interface TransferSelection {
  /** The models that could be fitted, in `kinds` order. */
  fits: TransferFit[];
  /** The lowest AIC among them. */
  best: TransferFit;
}

/** Fits `kinds` (default: all three) and chooses by AIC; an error names the field when none can be fitted. */
export function selectTransferModel(obs: readonly TransferObservation[], kinds: readonly TransferKind[] = TRANSFER_KINDS, field = 'transfer'): TransferSelection {
  const t = batchTotals(obs);
  const fits = kinds.map((k) => fitTransferModel(k, t)).filter((f): f is TransferFit => f !== undefined);
  const best = fits.reduce<TransferFit | undefined>((acc, f) => (acc === undefined || f.aic < acc.aic ? f : acc), undefined);
  if (best === undefined) {
    const need = Math.min(...kinds.map((k) => MIN_SIZES[k]));
    throw new ConfigError(field, t.batch.length, '', `${field}: the ${kinds.join(', ')} model needs observations at ${need} or more distinct batch sizes, got ${t.batch.length}`);
  }
  return { fits, best };
}

/** The fitted model's parameters as `[name, value]` pairs, in the scenario's field names. */
export function transferParameters(model: TransferModel): [string, number][] {
  switch (model.kind) {
    case 'floor-linear':
      return [['dMin', model.dMin], ['d', model.d], ['beta', model.beta]];
    case 'affine':
      return [['dMin', model.dMin], ['d', model.d]];
    case 'constant':
      return [['mean', model.mean]];
  }
}
