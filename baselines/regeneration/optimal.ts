/**
 * The regeneration-optimal one-shot policy `(K*, t_b*) = argmin mu^{00}_{M,N}(t_b; K)`
 * (docs/model.md §3.6): a grid search, then a local refinement.
 *
 * mu is smooth in t_b but piecewise constant in K (batches are
 * `floor(K * excess)`), so the refinement scans K on a fine grid rather than
 * following a gradient. From each of the best three coarse points of distinct
 * basins (not neighbours on the grid; the landscape often has several within
 * 0.1 % of each other), it alternates until neither moves: t_b within one
 * coarse t_b spacing of the incumbent, in stages (0.05 s, then 0.01 s within
 * one 0.05 step of the best), and K on a `KStep` grid within one coarse K
 * spacing. Among K values tied at the minimum (one flat step of mu) the
 * middle one is returned, away from the step's edges.
 */
import type { Scenario } from '../../envs/sim/scenario.js';
import { requirePositive } from '../../envs/sim/validation.js';
import { checkGrid, domainOf } from './api.js';
import { RegenerationSolver, type SolverNumerics } from './solver.js';
import { twoNodeLoads, twoNodeModel } from './two-node-model.js';

export interface OptimalPolicyOptions {
  /** Coarse gains. @default 21 values 0, 0.05, ..., 1 */
  KGrid?: ArrayLike<number>;
  /** Coarse balancing instants (s). @default 0, 0.25, ..., 10 */
  tbGrid?: ArrayLike<number>;
  /** Refinement resolution in K. @default 1e-3 */
  KStep?: number;
  /** Refinement resolution in t_b (s). @default 0.01 */
  tbStep?: number;
  numerics?: SolverNumerics;
}

export interface OptimalPolicy {
  K: number;
  tb: number;
  /** The exact expected completion time at (K, tb). */
  mu: number;
}

export const DEFAULT_K_GRID: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);
export const DEFAULT_TB_GRID: readonly number[] = Array.from({ length: 41 }, (_, i) => i / 4);
/** Refinements from the best coarse points of distinct basins. */
export const DEFAULT_STARTS = 3;

const MAX_ROUNDS = 4;

/** The regeneration-optimal (K, t_b) and its expected completion time. */
export function optimalPolicy(scenario: Scenario, loads: ArrayLike<number>, options: OptimalPolicyOptions = {}): OptimalPolicy {
  const grids = searchGrids(options);
  const solver = new RegenerationSolver(twoNodeModel(scenario), twoNodeLoads(loads), domainOf(grids.tbs, 1), options.numerics);
  const best = searchMinimum((Ks, tbs, screening) => Ks.map((K) => Array.from(solver.curve(K, tbs, undefined, screening))), grids, DEFAULT_STARTS);
  return { K: best.K, tb: best.tb, mu: best.value };
}

/** Validated, sorted coarse grids and refinement steps of a search. */
export interface SearchGrids {
  Ks: number[];
  tbs: number[];
  KStep: number;
  tbStep: number;
  /** Steps of the staged t_b refinement, ending at tbStep. */
  tbStages: number[];
}

export function searchGrids(options: Omit<OptimalPolicyOptions, 'numerics'>): SearchGrids {
  const tbStep = requirePositive(options.tbStep ?? 0.01, 'tbStep');
  return {
    Ks: checkGrid(options.KGrid ?? DEFAULT_K_GRID, 'KGrid', 0, 1).sort((x, y) => x - y),
    tbs: checkGrid(options.tbGrid ?? DEFAULT_TB_GRID, 'tbGrid', 0, Infinity).sort((x, y) => x - y),
    KStep: requirePositive(options.KStep ?? 1e-3, 'KStep'),
    tbStep,
    tbStages: [...new Set([Math.max(tbStep, 0.05), tbStep])],
  };
}

/**
 * An objective on a grid: `values[i][j]` at `(Ks[i], tbs[j])`, to be minimised.
 * With `screening` true the values may be approximate (to about 1e-6
 * relative): they only rank the coarse grid's points.
 */
export type Surface = (Ks: readonly number[], tbs: readonly number[], screening?: boolean) => number[][];

/**
 * The minimum of `surface` over [0, 1] x [tbs[0], tbs[last]]: the coarse grid
 * (screening values), then the local refinement (exact values) described at the top of this file, from the best
 * coarse point (or from the best `starts` points of distinct basins).
 */
export function searchMinimum(surface: Surface, grids: SearchGrids, starts = 1): { K: number; tb: number; value: number } {
  const { Ks, tbs } = grids;
  // Coarse grid.
  const coarse = surface(Ks, tbs, true);
  const order: [number, number][] = [];
  coarse.forEach((row, i) => row.forEach((_, j) => order.push([i, j])));
  order.sort((a, b) => coarse[a[0]]![a[1]]! - coarse[b[0]]![b[1]]! || a[0] - b[0] || a[1] - b[1]);
  // The best coarse points of distinct basins (no two neighbours on the grid), each refined.
  const seeds: [number, number][] = [];
  for (const p of order) {
    if (seeds.length >= starts) break;
    if (!Number.isFinite(coarse[p[0]]![p[1]]!) && seeds.length > 0) break;
    if (seeds.every((q) => Math.abs(q[0] - p[0]) > 1 || Math.abs(q[1] - p[1]) > 1)) seeds.push(p);
  }
  let best: { K: number; tb: number; value: number } | undefined;
  for (const [i, j] of seeds) {
    // The refinement starts from the exact value of the seed.
    const o = refine(surface, grids, { K: Ks[i]!, tb: tbs[j]!, mu: surface([Ks[i]!], [tbs[j]!])[0]![0]! });
    if (best === undefined || o.value < best.value) best = o;
  }
  return best ?? { K: Ks[0]!, tb: tbs[0]!, value: Infinity };
}

