/**
 * The exact expected completion time `mu^{00}_{M,N}(t_b; K)` of the two-node
 * one-shot system (docs/model.md §3), for exponential service, communication and
 * transfer delays.
 *
 * Method. Before t_b nothing interacts, so the state at t_b
 * `(a, b, k1, k2)` has the product law of pre-balance.ts. From there
 *
 *     mu(t_b) = E[min(max(F_1,F_2), t_b)] + sum_{(a,b) != (0,0)} P_tb(a) P_tb(b) P_tb(k1) P_tb(k2) g_K(a,b,k1,k2),
 *     g_K = E[max(T_C1, T_C2)] = E[T_C1] + E[T_C2] - int_0^inf S_C1(t) S_C2(t) dt,
 *
 * where the balancing of docs/model.md §2.3 turns `(a, b, k1, k2)` into node
 * outcomes (kept, incoming) and `T_C1`, `T_C2` are independent given them.
 * `g_K` does not depend on t_b, so a whole curve in t_b costs one set of g's.
 * This is the backward ODE of docs/model.md §3 solved in closed form: that ODE is
 * the Kolmogorov backward equation of the pre-balancing chain (independent
 * services and message arrivals) with terminal reward g_K at the balancing
 * instant; its solution is the expectation of g_K over the chain's transient
 * law at time t_b, which is the product law above (the `1` in the ODE
 * accumulates the elapsed time, `min(max(F_1,F_2), t_b)`, and `mu_{0,0} = 0`
 * stops the clock when both queues are empty).
 *
 * Numerics. `E[T_Ci]` are exact; `S_Ci` are tabulated exactly at the nodes
 * of a Gauss–Legendre panel grid (node-completion.ts) and the integral is
 * truncated where a Chernoff bound puts every relevant survival below 1e-13
 * (the neglected tail is below 1e-10 s). Tables are shared between solvers
 * on the same grid (sharedSurvivalTable), state values between gains with
 * the same batches (stateValues).
 * Queue states with less than 1e-15 of probability at each tail are left out.
 * With the default panels the relative error is below 1e-9 (checked by
 * halving the panel width in the tests); the stated tolerance is 1e-6.
 */
import { type SurvivalTable, extendedTable, lumpLevel, survivalTable, tableBytes, truncatedTable } from './node-completion.js';
import {
  type QueueRange,
  elapsedBeforeBalancing,
  informedProbability,
  queueDistribution,
  queueRange,
} from './pre-balance.js';
import { type TimeGrid, panelGrid } from './quadrature.js';
import { rowArena } from './simd-dot.js';
import { invalid } from '../../envs/sim/validation.js';
import { clearSharedJainKernels } from './two-node-jain-kernel.js';
import { type TwoNodeModel, type TwoNodeWeights, batchSent, transferDelayMean } from './two-node-model.js';

/** Numerical settings of the solver (all optional). */
export interface SolverNumerics {
  /** Smallest width (s) of a Gauss–Legendre panel. @default 2.5 / (fastest rate lambda_i + 1/theta_min), at most 1.5 */
  panelWidth?: number;
  /** Panels widen to `panelGrowth * sqrt(t / lambda_max)` (0: equal panels). @default 4 */
  panelGrowth?: number;
  /** Nodes per panel. @default 8 */
  nodesPerPanel?: number;
  /** Dyadic refinement levels of the first panel towards 0 (quadrature.ts panelGrid). @default 0; 10 for the reward solver */
  refineLevels?: number;
}

/** The (t_b, K) region the solver is prepared for. */
export interface SolverDomain {
  tbMin: number;
  tbMax: number;
  /** Largest gain that will be asked (batches grow with K). */
  KMax: number;
  /**
   * Target weights that will be asked besides the model's own (batches are
   * largest at the extreme rules: plain and capacity-weighted bound every mix).
   */
  weightOptions?: readonly TwoNodeWeights[];
  /**
   * Tabulate until both nodes' survivals are negligible (needed for laws of
   * each finish time, reward-solver.ts); by default only until one is, which
   * is all `E[max]` needs.
   */
  bothTails?: boolean;
}

