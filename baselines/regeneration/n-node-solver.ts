/**
 * Exact expectations of the one-shot measures for n exponential nodes
 * (docs/model.md §3.8): the completion time, Jain's index of the finish times
 * and of the backlog, and the variance of the finish times, for a common t_b
 * and common or per-node gains K_l.
 *
 * Method. Before t_b the n queues and the n(n-1) messages are independent, so
 * node l's queue and knowledge mask at t_b have the product law of
 * pre-balance.ts and n-node-model.ts (`knowledgeLaw`). Node l's balancing
 * depends only on its own queue and mask, so each node's *decision* (what it
 * keeps, what it sends to each other node) has its own law: queue and mask
 * pairs that give the same decision collapse into one (every mask of a node
 * that sends nothing, the masks that see the same total, ...). The nodes'
 * decisions are independent; summing over their product (leaving out the
 * combinations of probability below `stateEps`):
 *
 *     E[f] = sum over decisions d_1..d_n of prod_l P(d_l) E[f(T_1..T_n) | d].
 *
 * Given the decisions, node k keeps `kept_k` tasks and receives the batches
 * `L_kj` sent to it, with independent exponential transfer delays: a
 * phase-type time X_k (node-completion.ts for at most one batch,
 * multi-batch-completion.ts for more). The nodes are independent given the
 * decisions, so with `S_k` the tabulated survivals
 *
 *     E[max_k X_k | d] = sum_k E[X_k] - int (sum_k S_k - 1 + prod_k (1 - S_k)) dt
 *
 * (for two nodes the integrand is S_1 S_2, the two-node solver's formula),
 * and `E[T] = E[min(T, t_b)] + sum_d P(d) E[max_k X_k | d]`. The values given d
 * do not depend on t_b and are kept across t_b and gains. The other measures:
 * - variance: first and second moments of each finish time (exact);
 * - Jain of the backlog: a function of d (a finite sum);
 * - Jain of the finish times, `J = 1/n + (2/n) sum_{i<j} T_i T_j / sum_k T_k^2`, with
 *   `1 / sum T^2 = int e^sigma exp(-e^sigma sum T^2) dsigma` (the two-node
 *   solver's sigma grid): per node, `U = E[sqrt(h) e^{sigma/2} T e^{-e^sigma T^2}]` and
 *   `V = E[e^{-e^sigma T^2}]`, and `E[J | d] = 1/n + (2/n) sum_r sum_{i<j} U_i U_j prod_{k != i,j} V_k`.
 */
import { jainIndex } from '../../envs/sim/fairness.js';
import { invalid } from '../../envs/sim/validation.js';
import { transferMean } from '../../envs/sim/transfer-delay.js';
import { kernelLowerEnd, kernelNode, lawWindow, sigmaNodes } from './jain-kernel.js';
import { multiBatchLaw } from './multi-batch-completion.js';
import {
  type BalanceScratch,
  type NNodeModel,
  type NodeWeights,
  balanceScratch,
  knowledgeLaw,
  nodeBatches,
} from './n-node-model.js';
import { completionSecondMoment, survivalTable } from './node-completion.js';
import { type QueueRange, elapsedBeforeBalancing, queueDistribution, queueRange } from './pre-balance.js';
import { type TimeGrid, panelGrid } from './quadrature.js';
import { type EarlyMoments, earlyExpectations, earlyMoments } from './early-finish.js';
import type { ExpectedMeasures } from './reward-solver.js';
import {
  DEFAULT_NODES_PER_PANEL,
  DEFAULT_PANEL_GROWTH,
  MAX_LOAD,
  type SolverNumerics,
  bucketUp,
  sharedGrid,
  sharedSurvivalTable,
  tailBound,
} from './solver.js';

/** The (t_b, K) region the solver is prepared for. */
export interface NNodeDomain {
  tbMin: number;
  tbMax: number;
  /** Largest gain that will be asked (batches grow with K). */
  KMax: number;
  /** Target weights that will be asked besides the model's own. */
  weightOptions?: readonly NodeWeights[];
}