/** The local refinement of a coarse point, described at the top of this file. */
function refine(surface: Surface, grids: SearchGrids, start: OptimalPolicy): { K: number; tb: number; value: number } {
  const { Ks, tbs, KStep } = grids;
  let best = start;
  const KSpacing = spacing(Ks, best.K);
  const tbSpacing = spacing(tbs, best.tb);
  const tbLo = tbs[0]!;
  const tbHi = tbs[tbs.length - 1]!;

  // Local refinement: t_b at fixed K, then K at fixed t_b, until stable.
  // t_b in stages: the coarse spacing at each stage's step, then one step of the previous stage at the next.
  // The earlier stages only place the last one (screening values); the last compares exact values with the incumbent.
  const stages = grids.tbStages;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let tbBest = best;
    let center = best.tb;
    let radius = tbSpacing;
    stages.forEach((step, stage) => {
      const screening = stage < stages.length - 1;
      const tbCandidates = fineGrid(center, radius, step, tbLo, tbHi);
      const curve = surface([best.K], tbCandidates, screening)[0]!;
      if (screening) {
        let j = 0;
        curve.forEach((mu, i) => {
          if (mu < curve[j]!) j = i;
        });
        center = tbCandidates[j]!;
      } else {
        const from = tbBest;
        curve.forEach((mu, j) => {
          if (mu < tbBest.mu) tbBest = { K: from.K, tb: tbCandidates[j]!, mu };
        });
      }
      radius = step;
    });
    const KCandidates = fineGrid(tbBest.K, KSpacing, KStep, 0, 1);
    const KBest = middleOfMinimum(KCandidates, screenedScan(surface, KCandidates, tbBest.tb), tbBest);
    const moved = KBest.K !== best.K || KBest.tb !== best.tb;
    best = KBest;
    if (!moved) break;
  }
  return { K: best.K, tb: best.tb, value: best.mu };
}

/**
 * Screening values differ from exact ones by at most about 1e-6 relative: a
 * candidate screened more than this above the screened minimum cannot be the
 * exact minimum, nor tie with it.
 */
const SCREENING_MARGIN = 1e-5;

/**
 * The exact values at `(K, tb)` for each K of `Ks` that can matter to
 * middleOfMinimum, NaN elsewhere: the candidates screened within
 * SCREENING_MARGIN of the screened minimum, and past the exact minimum's
 * right-hand neighbours while they tie with it. (Most of a fine scan in K is
 * then only screened; the result is that of an exact scan.)
 */
export function screenedScan(surface: Surface, Ks: readonly number[], tb: number): number[] {
  const screened = surface(Ks, [tb], true).map((row) => row[0]!);
  const lowest = Math.min(...screened);
  const cut = lowest + SCREENING_MARGIN * Math.abs(lowest);
  const values = Ks.map(() => Number.NaN);
  const near = Ks.flatMap((_, i) => (screened[i]! <= cut ? [i] : []));
  const exactAt = (idx: readonly number[]): void => {
    if (idx.length === 0) return;
    const rows = surface(idx.map((i) => Ks[i]!), [tb]);
    idx.forEach((i, c) => (values[i] = rows[c]![0]!));
  };
  exactAt(near.length > 0 ? near : Ks.map((_, i) => i));
  let iMin = -1;
  values.forEach((v, i) => {
    if (!Number.isNaN(v) && (iMin < 0 || v < values[iMin]!)) iMin = i;
  });
  for (let i = iMin + 1; i < Ks.length && iMin >= 0; i++) {
    if (Number.isNaN(values[i]!)) exactAt([i]);
    if (values[i] !== values[iMin]) break;
  }
  return values;
}

/** The coarse spacing around x in a sorted grid (the larger neighbour gap). */
function spacing(grid: readonly number[], x: number): number {
  const i = grid.indexOf(x);
  const left = i > 0 ? x - grid[i - 1]! : 0;
  const right = i < grid.length - 1 ? grid[i + 1]! - x : 0;
  return Math.max(left, right);
}

/** `center + i * step` for |i * step| <= radius, clipped to [lo, hi], rounded to the step. */
function fineGrid(center: number, radius: number, step: number, lo: number, hi: number): number[] {
  const n = Math.round(radius / step);
  const out: number[] = [];
  for (let i = -n; i <= n; i++) {
    const x = Math.round((center + i * step) / step) * step;
    const y = Number(x.toFixed(12));
    if (y >= lo - 1e-12 && y <= hi + 1e-12) out.push(Math.min(hi, Math.max(lo, y)));
  }
  if (!out.includes(center)) out.push(center);
  return out.sort((a, b) => a - b);
}

/** The middle K of the run of minimal values containing the first minimum (or the incumbent if no better). */
function middleOfMinimum(Ks: readonly number[], values: readonly number[], incumbent: OptimalPolicy): OptimalPolicy {
  let iMin = values.findIndex((v) => !Number.isNaN(v));
  if (iMin < 0) return incumbent;
  for (let i = iMin + 1; i < values.length; i++) if (values[i]! < values[iMin]!) iMin = i;
  if (!(values[iMin]! < incumbent.mu) && Ks.includes(incumbent.K)) return incumbent;
  let iEnd = iMin;
  while (iEnd + 1 < values.length && values[iEnd + 1] === values[iMin]) iEnd++;
  const mid = Math.floor((iMin + iEnd) / 2);
  return { K: Ks[mid]!, tb: incumbent.tb, mu: values[mid]! };
}