/** Grid defaults and the load limit, shared with the n-node solver. */
export const DEFAULT_NODES_PER_PANEL = 8;
export const MAX_LOAD = 4000;
export const DEFAULT_PANEL_GROWTH = 4;
/** The integral of S_1 S_2 is truncated where a bound puts the survivals below this. */
const SURVIVAL_EPS = 1e-13;
/** Survival tables have at least this many rows (kept tasks 0..127), so that solvers of different loads share them. */
const MIN_TABLE_ROWS = 128;
/** States whose probability is below this at every t_b asked are skipped. */
const STATE_EPS = 1e-18;
/** States below this are left out of screening values (solver.curve's `screening`). */
const SCREENING_EPS = 1e-10;
/** At most this many t_b columns are kept (a search asks a few hundred). */
const MAX_COLUMNS = 4096;
/** State-value matrices kept: as many as fit in MAX_G_ENTRIES values, at least MIN_G_MATRICES. */
const MAX_G_ENTRIES = 1 << 19;
const MIN_G_MATRICES = 32;

/** What depends on t_b only: the queue laws (below STATE_EPS outside [from, to)), the knowledge law, the time before balancing. */
export interface TbColumn {
  readonly pa: Float64Array;
  readonly pb: Float64Array;
  readonly aFrom: number;
  readonly aTo: number;
  readonly bFrom: number;
  readonly bTo: number;
  /** The states `(a, b)` with `P(a) P(b) >= STATE_EPS`: b in [band[0][ia], band[1][ia]). */
  readonly band: readonly [Int32Array, Int32Array];
  /** The same at SCREENING_EPS. */
  readonly screening: readonly [Int32Array, Int32Array];
  readonly pk: readonly number[];
  /** Bit k set when the knowledge state k (2 k1 + k2) has probability at least STATE_EPS (the others are left out). */
  readonly kMask: number;
  /** The same at SCREENING_EPS. */
  readonly kMaskScreening: number;
  readonly elapsed: number;
}

/** Per-node batches, `[node1[ia * 2 + informed], node2[jb * 2 + informed]]`. */
export type Batches = readonly [Int32Array, Int32Array];

export class RegenerationSolver {
  readonly model: TwoNodeModel;
  readonly loads: readonly [number, number];
  readonly grid: TimeGrid;
  /** The time grid's key (solvers with equal keys share the grid, its tables and its Jain kernels). */
  readonly gridKey: string;
  private readonly gridFamily: string;
  readonly ranges: readonly [QueueRange, QueueRange];
  private readonly prefixWeight: Float64Array;
  /** Per node, the survival tables by incoming batch. */
  private readonly tables: [(SurvivalTable | undefined)[], (SurvivalTable | undefined)[]] = [[], []];
  private readonly columns = new Map<number, TbColumn>();
  private readonly batchCache = new Map<string, Batches>();
  private readonly internedBatches = new Map<string, Batches>();
  private readonly curveMemo = new WeakMap<Batches, Map<number, number>>();
  private readonly screeningMemo = new WeakMap<Batches, Map<number, number>>();
  private readonly na: number;
  private readonly nb: number;
  private readonly gMatrices = new Map<Batches, Float64Array>();
  private lastG: [Batches, Float64Array] | undefined;
  /** Per incoming batch, the arena offsets (simd-dot.ts) of node 1's weighted rows and node 2's rows, of arena generation arenaGeneration. */
  private readonly arenaRows: [number[], number[]] = [[], []];
  private arenaGeneration = -1;