/** Numerical settings of the n-node solver (all optional). */
export interface NNodeNumerics extends SolverNumerics {
  /** Combinations of decisions below this probability are left out. @default 1e-11 */
  stateEps?: number;
  /** Trapezoid step of the Jain kernel in sigma. @default 0.5 */
  sigmaStep?: number;
}

const DEFAULT_STATE_EPS = 1e-11;
/** Screening values (for ranking a coarse grid) leave out combinations below this. */
const SCREENING_EPS = 1e-8;
/** Dyadic levels of the first panel for Jain's kernel (as the two-node reward solver). */
const JAIN_REFINE_LEVELS = 10;
/** Combinations below this probability get the midpoint of J's range instead of their E[J]. */
const JAIN_STATE_EPS = 1e-15;
/** At most this many t_b columns and combination values are kept. */
const MAX_COLUMNS = 4096;
const MAX_COMBOS = 1 << 20;

/** One node's decision at t_b: what it keeps and what it sends to each node. */
interface Decision {
  readonly kept: number;
  readonly out: Int32Array;
}

/** A node's remaining-time law after t_b given a decision of every node. */
interface NodeLaw {
  readonly node: number;
  /** Tasks after balancing (kept + incoming); 0: the node has no work after t_b. */
  readonly tasks: number;
  readonly kept: number;
  readonly rows: Float64Array;
  /** Offset of the row of `kept` in `rows`. */
  readonly offset: number;
  readonly start: number;
  readonly end: number;
  readonly mean: number;
  readonly second: number;
  readonly key: string;
}

/** Values that depend on the decisions only (not on t_b). */
interface ComboValues {
  readonly laws: readonly NodeLaw[];
  /** `E[max_k X_k | d]`. */
  readonly g: number;
  /** Jain's index of the backlogs. */
  readonly backlog: number;
}

interface TbColumn {
  readonly queue: readonly Float64Array[];
  readonly masks: readonly Float64Array[];
  readonly elapsed: number;
  readonly early: readonly EarlyMoments[];
}

interface JainKernel {
  readonly tb: number;
  readonly R: number;
  readonly scale: Float64Array;
  readonly dhU: Float64Array;
  readonly dhV: Float64Array;
  readonly edgeU: Float64Array;
  readonly edgeV: Float64Array;
  /** U and V per law key at this t_b. */
  readonly cache: Map<string, readonly [Float64Array, Float64Array]>;
  /** U and V of each node's early finish (null when impossible). */
  readonly early: readonly (readonly [Float64Array, Float64Array] | null)[];
}

export class NNodeSolver {
  readonly model: NNodeModel;
  readonly loads: readonly number[];
  readonly n: number;
  readonly grid: TimeGrid;
  readonly ranges: readonly QueueRange[];
  readonly withJain: boolean;
  private readonly gridKey: string;
  private readonly stateEps: number;
  private readonly sigmaStep: number;
  private readonly prefixWeight: Float64Array;
  private readonly scratch: BalanceScratch;
  private readonly decisions: { list: Decision[]; ids: Map<string, number> }[];
  private readonly decisionTables = new Map<string, Int32Array>();
  private readonly columns = new Map<number, TbColumn>();
  /** Combination values, a trie over the nodes' decision ids (numeric keys are much faster than joined strings). */
  private combos = new Map<number, unknown>();
  private comboCount = 0;
  private readonly laws = new Map<string, NodeLaw>();
  private readonly multiTables = new Map<string, { rows: Float64Array; start: Int32Array; end: Int32Array; means: Float64Array; second: Float64Array }>();
  private kernel: JainKernel | undefined;

