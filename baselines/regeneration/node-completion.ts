/**
 * The law of one node's remaining completion time after the balancing
 * instant, tabulated on a quadrature grid (docs/model.md §3.4).
 *
 * A node keeps `k` tasks and receives one batch of `L` tasks whose transfer
 * delay is `Z ~ Exp(mean theta)`. Service is exponential with rate lambda and
 * FIFO, so `T_C = max(S, Z) + S'` with `S ~ Erlang(k, lambda)` and
 * `S' ~ Erlang(L, lambda)` (`T_C = S` when `L = 0`).
 *
 * Method. Write the services as one Poisson process N of rate lambda and
 * serve S' "first" (the sum is symmetric): `T_C <= t` iff `N(t) >= L + k` and
 * `Z <= t - T_L`, with `T_L` the L-th event. So
 *
 *     S_k(t) = P(T_C > t) = P(N(t) < L + k) + P(N(t) >= L + k, Z > t - T_L),
 *
 * and the second term is the tail sum over levels `n >= L + k` of
 * `p_n(t) = P(N(t) = n, Z not fired since T_L)`, the forward equation of a
 * pure-birth chain (rate lambda) killed at rate `zeta = 1/theta` above level L.
 * One pass over time gives `S_k` for every k at once (suffix sums). The chain
 * is advanced between grid times with its exact transition matrix: below L
 * `p_n` is the Poisson pmf (closed form); within levels >= L the matrix is
 * Toeplitz `e^{-(lambda+zeta)h} (lambda h)^d / d!`; the entries that cross
 * level L are `pois(p+q; lambda h) M(q+1, p+q+1, -zeta h)` (Kummer's function,
 * summed from its all-positive form `e^{-x} M(p, p+q+1, x)`); levels at or
 * above `L + J` are lumped into one absorbing-until-killed bin. Entries that
 * need more than `w` services within one step (probability < 1e-17) are
 * dropped. Exact means `E[T_C] = (k+L)/lambda + theta rho^k`,
 * `rho = lambda/(lambda + zeta)`, are returned with the table.
 */
import type { TimeGrid } from './quadrature.js';
import { poissonBelow, poissonRange } from './poisson-range.js';
import { poissonPmf } from '../../envs/sim/special.js';

/**
 * Survival functions `S_k(t)` for `k = 0..kMax` at the first G times of a grid, row-major
 * `[k * stride + i]` (`stride >= G`: a view of a table on a longer grid that extends this one).
 */
export interface SurvivalTable {
  readonly rate: number;
  readonly incoming: number;
  readonly theta: number;
  readonly kMax: number;
  /** Row length of `rows` (and `stride + 1` of `cumulative`). */
  readonly stride: number;
  readonly rows: Float64Array;
  /** First grid index where `S_k < 1 - 1e-15` (before it the row is 1 to that precision). */
  readonly start: Int32Array;
  /** First grid index where `S_k < 1e-18` (the row is negligible from there on). */
  readonly end: Int32Array;
  /** Exact `E[T_C]` per k. */
  readonly means: Float64Array;
  /** `cumulative[k * (stride + 1) + i]`: the quadrature of `S_k` over the grid's first i nodes. */
  readonly cumulative: Float64Array;
  /** `weights[i] * S_k(t_i)`, laid out as `rows` (the quadrature terms of products with S_k). */
  readonly weighted: Float64Array;
  /** The chain that made the table, while it can be resumed (extendedTable). */
  readonly march?: SurvivalMarch;
}

const STEP_TAIL = 1e-17;
const ONE_MINUS = 1 - 1e-15;
const NEGLIGIBLE = 1e-18;
/** Probabilities below this (per level and step) are dropped from the chain. */
const INFLOW_EPS = 1e-30;

/** Exact mean of `T_C` for k kept tasks and an incoming batch of L with mean delay theta. */
export function completionMean(rate: number, kept: number, incoming: number, theta: number): number {
  if (incoming === 0) return kept / rate;
  const rho = (rate * theta) / (rate * theta + 1);
  return (kept + incoming) / rate + theta * Math.pow(rho, kept);
}