  constructor(model: TwoNodeModel, loads: readonly [number, number], domain: SolverDomain, numerics: SolverNumerics = {}) {
    this.model = model;
    this.loads = loads;
    // Checked before any work (the ranges below loop over the loads).
    loads.forEach((m, i) => {
      if (m > MAX_LOAD) invalid(`loads[${i}]`, m, `at most ${MAX_LOAD} tasks per node (the exact solver's limit)`);
    });
    const r0 = queueRange(loads[0], model.rates[0], domain.tbMin, domain.tbMax);
    const r1 = queueRange(loads[1], model.rates[1], domain.tbMin, domain.tbMax);
    this.ranges = [r0, r1];
    // Largest batches either node can send within the domain (batches grow with the queue and K).
    const weightOptions = [model.weights, ...(domain.weightOptions ?? [])];
    const maxSent = (i: 0 | 1, r: QueueRange): number => {
      let best = 0;
      for (let q = r.lo; q <= r.hi; q++) {
        for (const w of weightOptions) {
          best = Math.max(best, batchSent(model, loads, i, q, false, domain.KMax, w), batchSent(model, loads, i, q, true, domain.KMax, w));
        }
      }
      return best;
    };
    const in0 = maxSent(1, r1);
    const in1 = maxSent(0, r0);
    let thetaMin = Infinity;
    let thetaMax = 0;
    for (let L = 1; L <= Math.max(in0, in1); L++) {
      const th = transferDelayMean(model, L);
      thetaMin = Math.min(thetaMin, th);
      thetaMax = Math.max(thetaMax, th);
    }
    const bound0 = tailBound(model.rates[0], r0.hi + in0, in0 > 0 ? thetaMax : 0);
    const bound1 = tailBound(model.rates[1], r1.hi + in1, in1 > 0 ? thetaMax : 0);
    const tMax = Math.max(1, domain.bothTails === true ? Math.max(bound0, bound1) : Math.min(bound0, bound1));
    const fastest = Math.max(model.rates[0], model.rates[1]) + (Number.isFinite(thetaMin) ? 1 / thetaMin : 0);
    const panelWidth = numerics.panelWidth ?? Math.min(1.5, 2.5 / fastest);
    const growth = numerics.panelGrowth ?? DEFAULT_PANEL_GROWTH;
    const maxRate = Math.max(model.rates[0], model.rates[1]);
    // The grid runs to tMax rounded up to a power of four and tables have kMax rounded up to a power of
    // two less one, so that solvers of loads far apart share their survival tables (sharedSurvivalTable)
    // and, on the finish-time grid (bothTails, the reward solver's for E[J]), their Jain kernels: sharing
    // them with more load pairs saves more (fewer tables continued and copied) than a longer grid costs.
    const gridSpec = [powerOfFourUp(tMax), panelWidth, numerics.nodesPerPanel ?? DEFAULT_NODES_PER_PANEL, growth, maxRate, numerics.refineLevels ?? 0] as const;
    this.gridKey = gridSpec.join('|');
    // Grids that differ only in tMax extend one another (panelGrid): their tables are shared as views.
    this.gridFamily = gridSpec.slice(1).join('|');
    this.grid = sharedGrid(this.gridKey, () => panelGrid(...gridSpec));
    const G = this.grid.times.length;
    this.prefixWeight = new Float64Array(G + 1);
    for (let i = 0; i < G; i++) this.prefixWeight[i + 1] = this.prefixWeight[i]! + this.grid.weights[i]!;
    this.na = r0.hi - r0.lo + 1;
    this.nb = r1.hi - r1.lo + 1;
  }

  /** Expected completion time at (K, t_b). */
  expectedCompletion(K: number, tb: number): number {
    return this.curve(K, [tb])[0]!;
  }

