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
 * (the neglected tail is below 1e-10 s).
 * Queue states with less than 1e-15 of probability at each tail are left out.
 * With the default panels the relative error is below 1e-9 (checked by
 * halving the panel width in the tests); the stated tolerance is 1e-6.
 */
import { type SurvivalTable, survivalTable } from './node-completion.js';
import {
  type QueueRange,
  elapsedBeforeBalancing,
  informedProbability,
  queueDistribution,
  queueRange,
} from './pre-balance.js';
import { type TimeGrid, panelGrid } from './quadrature.js';
import { type TwoNodeModel, type TwoNodeWeights, batchSent, transferDelayMean } from './two-node-model.js';

/** Numerical settings of the solver (all optional). */
export interface SolverNumerics {
  /** Smallest width (s) of a Gauss–Legendre panel. @default 2.5 / (fastest rate lambda_i + 1/theta_min), at most 1.5 */
  panelWidth?: number;
  /** Panels widen to `panelGrowth * sqrt(t / lambda_max)` (0: equal panels). @default 1.5 */
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

const DEFAULT_NODES_PER_PANEL = 8;
const MAX_LOAD = 4000;
const DEFAULT_PANEL_GROWTH = 1.5;
/** The integral of S_1 S_2 is truncated where a bound puts the survivals below this. */
const SURVIVAL_EPS = 1e-13;
/** States whose probability is below this at every t_b asked are skipped. */
const STATE_EPS = 1e-18;
/** At most this many t_b columns are kept (a search asks a few hundred). */
const MAX_COLUMNS = 4096;

/** What depends on t_b only: the queue laws (exactly 0 outside [from, to)), the knowledge law, the time before balancing. */
export interface TbColumn {
  readonly pa: Float64Array;
  readonly pb: Float64Array;
  readonly aFrom: number;
  readonly aTo: number;
  readonly bFrom: number;
  readonly bTo: number;
  readonly pk: readonly number[];
  readonly elapsed: number;
}

export class RegenerationSolver {
  readonly model: TwoNodeModel;
  readonly loads: readonly [number, number];
  readonly grid: TimeGrid;
  readonly ranges: readonly [QueueRange, QueueRange];
  private readonly prefixWeight: Float64Array;
  private readonly tables: [Map<number, SurvivalTable>, Map<number, SurvivalTable>] = [new Map(), new Map()];
  private readonly gCache = new Map<number, number>();
  private readonly columns = new Map<number, TbColumn>();
  private readonly batchCache = new Map<string, [Int32Array, Int32Array]>();
  private readonly keyBase: number;

  constructor(model: TwoNodeModel, loads: readonly [number, number], domain: SolverDomain, numerics: SolverNumerics = {}) {
    this.model = model;
    this.loads = loads;
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
    this.grid = panelGrid(tMax, panelWidth, numerics.nodesPerPanel ?? DEFAULT_NODES_PER_PANEL, growth, maxRate, numerics.refineLevels ?? 0);
    const G = this.grid.times.length;
    this.prefixWeight = new Float64Array(G + 1);
    for (let i = 0; i < G; i++) this.prefixWeight[i + 1] = this.prefixWeight[i]! + this.grid.weights[i]!;
    this.keyBase = Math.max(r0.hi, r1.hi) + Math.max(in0, in1) + 1;
    if (this.keyBase ** 4 > Number.MAX_SAFE_INTEGER) {
      throw new Error(`loads: the exact solver handles at most ${MAX_LOAD} tasks per node, got [${loads.join(', ')}]`);
    }
  }

  /** Expected completion time at (K, t_b). */
  expectedCompletion(K: number, tb: number): number {
    return this.curve(K, [tb])[0]!;
  }

  /** Expected completion times at gain K for each t_b in `tbs` (all inside the domain), under target weights `weights`. */
  curve(K: number, tbs: ArrayLike<number>, weights: TwoNodeWeights = this.model.weights): Float64Array {
    const [r0, r1] = this.ranges;
    const na = r0.hi - r0.lo + 1;
    const nb = r1.hi - r1.lo + 1;
    const T = tbs.length;
    const columns = Array.from({ length: T }, (_, s) => this.column(tbs[s]!));
    const maxA = new Float64Array(na);
    const maxB = new Float64Array(nb);
    for (const col of columns) {
      for (let i = 0; i < na; i++) maxA[i] = Math.max(maxA[i]!, col.pa[i]!);
      for (let j = 0; j < nb; j++) maxB[j] = Math.max(maxB[j]!, col.pb[j]!);
    }
    const [o1, o2] = this.batches(K, weights);
    // g over the states that matter at some t_b: g[((ia * nb) + jb) * 4 + 2 k1 + k2].
    const g = new Float64Array(na * nb * 4);
    for (let ia = 0; ia < na; ia++) {
      const a = r0.lo + ia;
      for (let jb = 0; jb < nb; jb++) {
        const b = r1.lo + jb;
        if ((a === 0 && b === 0) || maxA[ia]! * maxB[jb]! < STATE_EPS) continue;
        for (let k = 0; k < 4; k++) {
          const s1 = o1[ia * 2 + (k >> 1)]!;
          const s2 = o2[jb * 2 + (k & 1)]!;
          g[(ia * nb + jb) * 4 + k] = this.outcomeValue(a - s1, s2, b - s2, s1);
        }
      }
    }
    const out = new Float64Array(T);
    for (let s = 0; s < T; s++) {
      const { pa, pb, pk, elapsed, aTo, bFrom, bTo } = columns[s]!;
      let sum = 0;
      for (let ia = columns[s]!.aFrom; ia < aTo; ia++) {
        const wa = pa[ia]!;
        if (wa === 0) continue;
        let inner = 0;
        for (let jb = bFrom; jb < bTo; jb++) {
          const wb = pb[jb]!;
          if (wb === 0) continue;
          const o = (ia * nb + jb) * 4;
          inner += wb * (pk[0]! * g[o]! + pk[1]! * g[o + 1]! + pk[2]! * g[o + 2]! + pk[3]! * g[o + 3]!);
        }
        sum += wa * inner;
      }
      out[s] = elapsed + sum;
    }
    return out;
  }