/**
 * Exact second moment of `T_C = max(S, Z) + S'`: with `M = max(S, Z) = S + 1{Z > S} Z'`
 * (Z' ~ Exp(theta) by memorylessness), `E[M^2] = k(k+1)/lambda^2 + 2 theta k rho^k / (lambda + zeta) + 2 theta^2 rho^k`
 * and `E[T_C^2] = E[M^2] + 2 E[M] L / lambda + L(L+1) / lambda^2`.
 */
export function completionSecondMoment(rate: number, kept: number, incoming: number, theta: number): number {
  const erlang2 = (k: number): number => (k * (k + 1)) / (rate * rate);
  if (incoming === 0) return erlang2(kept);
  const zeta = 1 / theta;
  const rhoK = Math.pow((rate * theta) / (rate * theta + 1), kept);
  const m1 = kept / rate + theta * rhoK;
  const m2 = erlang2(kept) + (2 * theta * kept * rhoK) / (rate + zeta) + 2 * theta * theta * rhoK;
  return m2 + (2 * m1 * incoming) / rate + erlang2(incoming);
}

/** Smallest w with `P(Poisson(mean) > w) < STEP_TAIL` (geometric bound on the tail). */
function bandwidth(mean: number): number {
  let w = Math.max(1, Math.ceil(mean));
  // For w + 2 > mean: sum_{j > w} pmf(j) <= pmf(w + 1) / (1 - mean / (w + 2)).
  while (poissonPmf(w + 1, mean) / (1 - mean / (w + 2)) >= STEP_TAIL) w++;
  return w;
}

/** Transition coefficients of the chain over one time step h. */
interface StepCoefficients {
  /** `e^{-(lambda+zeta)h} (lambda h)^d / d!`, d = 0..w. */
  readonly within: Float64Array;
  /** `e^{-zeta h} P(Poisson(lambda h) >= d)`, d = 0..w (into the lumped bin). */
  readonly toLump: Float64Array;
  /** `cross[p * (w+1) + q]`: from level L-p to level L+q (p >= 1, p + q <= w). */
  readonly cross: Float64Array;
}

function stepCoefficients(rate: number, zeta: number, h: number, w: number, withCross: boolean, pMax: number): StepCoefficients {
  const lh = rate * h;
  const x = zeta * h;
  const within = new Float64Array(w + 1);
  const toLump = new Float64Array(w + 1);
  const cross = new Float64Array(withCross ? (w + 1) * (w + 1) : 0);
  const pois = new Float64Array(w + 1);
  poissonRange(lh, 0, w + 1, pois);
  const ex = Math.exp(-x);
  for (let d = 0; d <= w; d++) within[d] = pois[d]! * ex;
  // toLump[d] = e^{-x} (1 - P(N < d)).
  let below = 0;
  for (let d = 0; d <= w; d++) {
    toLump[d] = ex * Math.max(0, 1 - below);
    below += pois[d]!;
  }
  // Only levels L - p with p <= pMax = min(w, L) exist below L.
  for (let p = 1; withCross && p <= Math.min(w, pMax); p++) {
    for (let q = 0; p + q <= w; q++) {
      // e^{-x} M(p, p+q+1, x) = e^{-x} sum_i (p)_i / (p+q+1)_i x^i / i!  (all terms positive).
      let term = 1;
      let sum = 1;
      for (let i = 0; i < 500; i++) {
        term *= ((p + i) / (p + q + 1 + i)) * (x / (i + 1));
        sum += term;
        if (term < 1e-18 * sum) break;
      }
      cross[p * (w + 1) + q] = pois[p + q]! * ex * sum;
    }
  }
  return { within, toLump, cross };
}

/**
 * The lumped level J of the chain: above kMax and above the bandwidth of
 * every step that starts while the inflow from below level L can be live, so
 * a batch crossing level L within one step never reaches it. The inflow is
 * dead for good from the first step starting at `lambda t >= L` with
 * `pois(L - 1; lambda t) < INFLOW_EPS` (the pmf below L only falls from there),
 * so J depends only on the grid up to that time: tables on grids that extend
 * one another agree on their common times (sharedSurvivalView in solver.ts).
 */