  /**
   * Expected completion times at gain K for each t_b in `tbs` (all inside the
   * domain), under target weights `weights`. `screening`: leave out the states
   * below SCREENING_EPS instead of STATE_EPS (an error below about 1e-6
   * relative; for ranking a coarse grid).
   */
  curve(K: number, tbs: ArrayLike<number>, weights: TwoNodeWeights = this.model.weights, screening = false): Float64Array {
    const batches = this.batches(K, weights);
    const T = tbs.length;
    const out = new Float64Array(T);
    // Gains with the same batches in every state give the same values: each (batches, t_b) is computed once.
    const memos = screening ? this.screeningMemo : this.curveMemo;
    let memo = memos.get(batches);
    if (memo === undefined) {
      memo = new Map();
      memos.set(batches, memo);
    }
    const todo: number[] = [];
    for (let s = 0; s < T; s++) {
      const hit = memo.get(tbs[s]!);
      if (hit === undefined) todo.push(s);
      else out[s] = hit;
    }
    if (todo.length === 0) return out;
    const nb = this.nb;
    const columns = todo.map((s) => this.column(tbs[s]!));
    // g is needed at the states with probability at least STATE_EPS at some t_b asked:
    // per queue a, the union over the columns of their bands in b.
    let aFrom = Infinity;
    let aTo = 0;
    for (const col of columns) {
      aFrom = Math.min(aFrom, col.aFrom);
      aTo = Math.max(aTo, col.aTo);
    }
    const g = this.stateValues(batches);
    // The knowledge states needed by some column (the others have probability below the threshold).
    let mask = 0;
    for (const col of columns) mask |= screening ? col.kMaskScreening : col.kMask;
    const bandOf = (col: TbColumn): readonly [Int32Array, Int32Array] => (screening ? col.screening : col.band);
    for (let ia = aFrom; ia < aTo; ia++) {
      let lo = Infinity;
      let hi = 0;
      for (const col of columns) {
        const [bLo, bHi] = bandOf(col);
        if (bLo[ia]! < bHi[ia]!) {
          lo = Math.min(lo, bLo[ia]!);
          hi = Math.max(hi, bHi[ia]!);
        }
      }
      if (lo < hi) this.fillStates(batches, g, ia, lo, hi, mask);
    }
    todo.forEach((s, c) => {
      const { pa, pb, pk, elapsed } = columns[c]!;
      const [bandLo, bandHi] = bandOf(columns[c]!);
      const m = screening ? columns[c]!.kMaskScreening : columns[c]!.kMask;
      // Knowledge states left out of the column weigh 0 (their g may be unset).
      const [k0, k1, k2, k3] = pk.map((p, k) => ((m >> k) & 1 ? p : 0));
      const only3 = m === 8;
      let sum = 0;
      for (let ia = columns[c]!.aFrom; ia < columns[c]!.aTo; ia++) {
        let inner = 0;
        const end = bandHi[ia]!;
        if (only3) {
          for (let jb = bandLo[ia]!; jb < end; jb++) inner += pb[jb]! * g[(ia * nb + jb) * 4 + 3]!;
          inner *= k3!;
        } else {
          for (let jb = bandLo[ia]!; jb < end; jb++) {
            const o = (ia * nb + jb) * 4;
            inner += pb[jb]! * ((k0 === 0 ? 0 : k0! * g[o]!) + (k1 === 0 ? 0 : k1! * g[o + 1]!) + (k2 === 0 ? 0 : k2! * g[o + 2]!) + (k3 === 0 ? 0 : k3! * g[o + 3]!));
          }
        }
        sum += pa[ia]! * inner;
      }
      const value = elapsed + sum;
      out[s] = value;
      if (memo.size < MAX_COLUMNS) memo.set(tbs[s]!, value);
    });
    return out;
  }

  /**
   * The batch each node sends at gain K under `weights`, per queue (index in
   * its range) and knowledge: `[node1[ia * 2 + informed], node2[jb * 2 + informed]]`
   * (a node's batch does not depend on the other node's state). Equal batches
   * are returned as the same arrays.
   */
  batches(K: number, weights: TwoNodeWeights): Batches {
    const key = weights === null ? `${K}` : `${K}|${weights[0]}|${weights[1]}`;
    const hit = this.batchCache.get(key);
    if (hit !== undefined) return hit;
    if (this.batchCache.size >= MAX_COLUMNS) this.batchCache.clear();
    const [r0, r1] = this.ranges;
    const o1 = new Int32Array((r0.hi - r0.lo + 1) * 2);
    const o2 = new Int32Array((r1.hi - r1.lo + 1) * 2);
    for (let ia = 0; ia <= r0.hi - r0.lo; ia++) for (let k = 0; k < 2; k++) o1[ia * 2 + k] = batchSent(this.model, this.loads, 0, r0.lo + ia, k === 1, K, weights);
    for (let jb = 0; jb <= r1.hi - r1.lo; jb++) for (let k = 0; k < 2; k++) o2[jb * 2 + k] = batchSent(this.model, this.loads, 1, r1.lo + jb, k === 1, K, weights);
    const content = `${o1.join(',')};${o2.join(',')}`;
    let out = this.internedBatches.get(content);
    if (out === undefined) {
      out = [o1, o2];
      if (this.internedBatches.size >= MAX_COLUMNS) this.internedBatches.clear();
      this.internedBatches.set(content, out);
    }
    this.batchCache.set(key, out);
    return out;
  }