  /**
   * The batch each node sends at gain K under `weights`, per queue (index in
   * its range) and knowledge: `[node1[ia * 2 + informed], node2[jb * 2 + informed]]`
   * (a node's batch does not depend on the other node's state).
   */
  batches(K: number, weights: TwoNodeWeights): [Int32Array, Int32Array] {
    const key = weights === null ? `${K}` : `${K}|${weights[0]}|${weights[1]}`;
    const hit = this.batchCache.get(key);
    if (hit !== undefined) return hit;
    if (this.batchCache.size >= MAX_COLUMNS) this.batchCache.clear();
    const [r0, r1] = this.ranges;
    const o1 = new Int32Array((r0.hi - r0.lo + 1) * 2);
    const o2 = new Int32Array((r1.hi - r1.lo + 1) * 2);
    for (let ia = 0; ia <= r0.hi - r0.lo; ia++) for (let k = 0; k < 2; k++) o1[ia * 2 + k] = batchSent(this.model, this.loads, 0, r0.lo + ia, k === 1, K, weights);
    for (let jb = 0; jb <= r1.hi - r1.lo; jb++) for (let k = 0; k < 2; k++) o2[jb * 2 + k] = batchSent(this.model, this.loads, 1, r1.lo + jb, k === 1, K, weights);
    const out: [Int32Array, Int32Array] = [o1, o2];
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
    // Probabilities are exactly 0 outside [from, to): the sums skip those states.
    const nz = (p: Float64Array): [number, number] => {
      let from = 0;
      while (from < p.length && p[from] === 0) from++;
      let to = p.length;
      while (to > from && p[to - 1] === 0) to--;
      return [from, to];
    };
    const [aFrom, aTo] = nz(pa);
    const [bFrom, bTo] = nz(pb);
    const col: TbColumn = { pa, pb, aFrom, aTo, bFrom, bTo, pk: [(1 - i1) * (1 - i2), (1 - i1) * i2, i1 * (1 - i2), i1 * i2], elapsed: elapsedBeforeBalancing(this.loads, rates, tb) };
    if (this.columns.size < MAX_COLUMNS) this.columns.set(tb, col);
    return col;
  }

  /** g_K(a, b, k1, k2) = E[max(T_C1, T_C2)] after balancing that state. */
  stateValue(K: number, a: number, b: number, informed1: boolean, informed2: boolean, weights: TwoNodeWeights = this.model.weights): number {
    const o1 = batchSent(this.model, this.loads, 0, a, informed1, K, weights);
    const o2 = batchSent(this.model, this.loads, 1, b, informed2, K, weights);
    return this.outcomeValue(a - o1, o2, b - o2, o1);
  }

  /** E[max(T_C1, T_C2)] for node outcomes (kept, incoming). */
  outcomeValue(kept1: number, in1: number, kept2: number, in2: number): number {
    const B = this.keyBase;
    const key = ((kept1 * B + in1) * B + kept2) * B + in2;
    const hit = this.gCache.get(key);
    if (hit !== undefined) return hit;
    const t1 = this.survival(0, in1);
    const t2 = this.survival(1, in2);
    const G = this.grid.times.length;
    const s = Math.min(t1.start[kept1]!, t2.start[kept2]!);
    const e = Math.min(t1.end[kept1]!, t2.end[kept2]!);
    const w = this.grid.weights;
    const r1 = t1.rows;
    const r2 = t2.rows;
    const o1 = kept1 * G;
    const o2 = kept2 * G;
    let overlap = this.prefixWeight[s]!;
    for (let i = s; i < e; i++) overlap += w[i]! * r1[o1 + i]! * r2[o2 + i]!;
    const value = t1.means[kept1]! + t2.means[kept2]! - overlap;
    this.gCache.set(key, value);
    return value;
  }

  /** The survival table of node `node` receiving a batch of `incoming` tasks (rows: kept tasks). */
  survival(node: 0 | 1, incoming: number): SurvivalTable {
    let t = this.tables[node].get(incoming);
    if (t === undefined) {
      const theta = incoming > 0 ? transferDelayMean(this.model, incoming) : 0;
      t = survivalTable(this.model.rates[node], incoming, theta, this.ranges[node].hi, this.grid);
      this.tables[node].set(incoming, t);
    }
    return t;
  }
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