export function lumpLevel(rate: number, incoming: number, kMax: number, grid: TimeGrid): number {
  let memo = lumpLevels.get(grid);
  if (memo === undefined) lumpLevels.set(grid, (memo = new Map()));
  const key = `${rate}|${incoming}|${kMax}`;
  let J = memo.get(key);
  if (J === undefined) memo.set(key, (J = computeLumpLevel(rate, incoming, kMax, grid)));
  return J;
}

/** lumpLevel's values per grid (grids are shared objects, solver.ts sharedGrid). */
const lumpLevels = new WeakMap<TimeGrid, Map<string, number>>();

function computeLumpLevel(rate: number, incoming: number, kMax: number, grid: TimeGrid): number {
  const widths = new Map<number, number>();
  let w = 0;
  let t = 0;
  for (let i = 0; i < grid.times.length; i++) {
    const mean = rate * t;
    if (mean >= incoming && poissonPmf(incoming - 1, mean) < INFLOW_EPS) break;
    const h = grid.times[i]! - t;
    const key = Math.round(h * 1e9);
    let wi = widths.get(key);
    if (wi === undefined) {
      wi = bandwidth(rate * h);
      widths.set(key, wi);
    }
    w = Math.max(w, wi);
    t = grid.times[i]!;
  }
  return Math.max(kMax, w + 1);
}

/**
 * Tabulates `S_k(t)` on `grid` for `k = 0..kMax`, service rate `rate`, an
 * incoming batch of `incoming` tasks with mean transfer delay `theta`.
 */
export function survivalTable(rate: number, incoming: number, theta: number, kMax: number, grid: TimeGrid): SurvivalTable {
  const G = grid.times.length;
  const march = new SurvivalMarch(rate, incoming, theta, kMax, incoming > 0 ? lumpLevel(rate, incoming, kMax, grid) : kMax);
  const rows = new Float64Array((kMax + 1) * G);
  march.advance(grid, rows, G);
  const means = new Float64Array(kMax + 1);
  for (let k = 0; k <= kMax; k++) means[k] = completionMean(rate, k, incoming, theta);
  return { ...finish(rate, incoming, theta, kMax, rows, means, grid), march };
}

/**
 * The table on `grid`, an extension of the table's own grid (same first
 * times, more of them), by resuming its chain where it stopped: the values
 * are those of survivalTable on `grid` (the same steps in the same order).
 * Undefined when the table cannot be resumed (its chain has moved on, or the
 * longer grid lumps the chain at another level).
 */
export function extendedTable(table: SurvivalTable, grid: TimeGrid): SurvivalTable | undefined {
  const { march, stride, kMax } = table;
  const G = grid.times.length;
  if (march === undefined || march.at !== stride || G <= stride) return undefined;
  // The lumped level must be the one the longer grid gives (it is, once the inflow died within the shorter one).
  if (table.incoming > 0 && lumpLevel(table.rate, table.incoming, kMax, grid) !== march.J) return undefined;
  const rows = new Float64Array((kMax + 1) * G);
  for (let k = 0; k <= kMax; k++) rows.set(table.rows.subarray(k * stride, (k + 1) * stride), k * G);
  march.advance(grid, rows, G);
  return { ...finish(table.rate, table.incoming, table.theta, kMax, rows, table.means, grid, table), march };
}

/**
 * The chain of docs/model.md §3.4 for one (rate, batch, delay), advanced
 * through a grid's times; it keeps its state, so a table can be continued on
 * a grid that extends its own (extendedTable).
 */
export class SurvivalMarch {
  /** Grid times done so far. */
  at = 0;
  private readonly zeta: number;
  private v: Float64Array;
  private next: Float64Array;
  private below = new Float64Array(1);
  private lowPmf = new Float64Array(1);
  private readonly scratch: Float64Array;
  private readonly pois: Float64Array;
  // Step sizes repeat from panel to panel: one set of coefficients (and bandwidth) per size.
  private readonly coefficients = new Map<number, StepCoefficients>();
  private readonly widths = new Map<number, number>();
  /** v[j] = 0 (negligible) for j < lo, and for hi < j < J. */
  private lo = 0;
  private hi = -1;
  private t = 0;