  /** What depends on t_b only (queue laws, knowledge law, time elapsed before balancing), cached per t_b. */
  column(tb: number): TbColumn {
    const hit = this.columns.get(tb);
    if (hit !== undefined) return hit;
    const [r0, r1] = this.ranges;
    const rates = this.model.rates;
    const pa = new Float64Array(r0.hi - r0.lo + 1);
    const pb = new Float64Array(r1.hi - r1.lo + 1);
    queueDistribution(this.loads[0], rates[0], tb, r0, pa);
    queueDistribution(this.loads[1], rates[1], tb, r1, pb);
    const c = this.model.informMean;
    const i1 = informedProbability(c[0], tb);
    const i2 = informedProbability(c[1], tb);
    // Probabilities are below STATE_EPS outside [from, to): so is every state there, which the sums skip.
    const nz = (p: Float64Array): [number, number] => {
      let from = 0;
      while (from < p.length && p[from]! < STATE_EPS) from++;
      let to = p.length;
      while (to > from && p[to - 1]! < STATE_EPS) to--;
      return [from, to];
    };
    const [aFrom, aTo] = nz(pa);
    const [bFrom, bTo] = nz(pb);
    const band = stateBand(pa, pb, aFrom, aTo, bFrom, bTo, STATE_EPS);
    const screening = stateBand(pa, pb, aFrom, aTo, bFrom, bTo, SCREENING_EPS);
    const pk = [(1 - i1) * (1 - i2), (1 - i1) * i2, i1 * (1 - i2), i1 * i2];
    const maskOf = (eps: number): number => pk.reduce((m, p, k) => (p >= eps ? m | (1 << k) : m), 0);
    const col: TbColumn = { pa, pb, aFrom, aTo, bFrom, bTo, band, screening, pk, kMask: maskOf(STATE_EPS), kMaskScreening: maskOf(SCREENING_EPS), elapsed: elapsedBeforeBalancing(this.loads, rates, tb) };
    if (this.columns.size < MAX_COLUMNS) this.columns.set(tb, col);
    return col;
  }

  /**
   * `g_K` of every state under `batches`, `[(ia * nb + jb) * 4 + 2 k1 + k2]`, NaN
   * until computed (by fillStates). Matrices are kept for the most recently used
   * batches; a new one starts from the latest and forgets only the states where
   * a node's batch differs (a search asks neighbouring gains one after another).
   */
  stateValues(batches: Batches): Float64Array {
    const hit = this.gMatrices.get(batches);
    if (hit !== undefined) {
      this.gMatrices.delete(batches);
      this.gMatrices.set(batches, hit);
      this.lastG = [batches, hit];
      return hit;
    }
    const { na, nb } = this;
    const n = na * nb * 4;
    // The most recently used matrix (the map's last entry).
    const parent = this.lastG;
    let g: Float64Array;
    if (this.gMatrices.size >= Math.max(MIN_G_MATRICES, Math.floor(MAX_G_ENTRIES / n))) {
      const oldest = this.gMatrices.keys().next().value!;
      g = this.gMatrices.get(oldest)!;
      this.gMatrices.delete(oldest);
    } else {
      g = new Float64Array(n);
    }
    this.gMatrices.set(batches, g);
    this.lastG = [batches, g];
    if (parent === undefined) return g.fill(Number.NaN);
    g.set(parent[1]);
    forgetChangedStates(g, parent[0], batches, na, nb);
    return g;
  }