  constructor(model: NNodeModel, loads: readonly number[], domain: NNodeDomain, numerics: NNodeNumerics = {}, withJain = false) {
    this.model = model;
    this.loads = loads;
    const n = model.n;
    this.n = n;
    this.withJain = withJain;
    loads.forEach((m, i) => {
      if (m > MAX_LOAD) invalid(`loads[${i}]`, m, `at most ${MAX_LOAD} tasks per node (the exact solver's limit)`);
    });
    this.stateEps = numerics.stateEps ?? DEFAULT_STATE_EPS;
    this.sigmaStep = numerics.sigmaStep ?? 0.5;
    this.scratch = balanceScratch(n);
    this.ranges = loads.map((m, i) => queueRange(m, model.rates[i]!, domain.tbMin, domain.tbMax));
    this.decisions = loads.map(() => ({ list: [], ids: new Map() }));
    // Largest batch each node can receive from each sender within the domain.
    const weightOptions = [model.weights, ...(domain.weightOptions ?? [])];
    const incoming = new Float64Array(n);
    const senders = new Float64Array(n);
    let maxBatch = 0;
    const out = new Int32Array(n);
    for (let l = 0; l < n; l++) {
      const best = new Int32Array(n);
      const r = this.ranges[l]!;
      for (let q = r.lo; q <= r.hi; q++) {
        for (let mask = 0; mask < 1 << (n - 1); mask++) {
          for (const w of weightOptions) {
            nodeBatches(model, loads, l, q, mask, domain.KMax, w, this.scratch, out);
            for (let k = 0; k < n; k++) best[k] = Math.max(best[k]!, out[k]!);
          }
        }
      }
      for (let k = 0; k < n; k++) {
        incoming[k] = incoming[k]! + best[k]!;
        if (best[k]! > 0) senders[k] = senders[k]! + 1;
        maxBatch = Math.max(maxBatch, best[k]!);
      }
    }
    let thetaMin = Infinity;
    let thetaMax = 0;
    for (let L = 1; L <= maxBatch; L++) {
      const th = transferMean(model.transfer, L);
      thetaMin = Math.min(thetaMin, th);
      thetaMax = Math.max(thetaMax, th);
    }
    // Erlang(all tasks) + Exp(r theta_max) dominates (in the Chernoff sense) a node receiving r batches.
    let tMax = 1;
    for (let k = 0; k < n; k++) {
      tMax = Math.max(tMax, tailBound(model.rates[k]!, this.ranges[k]!.hi + incoming[k]!, senders[k]! > 0 ? senders[k]! * thetaMax : 0));
    }
    const maxRate = Math.max(...model.rates);
    const fastest = maxRate + (Number.isFinite(thetaMin) ? 1 / thetaMin : 0);
    const panelWidth = numerics.panelWidth ?? Math.min(1.5, 2.5 / fastest);
    const refine = numerics.refineLevels ?? (withJain ? JAIN_REFINE_LEVELS : 0);
    const gridSpec = [bucketUp(tMax), panelWidth, numerics.nodesPerPanel ?? DEFAULT_NODES_PER_PANEL, numerics.panelGrowth ?? DEFAULT_PANEL_GROWTH, maxRate, refine] as const;
    this.gridKey = gridSpec.join('|');
    this.grid = sharedGrid(this.gridKey, () => panelGrid(...gridSpec));
    const G = this.grid.times.length;
    this.prefixWeight = new Float64Array(G + 1);
    for (let i = 0; i < G; i++) this.prefixWeight[i + 1] = this.prefixWeight[i]! + this.grid.weights[i]!;
  }

  /** The expected completion time at gains K (one, or one per node) and t_b, under target `weights`. */
  expectedCompletion(K: number | readonly number[], tb: number, weights: NodeWeights = this.model.weights, screening = false): number {
    return this.measures(K, tb, weights, false, screening, true).completionTime;
  }