  /** `J`: levels L..L+J-1 explicit, L+J lumped (lumpLevel). */
  constructor(
    private readonly rate: number,
    private readonly L: number,
    theta: number,
    private readonly kMax: number,
    readonly J: number,
  ) {
    this.zeta = 1 / theta;
    this.v = new Float64Array(J + 1);
    this.next = new Float64Array(J + 1);
    this.scratch = new Float64Array(L + kMax + 2);
    this.pois = new Float64Array(kMax + 1);
  }

  /** Writes `S_k` at the grid times from `at` to the last into `rows[k * stride + i]`. */
  advance(grid: TimeGrid, rows: Float64Array, stride: number): void {
    const { rate, L, kMax, J, scratch, pois } = this;
    const G = grid.times.length;
    if (L === 0) {
      // T_C = Erlang(k): S_k(t) = P(N(t) < k).
      for (let i = this.at; i < G; i++) {
        poissonRange(rate * grid.times[i]!, 0, kMax, scratch);
        let s = 0;
        rows[i] = 0;
        for (let k = 1; k <= kMax; k++) {
          s += scratch[k - 1]!;
          rows[k * stride + i] = Math.min(1, s);
        }
      }
      this.at = G;
      return;
    }
    let { v, next, lo, hi, t } = this;
    for (let i = this.at; i < G; i++) {
      const tNew = grid.times[i]!;
      const h = tNew - t;
      const hKey = Math.round(h * 1e9);
      let w = this.widths.get(hKey);
      if (w === undefined) {
        w = bandwidth(rate * h);
        this.widths.set(hKey, w);
      }
      if (this.below.length <= w) {
        this.below = new Float64Array(w + 1);
        this.lowPmf = new Float64Array(w + 1);
      }
      const { below, lowPmf } = this;
      const pMax = Math.min(w, L);
      const meanNow = rate * t;
      // below[p] = pois(L - p; lambda t); the inflow is dropped once it is below INFLOW_EPS.
      poissonRange(meanNow, L - pMax, pMax, lowPmf);
      let inflow = false;
      for (let p = 1; p <= pMax; p++) {
        below[p] = lowPmf[pMax - p]!;
        if (below[p]! > INFLOW_EPS) inflow = true;
      }
      const key = hKey * 2 + (inflow ? 1 : 0);
      let c = this.coefficients.get(key);
      if (c === undefined) {
        c = stepCoefficients(rate, this.zeta, h, w, inflow, L);
        this.coefficients.set(key, c);
      }
      const W1 = w + 1;
      const newHi = Math.min(J - 1, Math.max(hi + w, inflow ? w - 1 : -1));
      for (let j = lo; j <= newHi; j++) {
        let s = 0;
        const dMax = Math.min(w, j - lo);
        for (let d = 0; d <= dMax; d++) s += c.within[d]! * v[j - d]!;
        if (inflow && j < w) {
          const pTop = Math.min(pMax, w - j);
          for (let p = 1; p <= pTop; p++) s += c.cross[p * W1 + j]! * below[p]!;
        }
        next[j] = s;
      }
      let lump = c.toLump[0]! * v[J]!;
      const dTop = Math.min(w, J - lo);
      for (let d = 1; d <= dTop; d++) lump += c.toLump[d]! * v[J - d]!;
      next[J] = lump;
      for (let j = newHi + 1; j < J; j++) next[j] = 0;
      const tmp = v;
      v = next;
      next = tmp;
      hi = newHi;
      t = tNew;
      // Levels below lo only drain upward once the inflow from below L has died out.
      const meanAfter = rate * t;
      if (meanAfter > L) {
        while (lo < hi && v[lo]! < INFLOW_EPS && poissonPmf(L - 1, meanAfter) < INFLOW_EPS) {
          v[lo] = 0;
          lo++;
        }
      }
      // S_k(t) = P(N < L) + sum_{j<k} pois(L + j) + sum_{j>=k} v_j.
      const pBelowL = poissonBelow(L, meanAfter, scratch);
      poissonRange(meanAfter, L, kMax, pois);
      let tail = 0;
      for (let j = J; j >= kMax; j--) tail += v[j]!;
      let cum = pBelowL;
      const tails = scratch;
      // tails[k] = sum_{j >= k} v_j for k = 0..kMax.
      tails[kMax] = tail;
      for (let k = kMax - 1; k >= 0; k--) tails[k] = tails[k + 1]! + v[k]!;
      for (let k = 0; k <= kMax; k++) {
        rows[k * stride + i] = Math.min(1, cum + tails[k]!);
        if (k < kMax) cum += pois[k]!;
      }
    }
    this.v = v;
    this.next = next;
    this.lo = lo;
    this.hi = hi;
    this.t = t;
    this.at = G;
  }
}