  /**
   * Computes `g_K` of the queue states (ia, jb), jb in [jbFrom, jbTo), for the
   * knowledge states in `mask` (bit 2 k1 + k2) that are not yet in g (NaN;
   * equal batches share one value).
   */
  fillStates(batches: Batches, g: Float64Array, ia: number, jbFrom: number, jbTo: number, mask = 15): void {
    const [r0, r1] = this.ranges;
    const nb = r1.hi - r1.lo + 1;
    const a = r0.lo + ia;
    const [o1, o2] = batches;
    // The arena's offsets are valid from here to the end of the call.
    rowArena.trim();
    if (this.arenaGeneration !== rowArena.generation) {
      this.arenaRows[0].length = this.arenaRows[1].length = 0;
      this.arenaGeneration = rowArena.generation;
    }
    for (let k1 = 0; k1 < 2; k1++) {
      if (((mask >> (2 * k1)) & 3) === 0) continue;
      const s1 = o1[ia * 2 + k1]!;
      // Node 1's informed batch equal to its uninformed one: the values of k1 = 0 serve (filled first).
      const sameAsUninformed = k1 === 1 && o1[ia * 2]! === s1;
      const t2 = this.survival(1, s1);
      const rows2 = this.arenaRow(1, s1);
      const kept1 = a - s1;
      let lastS2 = -1;
      let t1 = t2;
      let weighted1 = 0;
      for (let jb = jbFrom; jb < jbTo; jb++) {
        const o = (ia * nb + jb) * 4 + 2 * k1;
        const b = r1.lo + jb;
        for (let k2 = 0; k2 < 2; k2++) {
          // (NaN is the only value unequal to itself.)
          if (((mask >> (2 * k1 + k2)) & 1) === 0 || g[o + k2] === g[o + k2]) continue;
          if (a === 0 && b === 0) {
            g[o + k2] = 0;
            continue;
          }
          const s2 = o2[jb * 2 + k2]!;
          let v = Number.NaN;
          if (sameAsUninformed) v = g[o - 2 + k2]!;
          if (v !== v && k2 === 1 && o2[jb * 2]! === s2) v = g[o]!;
          if (v !== v) {
            if (s2 !== lastS2) {
              t1 = this.survival(0, s2);
              weighted1 = this.arenaRow(0, s2);
              lastS2 = s2;
            }
            v = this.outcomeOf(t1, kept1, weighted1, t2, b - s2, rows2);
          }
          g[o + k2] = v;
        }
      }
    }
  }

  /**
   * E[max(T_C1, T_C2)] for node 1 keeping kept1 with table t1 (its incoming batch's), node 2 kept2 with t2;
   * `weighted1` and `rows2` are the arena offsets of t1's weighted rows and t2's rows (arenaRow).
   */
  private outcomeOf(t1: SurvivalTable, kept1: number, weighted1: number, t2: SurvivalTable, kept2: number, rows2: number): number {
    // Before the earlier start both rows are 1; from there to the later start only the
    // earlier-starting row varies (its cumulative quadrature); after the earlier end one is 0.
    const s1 = t1.start[kept1]!;
    const s2 = t2.start[kept2]!;
    const lo = Math.min(s1, s2);
    const hi = Math.max(s1, s2);
    const e = Math.min(t1.end[kept1]!, t2.end[kept2]!);
    const mid = Math.min(hi, e);
    const c = s1 <= s2 ? t1.cumulative : t2.cumulative;
    const co = s1 <= s2 ? kept1 * (t1.stride + 1) : kept2 * (t2.stride + 1);
    let overlap = this.prefixWeight[lo]! + (c[co + mid]! - c[co + lo]!);
    // Node 1's rows carry the quadrature weights (the same products, w r1 r2, rounded alike).
    // The overlap runs to the earlier end e (a survival below 1e-18 there): a bisection for an
    // earlier stop on a bound of the product's tail cost more in cache misses than it saved.
    if (e > hi) overlap += rowArena.dot4(weighted1 + kept1 * t1.stride + hi, rows2 + kept2 * t2.stride + hi, e - hi);
    return t1.means[kept1]! + t2.means[kept2]! - overlap;
  }