  /**
   * The expected measures at gains K and t_b under target `weights`.
   * `withJain` false leaves `E[J(T)]` NaN (the costly one); `completionOnly`
   * computes the completion time alone (the other fields are NaN);
   * `screening` leaves out the combinations below 1e-8 (for ranking a coarse grid).
   */
  measures(K: number | readonly number[], tb: number, weights: NodeWeights, withJain: boolean, screening = false, completionOnly = false): ExpectedMeasures {
    if (withJain && !this.withJain) throw new Error('NNodeSolver: built without E[J(T)] (withJain false)');
    const n = this.n;
    const Ks = typeof K === 'number' ? new Array<number>(n).fill(K) : K;
    const eps = screening ? Math.max(SCREENING_EPS, this.stateEps) : this.stateEps;
    const col = this.column(tb);
    const ker = withJain ? this.jainKernel(tb) : undefined;
    // Each node's decision law: (id, probability), most likely first.
    const lists = Ks.map((k, l) => this.decisionLaw(l, k, weights, col, eps));
    const rest = new Float64Array(n + 1);
    rest[n] = 1;
    for (let l = n - 1; l >= 0; l--) rest[l] = rest[l + 1]! * (lists[l]![0]?.p ?? 0);
    const ids = new Int32Array(n);
    let mu = 0;
    let backlog = 0;
    let varSum = 0;
    let jain = 0;
    const zeroJain = (1 + 1 / n) / 2;
    const acc = { e0: new Float64Array(0), e1: new Float64Array(0), e2: new Float64Array(0) };
    if (ker !== undefined) {
      acc.e0 = new Float64Array(ker.R);
      acc.e1 = new Float64Array(ker.R);
      acc.e2 = new Float64Array(ker.R);
    }
    const visit = (p: number): void => {
      const c = this.combo(ids);
      mu += p * c.g;
      if (completionOnly) return;
      backlog += p * c.backlog;
      varSum += p * this.varianceGiven(c, tb, col);
      if (ker !== undefined) jain += p * this.jainGiven(c, ker, p < JAIN_STATE_EPS, zeroJain, acc);
    };
    const recurse = (l: number, p: number): void => {
      if (l === n) {
        visit(p);
        return;
      }
      for (const d of lists[l]!) {
        const q = p * d.p;
        if (q * rest[l + 1]! < eps) break;
        ids[l] = d.id;
        recurse(l + 1, q);
      }
    };
    recurse(0, 1);
    return {
      completionTime: col.elapsed + mu,
      jainFinish: ker === undefined || completionOnly ? Number.NaN : jain,
      jainBacklog: completionOnly ? Number.NaN : backlog,
      varianceFinish: completionOnly ? Number.NaN : Math.max(0, varSum),
    };
  }

  /** Node l's decisions with their probabilities at t_b (at least `eps`), most likely first. */
  private decisionLaw(l: number, K: number, weights: NodeWeights, col: TbColumn, eps: number): { id: number; p: number }[] {
    const table = this.decisionTable(l, K, weights);
    const pq = col.queue[l]!;
    const pm = col.masks[l]!;
    const M = pm.length;
    const prob = new Map<number, number>();
    for (let qi = 0; qi < pq.length; qi++) {
      const a = pq[qi]!;
      if (a < eps * 1e-3) continue;
      for (let mask = 0; mask < M; mask++) {
        const p = a * pm[mask]!;
        if (p === 0) continue;
        const id = table[qi * M + mask]!;
        prob.set(id, (prob.get(id) ?? 0) + p);
      }
    }
    const out: { id: number; p: number }[] = [];
    for (const [id, p] of prob) if (p >= eps) out.push({ id, p });
    return out.sort((a, b) => b.p - a.p || a.id - b.id);
  }

  /** Decision ids of node l at gain K under `weights`, `[qi * 2^(n-1) + mask]`. */
  private decisionTable(l: number, K: number, weights: NodeWeights): Int32Array {
    const key = `${l}|${K}|${weights === null ? '' : weights.join(',')}`;
    const hit = this.decisionTables.get(key);
    if (hit !== undefined) return hit;
    if (this.decisionTables.size >= MAX_COLUMNS) this.decisionTables.clear();
    const n = this.n;
    const M = 1 << (n - 1);
    const r = this.ranges[l]!;
    const table = new Int32Array((r.hi - r.lo + 1) * M);
    const reg = this.decisions[l]!;
    const out = new Int32Array(n);
    for (let q = r.lo; q <= r.hi; q++) {
      for (let mask = 0; mask < M; mask++) {
        const sent = nodeBatches(this.model, this.loads, l, q, mask, K, weights, this.scratch, out);
        const dkey = `${q - sent}|${out.join(',')}`;
        let id = reg.ids.get(dkey);
        if (id === undefined) {
          id = reg.list.length;
          reg.list.push({ kept: q - sent, out: out.slice() });
          reg.ids.set(dkey, id);
        }
        table[(q - r.lo) * M + mask] = id;
      }
    }
    this.decisionTables.set(key, table);
    return table;
  }