/**
 * A SurvivalTable from tabulated rows `S_k(t_i)` and exact means: the row
 * starts and ends and the cumulative quadratures (also used by the
 * several-batch tables of multi-batch-completion.ts).
 */
export function finish(
  rate: number,
  incoming: number,
  theta: number,
  kMax: number,
  rows: Float64Array,
  means: Float64Array,
  grid: TimeGrid,
  shorter?: SurvivalTable,
): SurvivalTable {
  const G = grid.times.length;
  // A table on a grid that this one extends: its first G0 columns are those of `rows` (extendedTable).
  const G0 = shorter?.stride ?? 0;
  const start = new Int32Array(kMax + 1);
  const end = new Int32Array(kMax + 1);
  const cumulative = new Float64Array((kMax + 1) * (G + 1));
  const weighted = new Float64Array(rows.length);
  for (let k = 0; k <= kMax; k++) {
    const off = k * G;
    const c = k * (G + 1);
    // The scans resume where the shorter table's stopped at its last column.
    let s = shorter !== undefined && shorter.start[k]! < G0 ? shorter.start[k]! : G0;
    while (s < G && rows[off + s]! >= ONE_MINUS) s++;
    let e = shorter !== undefined && shorter.end[k]! < G0 ? shorter.end[k]! : Math.max(s, G0);
    while (e < G && rows[off + e]! >= NEGLIGIBLE) e++;
    start[k] = s;
    end[k] = e;
    if (shorter !== undefined) {
      weighted.set(shorter.weighted.subarray(k * G0, (k + 1) * G0), off);
      cumulative.set(shorter.cumulative.subarray(k * (G0 + 1), (k + 1) * (G0 + 1)), c);
    }
    for (let i = G0; i < G; i++) {
      const term = grid.weights[i]! * rows[off + i]!;
      weighted[off + i] = term;
      cumulative[c + i + 1] = cumulative[c + i]! + term;
    }
  }
  return { rate, incoming, theta, kMax, stride: G, rows, start, end, means, cumulative, weighted };
}

/** Bytes held by a table's arrays. */
export function tableBytes(t: SurvivalTable): number {
  return t.rows.byteLength + t.cumulative.byteLength + t.weighted.byteLength;
}

/**
 * The table restricted to the first `G` times of its grid (for a grid that the
 * table's grid extends): the same rows, with starts and ends clipped at G.
 */
export function truncatedTable(table: SurvivalTable, G: number): SurvivalTable {
  if (G === table.stride) return table;
  if (G > table.stride) throw new Error(`truncatedTable: ${G} times asked of a table of ${table.stride}`);
  const start = table.start.map((s) => Math.min(s, G));
  const end = table.end.map((e) => Math.min(e, G));
  // A view has no chain: it is not continued (its clipped ends are not those of its columns).
  const { rate, incoming, theta, kMax, stride, rows, means, cumulative, weighted } = table;
  return { rate, incoming, theta, kMax, stride, rows, start, end, means, cumulative, weighted };
}