  /** The arena offset (simd-dot.ts) of node 1's weighted rows (node 0) or node 2's rows (node 1) for an incoming batch. */
  private arenaRow(node: 0 | 1, incoming: number): number {
    let at = this.arenaRows[node][incoming];
    if (at === undefined) {
      const t = this.survival(node, incoming);
      this.arenaRows[node][incoming] = at = rowArena.offsetOf(node === 0 ? t.weighted : t.rows);
    }
    return at;
  }

  /** The survival table of node `node` receiving a batch of `incoming` tasks (rows: kept tasks, at least up to the range's top). */
  survival(node: 0 | 1, incoming: number): SurvivalTable {
    let t = this.tables[node][incoming];
    if (t === undefined) {
      const theta = incoming > 0 ? transferDelayMean(this.model, incoming) : 0;
      const rate = this.model.rates[node];
      const kMax = Math.max(MIN_TABLE_ROWS, 2 ** Math.ceil(Math.log2(this.ranges[node].hi + 1))) - 1;
      const J = lumpLevel(rate, incoming, kMax, this.grid);
      t = sharedSurvivalView(`view|${rate}|${incoming}|${theta}|${kMax}|${J}|${this.gridFamily}`, this.grid, () => survivalTable(rate, incoming, theta, kMax, this.grid));
      this.tables[node][incoming] = t;
    }
    return t;
  }
}

/** `x` (at least 1) rounded up to a power of four (one bucket per two octaves). */
export function powerOfFourUp(x: number): number {
  const e = Math.ceil(Math.log2(x));
  return 2 ** (e + (e & 1));
}

/** `x` rounded up to a power of two or 1.5 times one (two buckets per octave). */
export function bucketUp(x: number): number {
  const p = 2 ** Math.floor(Math.log2(x));
  return x <= p ? p : x <= 1.5 * p ? 1.5 * p : 2 * p;
}

/**
 * Survival tables depend only on the node's rate, the batch, its transfer
 * delay, kMax and the grid, so solvers of different loads on the same grid
 * share them (a compare solves hundreds of load pairs). Least recently used
 * tables go first beyond SHARED_TABLE_BYTES.
 */
const SHARED_TABLE_BYTES = 512 * 2 ** 20;
const sharedTables = new Map<string, SurvivalTable>();
let sharedTableBytes = 0;
const sharedGrids = new Map<string, TimeGrid>();

/**
 * A shared table of `key` (whose grid family is part of the key) viewed on
 * `grid`: the shared one when its grid is at least as long, else the shared
 * one continued to the end of `grid` (or one built on `grid`), which replaces
 * it. Values are the same either way (a grid's tables agree with its
 * extensions' on its times, node-completion.ts lumpLevel and extendedTable),
 * so results do not depend on what was solved before.
 */
export function sharedSurvivalView(key: string, grid: TimeGrid, build: () => SurvivalTable): SurvivalTable {
  const G = grid.times.length;
  const hit = sharedTables.get(key);
  if (hit !== undefined && hit.stride >= G) {
    sharedTables.delete(key);
    sharedTables.set(key, hit);
    return truncatedTable(hit, G);
  }
  if (hit !== undefined) {
    sharedTables.delete(key);
    sharedTableBytes -= tableBytes(hit);
  }
  const longer = hit === undefined ? undefined : extendedTable(hit, grid);
  return sharedSurvivalTable(key, () => longer ?? build());
}

export function sharedSurvivalTable(key: string, build: () => SurvivalTable): SurvivalTable {
  const hit = sharedTables.get(key);
  if (hit !== undefined) {
    sharedTables.delete(key);
    sharedTables.set(key, hit);
    return hit;
  }
  const t = build();
  const bytes = tableBytes(t);
  for (const [k, old] of sharedTables) {
    if (sharedTableBytes + bytes <= SHARED_TABLE_BYTES) break;
    sharedTables.delete(k);
    sharedTableBytes -= tableBytes(old);
  }
  sharedTables.set(key, t);
  sharedTableBytes += bytes;
  return t;
}