  /** The t_b-independent values of one combination of decisions (cached). */
  private combo(ids: Int32Array): ComboValues {
    let level = this.combos;
    const last = ids.length - 1;
    for (let l = 0; l < last; l++) {
      let next = level.get(ids[l]!) as Map<number, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(ids[l]!, next);
      }
      level = next;
    }
    const hit = level.get(ids[last]!) as ComboValues | undefined;
    if (hit !== undefined) return hit;
    const n = this.n;
    const decisions = Array.from(ids, (id, l) => this.decisions[l]!.list[id]!);
    const laws: NodeLaw[] = [];
    const backlogs = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const inc: number[] = [];
      for (let j = 0; j < n; j++) if (j !== k && decisions[j]!.out[k]! > 0) inc.push(decisions[j]!.out[k]!);
      const law = this.law(k, decisions[k]!.kept, inc.sort((a, b) => a - b));
      laws.push(law);
      backlogs[k] = law.tasks / this.model.rates[k]!;
    }
    const value: ComboValues = { laws, g: this.maxAfterBalancing(laws), backlog: jainIndex(backlogs) };
    if (++this.comboCount > MAX_COMBOS) {
      this.combos = new Map();
      this.comboCount = 0;
    } else {
      level.set(ids[last]!, value);
    }
    return value;
  }

  /** `E[max_k X_k]` for independent node laws (0 for nodes without work). */
  private maxAfterBalancing(laws: readonly NodeLaw[]): number {
    const active = laws.filter((x) => x.tasks > 0);
    if (active.length === 0) return 0;
    if (active.length === 1) return active[0]!.mean;
    let means = 0;
    let minStart = Infinity;
    const ends: number[] = [];
    for (const x of active) {
      means += x.mean;
      minStart = Math.min(minStart, x.start);
      ends.push(x.end);
    }
    ends.sort((a, b) => b - a);
    // Past the second latest end at most one survival is left: the integrand is 0 there.
    const stop = ends[1]!;
    const m = active.length;
    let overlap = (m - 1) * this.prefixWeight[Math.min(minStart, stop)]!;
    const w = this.grid.weights;
    for (let i = minStart; i < stop; i++) {
      let sum = -1;
      let prod = 1;
      for (let a = 0; a < m; a++) {
        const x = active[a]!;
        const s = x.rows[x.offset + i]!;
        sum += s;
        prod *= 1 - s;
      }
      overlap += w[i]! * (sum + prod);
    }
    return means - overlap;
  }

  /** Node k's law after balancing when it keeps `kept` and receives the batches `incoming` (sorted). */
  private law(k: number, kept: number, incoming: readonly number[]): NodeLaw {
    const key = `${k}|${kept}|${incoming.join(',')}`;
    const hit = this.laws.get(key);
    if (hit !== undefined) return hit;
    const rate = this.model.rates[k]!;
    const tasks = kept + incoming.reduce((a, b) => a + b, 0);
    const G = this.grid.times.length;
    let law: NodeLaw;
    if (tasks === 0) {
      law = { node: k, tasks: 0, kept, rows: new Float64Array(0), offset: 0, start: 0, end: 0, mean: 0, second: 0, key };
    } else if (incoming.length <= 1) {
      const L = incoming[0] ?? 0;
      const theta = L > 0 ? transferMean(this.model.transfer, L) : 0;
      const kMax = Math.max(16, 2 ** Math.ceil(Math.log2(this.ranges[k]!.hi + 1))) - 1;
      const t = sharedSurvivalTable(`${rate}|${L}|${theta}|${kMax}|${this.gridKey}`, () => survivalTable(rate, L, theta, kMax, this.grid));
      law = { node: k, tasks, kept, rows: t.rows, offset: kept * G, start: t.start[kept]!, end: t.end[kept]!, mean: t.means[kept]!, second: completionSecondMoment(rate, kept, L, theta), key };
    } else {
      const tkey = `${k}|${incoming.join(',')}`;
      let t = this.multiTables.get(tkey);
      if (t === undefined) {
        const batches = incoming.map((L) => ({ tasks: L, theta: transferMean(this.model.transfer, L) }));
        const m = multiBatchLaw(rate, batches, this.ranges[k]!.hi, this.grid);
        t = { rows: m.table.rows, start: m.table.start, end: m.table.end, means: m.table.means, second: m.secondMoments };
        this.multiTables.set(tkey, t);
      }
      law = { node: k, tasks, kept, rows: t.rows, offset: kept * G, start: t.start[kept]!, end: t.end[kept]!, mean: t.means[kept]!, second: t.second[kept]!, key };
    }
    this.laws.set(key, law);
    return law;
  }

  /** `E[Var(T_1..T_n) | d]` from each finish time's first two moments (shifted by t_b when every node works after t_b). */
  private varianceGiven(c: ComboValues, tb: number, col: TbColumn): number {
    const n = this.n;
    const allActive = c.laws.every((x) => x.tasks > 0);
    const shift = allActive ? 0 : tb;
    let sum1 = 0;
    let sumSq1 = 0;
    let sum2 = 0;
    for (let k = 0; k < n; k++) {
      const x = c.laws[k]!;
      let m1 = 0;
      let m2 = 0;
      if (x.tasks > 0) {
        m1 = shift + x.mean;
        m2 = shift * shift + 2 * shift * x.mean + x.second;
      } else if (this.loads[k]! > 0) {
        m1 = col.early[k]!.mean;
        m2 = col.early[k]!.second;
      }
      sum1 += m1;
      sumSq1 += m1 * m1;
      sum2 += m2;
    }
    return sum2 / n - (sum1 * sum1 - sumSq1 + sum2) / (n * n);
  }

  /** `E[J(T_1..T_n) | d]` by the sigma representation (module comment). */
  private jainGiven(c: ComboValues, ker: JainKernel, coarse: boolean, midpoint: number, acc: { e0: Float64Array; e1: Float64Array; e2: Float64Array }): number {
    const n = this.n;
    const vectors: (readonly [Float64Array, Float64Array] | null)[] = c.laws.map((x, k) => (x.tasks > 0 ? this.activeUV(ker, x) : this.loads[k]! > 0 ? ker.early[k]! : null));
    if (vectors.every((v) => v === null)) return 1;
    if (coarse) return midpoint;
    const { e0, e1, e2 } = acc;
    e0.fill(1);
    e1.fill(0);
    e2.fill(0);
    const R = ker.R;
    for (const v of vectors) {
      if (v === null) continue; // U = 0, V = 1
      const [U, V] = v;
      for (let r = 0; r < R; r++) {
        const u = U[r]!;
        const w = V[r]!;
        e2[r] = e2[r]! * w + e1[r]! * u;
        e1[r] = e1[r]! * w + e0[r]! * u;
        e0[r] = e0[r]! * w;
      }
    }
    let s = 0;
    for (let r = 0; r < R; r++) s += e2[r]!;
    return 1 / n + (2 / n) * s;
  }

  /** What depends on t_b only: queue and knowledge laws, the time before balancing, early-finish moments. */
  private column(tb: number): TbColumn {
    const hit = this.columns.get(tb);
    if (hit !== undefined) return hit;
    const rates = this.model.rates;
    const queue = this.loads.map((m, i) => {
      const r = this.ranges[i]!;
      const p = new Float64Array(r.hi - r.lo + 1);
      queueDistribution(m, rates[i]!, tb, r, p);
      return p;
    });
    const masks = this.loads.map((_, l) => knowledgeLaw(this.model, l, tb));
    const col: TbColumn = {
      queue,
      masks,
      elapsed: elapsedBeforeBalancing(this.loads, rates, tb),
      early: this.loads.map((m, i) => earlyMoments(m, rates[i]!, tb)),
    };
    if (this.columns.size >= MAX_COLUMNS) this.columns.clear();
    this.columns.set(tb, col);
    return col;
  }

  /** The Jain kernel at t_b (rebuilt when t_b changes; U and V are reused across gains). */
  private jainKernel(tb: number): JainKernel {
    if (this.kernel !== undefined && this.kernel.tb === tb) return this.kernel;
    const n = this.n;
    const grid = this.grid;
    const G = grid.times.length;
    const edges = grid.edges;
    const sHi = Math.sqrt(n) * (tb + grid.tMax);
    const { sigmas, scale, coef } = sigmaNodes(kernelLowerEnd(this.loads, this.model.rates, tb), sHi, this.sigmaStep);
    const R = sigmas.length;
    const hU = (r: number, x: number): number => kernelNode(coef[r]!, scale[r]!, x);
    const hV = (r: number, x: number): number => {
      const e = scale[r]! * x * x;
      return e > 745 ? 0 : Math.exp(-e);
    };
    const dhU = new Float64Array(G * R);
    const dhV = new Float64Array(G * R);
    for (let i = 0; i < G; i++) {
      const x = tb + grid.times[i]!;
      const w = grid.weights[i]!;
      for (let r = 0; r < R; r++) {
        const e = scale[r]! * x * x;
        const ex = e > 745 ? 0 : Math.exp(-e);
        dhU[r * G + i] = w * coef[r]! * (1 - 2 * e) * ex;
        dhV[r * G + i] = -w * 2 * scale[r]! * x * ex;
      }
    }
    const edgeU = new Float64Array(edges.length * R);
    const edgeV = new Float64Array(edges.length * R);
    for (let p = 0; p < edges.length; p++) {
      const x = tb + edges[p]!;
      for (let r = 0; r < R; r++) {
        edgeU[p * R + r] = hU(r, x);
        edgeV[p * R + r] = hV(r, x);
      }
    }
    const early = this.loads.map((m, i) => {
      const e = earlyExpectations(m, this.model.rates[i]!, tb, [hU, hV], R);
      return e === null ? null : ([e[0]!, e[1]!] as const);
    });
    const kernel: JainKernel = { tb, R, scale, dhU, dhV, edgeU, edgeV, cache: new Map(), early };
    this.kernel = kernel;
    return kernel;
  }

  /** `U_r = E[h_r(t_b + X)]` and `V_r = E[exp(-e^sigma_r (t_b + X)^2)]` for a node law (integration by parts against its CDF). */
  private activeUV(ker: JainKernel, x: NodeLaw): readonly [Float64Array, Float64Array] {
    const hit = ker.cache.get(x.key);
    if (hit !== undefined) return hit;
    const grid = this.grid;
    const G = grid.times.length;
    const R = ker.R;
    const rows = x.rows;
    const off = x.offset;
    const { start, panelEnd, iEnd, rTop } = lawWindow(rows, off, x.start, x.end, grid, ker.tb, ker.scale);
    const U = new Float64Array(R);
    const V = new Float64Array(R);
    for (let r = 0; r < rTop; r++) {
      const o = r * G;
      let a = 0;
      let b = 0;
      for (let i = start; i < iEnd; i++) {
        const F = 1 - rows[off + i]!;
        a += ker.dhU[o + i]! * F;
        b += ker.dhV[o + i]! * F;
      }
      U[r] = ker.edgeU[panelEnd * R + r]! - a;
      V[r] = ker.edgeV[panelEnd * R + r]! - b;
    }
    const uv = [U, V] as const;
    ker.cache.set(x.key, uv);
    return uv;
  }
}