/** Forgets the shared survival tables, grids and Jain kernels (for cold-start benchmarks). */
export function clearSharedSurvivalTables(): void {
  clearSharedJainKernels();
  rowArena.clear();
  sharedTables.clear();
  sharedTableBytes = 0;
  sharedGrids.clear();
}

export function sharedGrid(key: string, build: () => TimeGrid): TimeGrid {
  let g = sharedGrids.get(key);
  if (g === undefined) {
    if (sharedGrids.size >= 64) sharedGrids.clear();
    g = build();
    sharedGrids.set(key, g);
  }
  return g;
}

/**
 * Sets to NaN the entries `[(ia * nb + jb) * 4 + 2 k1 + k2]` of a per-state matrix made under
 * batches `from` whose batch changes under `to`: node 1's at (ia, k1) or node 2's at (jb, k2)
 * (an entry depends on the state only through the two batches).
 */
export function forgetChangedStates(values: Float64Array, from: Batches, to: Batches, na: number, nb: number): void {
  const [p1, p2] = from;
  const [o1, o2] = to;
  const n = na * nb * 4;
  for (let ia = 0; ia < na; ia++) {
    for (let k1 = 0; k1 < 2; k1++) {
      if (o1[ia * 2 + k1] === p1[ia * 2 + k1]) continue;
      for (let o = ia * nb * 4 + 2 * k1, end = (ia + 1) * nb * 4; o < end; o += 4) {
        values[o] = Number.NaN;
        values[o + 1] = Number.NaN;
      }
    }
  }
  for (let jb = 0; jb < nb; jb++) {
    for (let k2 = 0; k2 < 2; k2++) {
      if (o2[jb * 2 + k2] === p2[jb * 2 + k2]) continue;
      for (let o = jb * 4 + k2; o < n; o += nb * 4) {
        values[o] = Number.NaN;
        values[o + 2] = Number.NaN;
      }
    }
  }
}

/**
 * Per queue index ia, the b indices with `pa[ia] pb[jb] >= eps`: an interval,
 * as the queue laws are unimodal (a superset otherwise); empty outside
 * [aFrom, aTo).
 */
export function stateBand(pa: Float64Array, pb: Float64Array, aFrom: number, aTo: number, bFrom: number, bTo: number, eps: number): [Int32Array, Int32Array] {
  const bandLo = new Int32Array(pa.length);
  const bandHi = new Int32Array(pa.length);
  for (let ia = aFrom; ia < aTo; ia++) {
    const floor = eps / pa[ia]!;
    let lo = bFrom;
    while (lo < bTo && pb[lo]! < floor) lo++;
    let hi = bTo;
    while (hi > lo && pb[hi - 1]! < floor) hi--;
    bandLo[ia] = lo;
    bandHi[ia] = hi;
  }
  return [bandLo, bandHi];
}

/**
 * A time beyond which `P(T_C > t) < SURVIVAL_EPS` for every outcome with at
 * most `tasks` tasks in all and a transfer delay of mean at most `theta`
 * (Chernoff bound on `Erlang(tasks, rate) + Exp(theta)`, which dominates T_C).
 */
export function tailBound(rate: number, tasks: number, theta: number): number {
  if (tasks === 0) return 0;
  const zeta = theta > 0 ? 1 / theta : Infinity;
  const sMax = Math.min(rate, zeta);
  const logEps = Math.log(SURVIVAL_EPS);
  let best = Infinity;
  for (let i = 1; i < 400; i++) {
    const s = (sMax * i) / 400;
    let logM = tasks * Math.log(rate / (rate - s));
    if (theta > 0) logM += Math.log(zeta / (zeta - s));
    best = Math.min(best, (logM - logEps) / s);
  }
  return best;
}
