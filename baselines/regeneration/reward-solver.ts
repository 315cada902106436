/**
 * Exact expectations of every one-shot reward for two exponential nodes
 * (docs/model.md, "Fairness rewards, exactly").
 *
 * Given the state at t_b, `(a, b, k1, k2)` with the product law of
 * pre-balance.ts, the two finish times are independent. Node i's finish time is
 * - `t_b + X_i`, `X_i = T_C(kept_i, incoming_i)` of node-completion.ts, when it
 *   has work after balancing;
 * - `F_i | F_i <= t_b`, `F_i ~ Erlang(m_i, lambda_i)` (its last service before
 *   t_b), when it emptied before t_b and receives nothing;
 * - 0 when it never had a task.
 *
 * So, state by state:
 * - `E[max(T_1, T_2)]` is the regeneration solver's `g_K` (solver.ts);
 * - the variance `(T_1 - T_2)^2 / 4` needs only first and second moments
 *   (exact: completionMean, completionSecondMoment, and Erlang partial moments);
 * - `jain-backlog` is a function of the state (a finite sum over the product law);
 * - Jain's index of the finish times, `J(x, y) = 1/2 + xy / (x^2 + y^2)`, uses the
 *   separable representation
 *       xy / (x^2 + y^2) = int over sigma of h_sigma(x) h_sigma(y),  h_sigma(x) = e^{sigma/2} x e^{-e^sigma x^2},
 *   discretised by the trapezoid rule in sigma with step 0.5 over a range that
 *   covers `x^2 + y^2` from the square of a lower end below which
 *   `sqrt(T_1^2 + T_2^2)` has probability under 1e-13 (at least 1e-4 s) to
 *   `2 (t_b + t_max)^2`. The integrand is
 *   `xy/(x^2+y^2) * e^tau e^{-e^tau}` with `tau = sigma + ln(x^2 + y^2)`, whose
 *   trapezoid error at this step is about 5e-8 relative at worst (the Fourier
 *   transform of `e^tau e^{-e^tau}` is `Gamma(1 + i w)`). The nodes with
 *   `e^sigma s_hi^2 <= 0.05` are summed down to minus infinity in closed form,
 *   by four moments of each finish time (jain-kernel.ts tailMoments, error
 *   below 4e-9), so nothing is truncated at the low end.
 *   Each node contributes the vector
 *   `U_r = E[h_r(T_i)]` (its moments first), so `E[J | state] = 1/2 + sum_r U1_r U2_r`.
 *   For `T_i = t_b + X_i`, `U_r = h_r(t_b + e) - int_0^e h_r'(t_b + x) F_X(x) dx`
 *   (integration by parts against the tabulated CDF, `e` a panel edge past
 *   which the survival is below 1e-18); for an early finish, a quadrature of
 *   the Erlang density on dyadic panels towards 0.
 *
 * The tolerance, at most 1e-6 relative, is checked by refinement (halving the
 * panel width and the sigma step) in test/baselines/regeneration.
 */
import { jainIndexOfTwo } from '../../envs/sim/fairness.js';
import { completionSecondMoment } from './node-completion.js';
import { type EarlyMoments, earlyMoments } from './early-finish.js';
import { NO_VECTOR, type TwoNodeJainKernel, sharedJainKernel } from './two-node-jain-kernel.js';
import { rowArena } from './simd-dot.js';
import { type Batches, RegenerationSolver, type SolverDomain, type SolverNumerics, type TbColumn, forgetChangedStates, stateBand } from './solver.js';
import type { TwoNodeModel, TwoNodeWeights } from './two-node-model.js';

/** Expectations of the measures the one-shot rewards are built from (see envs/one-shot-rewards.ts). */
export interface ExpectedMeasures {
  /** `E[T]`, the expected completion time (s). */
  completionTime: number;
  /** `E[J(T_1, T_2)]`, NaN when not asked. */
  jainFinish: number;
  /** `E[J(B_1, B_2)]`. */
  jainBacklog: number;
  /** `E[Var(T_1, T_2)]` (population variance, s^2). */
  varianceFinish: number;
}

/** Numerical settings of the Jain kernel (all optional). */
export interface KernelNumerics {
  /** Trapezoid step in sigma. @default 0.5 */
  sigmaStep?: number;
}

/** Dyadic levels of the first panel (Jain's kernel varies on fine scales near 0). */
const DEFAULT_REFINE_LEVELS = 10;
/** States whose probability is below this are skipped (their values are O(1) or O(t^2)). */
const STATE_EPS = 1e-21;
/**
 * States below a threshold get J = 3/4 instead of their exact E[J] (J is in [1/2, 1]: an error
 * below a quarter of their mass). Per t_b the threshold is the largest power of ten from
 * 1e-15 whose states hold at most JAIN_MASS in all (an error in E[J] below 2.5e-8).
 */
const JAIN_MASS = 1e-7;
/** Screening values (measures' `screening`) leave out states below this, and give J = 3/4 to at most SCREENING_JAIN_MASS. */
const SCREENING_EPS = 1e-10;
const SCREENING_JAIN_MASS = 1e-7;
/** The thresholds tried, from the smallest. */
const JAIN_THRESHOLDS = [1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6];
/** Memoised measures kept per solver. */
const MAX_MEMO = 1 << 16;

/** One node's finish time law in a state: 0 active (t_b + X), 1 early (F | F <= t_b), 2 zero. */
const ACTIVE = 0;
const EARLY = 1;
const ZERO = 2;

/** A solver's view of a shared kernel: its law rows by node and incoming batch, and its nodes' early finishes (UNSET until asked). */
interface SolverKernel {
  readonly kernel: TwoNodeJainKernel;
  readonly rows: [(Int32Array | undefined)[], (Int32Array | undefined)[]];
  readonly early: [number, number];
}

/** The vector offset of a node that never had a task (below NO_VECTOR: its kernel terms are 0 too). */
const ZERO_LAW = -3;
/** An early-finish vector not yet computed (most kernels never need one: a state with an early finish is often below every threshold). */
const UNSET = -2;

/** Which measures a request needs: a set of these bits (the others come back NaN). */
export const COMPLETION_TIME = 1;
export const JAIN_FINISH = 2;
export const JAIN_BACKLOG = 4;
export const VARIANCE_FINISH = 8;
export const ALL_MEASURES = COMPLETION_TIME | JAIN_FINISH | JAIN_BACKLOG | VARIANCE_FINISH;

/** Memoised measures of one (batches, t_b): each with the measures it holds and whether it is a screening value. */
type MemoEntry = { parts: number; screening: boolean; value: ExpectedMeasures }[];

/** Per-t_b quantities of the reward solver on top of the regeneration solver's t_b column. */
interface TbExtras {
  readonly tb: number;
  /** Index ranges [from, to) outside which the queue probabilities are below STATE_EPS. */
  readonly aFrom: number;
  readonly aTo: number;
  readonly bFrom: number;
  readonly bTo: number;
  readonly early: [EarlyMoments, EarlyMoments];
  /** The thresholds of J = 3/4 (JAIN_MASS, SCREENING_JAIN_MASS). */
  readonly jainEps: number;
  readonly screeningJainEps: number;
  /** The mass of the states below them (and above STATE_EPS, SCREENING_EPS): a J-only sum adds 3/4 of it without visiting them. */
  readonly jainMassBelow: number;
  readonly screeningJainMassBelow: number;
  /** Per queue index of node 1, node 2's index range [lo, hi) of the states a J-only sum visits (a superset). */
  readonly jainBand: readonly [Int32Array, Int32Array];
  readonly screeningJainBand: readonly [Int32Array, Int32Array];
}

/** The index range [from, to) of entries >= STATE_EPS (empty when none). */
function support(p: Float64Array): [number, number] {
  let from = 0;
  while (from < p.length && p[from]! < STATE_EPS) from++;
  let to = p.length;
  while (to > from && p[to - 1]! < STATE_EPS) to--;
  return [from, to];
}

export class RewardSolver {
  /** The regeneration solver on the grid of the finish-time laws (with E[J], both tails and fine panels near 0). */
  readonly base: RegenerationSolver;
  /** The regeneration solver on its own grid, for E[T] (the same as `base` without E[J]). */
  readonly completion: RegenerationSolver;
  readonly model: TwoNodeModel;
  readonly loads: readonly [number, number];
  /** Whether `E[J(T_1, T_2)]` can be asked (the constructor's `withJain`). */
  readonly withJain: boolean;
  private readonly sigmaStep: number;
  /** Second moments of X per node and incoming batch, by kept tasks (secondRow). */
  private readonly secondMoments: [(Float64Array | undefined)[], (Float64Array | undefined)[]] = [[], []];
  /** This solver's views of the shared Jain kernels it used. */
  private readonly kernelViews = new WeakMap<TwoNodeJainKernel, SolverKernel>();
  /**
   * Measures by batches (interned by the regeneration solver, so equal batches are one object) and t_b:
   * the state law at t_b and the batches are all a measure depends on. An entry with E[J] also
   * answers a request without it, and an exact one a screening request.
   */
  private readonly memo = new Map<Batches, Map<number, MemoEntry>>();
  private memoSize = 0;
  private readonly extrasByTb = new Map<number, TbExtras>();
  /** jainSum's scratch: node 2's batch and node 1's vector, per knowledge state of node 2. */
  private readonly lastO2 = new Int32Array(2);
  /** stateDots' matrix, with the kernel and batches it holds values of. */
  private dots: { readonly values: Float64Array; kernel: TwoNodeJainKernel; batches: Batches } | undefined;
  private readonly node1Vectors = new Int32Array(2);

  constructor(
    model: TwoNodeModel,
    loads: readonly [number, number],
    domain: SolverDomain,
    numerics: SolverNumerics = {},
    kernel: KernelNumerics = {},
    withJain = true,
  ) {
    // Only E[J(T_1, T_2)] needs both nodes' whole laws and fine panels near 0 (base); E[T] comes
    // from the regeneration solver on its own grid, and the moments and the backlog are exact sums.
    this.completion = new RegenerationSolver(model, loads, domain, numerics);
    this.base = withJain ? new RegenerationSolver(model, loads, { ...domain, bothTails: true }, { refineLevels: DEFAULT_REFINE_LEVELS, ...numerics }) : this.completion;
    this.withJain = withJain;
    this.model = model;
    this.loads = loads;
    this.sigmaStep = kernel.sigmaStep ?? 0.5;
  }

  /**
   * The expected measures at `(K, t_b)` under target `weights`; `withJain`
   * false skips `E[J(T_1, T_2)]` (the costly one) and leaves it NaN, and
   * `parts` (bits COMPLETION_TIME, ...) leaves out the others not asked.
   * `screening`: leave out the states below SCREENING_EPS and give J = 3/4 to
   * more of them (errors below about 1e-6; for ranking a coarse grid).
   * Entries that hold more measures, or are exact, answer narrower requests.
   */
  measures(K: number, tb: number, weights: TwoNodeWeights, withJain: boolean, screening = false, parts = ALL_MEASURES): ExpectedMeasures {
    if (withJain && !this.withJain) throw new Error('RewardSolver: built without E[J(T_1, T_2)] (withJain false)');
    const want = withJain ? parts : parts & ~JAIN_FINISH;
    const batches = this.base.batches(K, weights);
    let byTb = this.memo.get(batches);
    const entry = byTb?.get(tb);
    if (entry !== undefined) {
      for (const e of entry) if ((e.parts & want) === want && (screening || !e.screening)) return e.value;
    }
    const out = this.computeMeasures(batches, tb, want, screening);
    // E[T] as the regeneration solver computes it on its own grid (its state values are shared along its curves).
    if ((want & COMPLETION_TIME) !== 0) out.completionTime = this.completion.curve(K, [tb], weights, screening)[0]!;
    if (this.memoSize >= MAX_MEMO) {
      this.memo.clear();
      this.memoSize = 0;
      byTb = undefined;
    }
    if (byTb === undefined) this.memo.set(batches, (byTb = new Map()));
    const slot = byTb.get(tb);
    if (slot === undefined) {
      byTb.set(tb, [{ parts: want, screening, value: out }]);
      this.memoSize++;
    } else {
      slot.push({ parts: want, screening, value: out });
    }
    return out;
  }

  /** The measures of `parts` but E[T] (NaN here, measures asks the regeneration solver for it). */
  private computeMeasures(batches: Batches, tb: number, parts: number, screening: boolean): ExpectedMeasures {
    const withBacklog = (parts & JAIN_BACKLOG) !== 0;
    const withVariance = (parts & VARIANCE_FINISH) !== 0;
    const out = {
      completionTime: Number.NaN,
      jainFinish: (parts & JAIN_FINISH) !== 0 ? this.jainSum(batches, tb, screening) : Number.NaN,
      jainBacklog: Number.NaN,
      varianceFinish: Number.NaN,
    };
    if (!withBacklog && !withVariance) return out;
    const [m0, m1] = this.loads;
    const [rate0, rate1] = this.model.rates;
    const [r0, r1] = this.base.ranges;
    const col = this.base.column(tb);
    const { pa, pb, pk } = col;
    const extras = this.tbExtras(tb, col);
    const stateEps = screening ? SCREENING_EPS : STATE_EPS;
    const [early0, early1] = extras.early;
    const [b1, b2] = batches;
    let backlog = 0;
    let varSum = 0;
    for (let ia = extras.aFrom; ia < extras.aTo; ia++) {
      const wa = pa[ia]!;
      if (wa === 0) continue;
      const a = r0.lo + ia;
      for (let k1 = 0; k1 < 2; k1++) {
        const o1 = b1[ia * 2 + k1]!;
        const kept1 = a - o1;
        const mean2 = withVariance ? this.base.survival(1, o1).means : undefined;
        const second2 = withVariance ? this.secondRow(1, o1) : undefined;
        let lastO2 = -1;
        let law1 = ZERO;
        let x1 = 0;
        let s1 = 0;
        for (let jb = extras.bFrom; jb < extras.bTo; jb++) {
          const wab = wa * pb[jb]!;
          if (wab < stateEps) continue;
          const b = r1.lo + jb;
          for (let k2 = 0; k2 < 2; k2++) {
            const p = wab * pk[2 * k1 + k2]!;
            if (p < stateEps) continue;
            const o2 = b2[jb * 2 + k2]!;
            const kept2 = b - o2;
            if (o2 !== lastO2) {
              lastO2 = o2;
              law1 = kept1 + o2 > 0 ? ACTIVE : m0 > 0 ? EARLY : ZERO;
              if (withVariance) {
                x1 = law1 === ACTIVE ? this.base.survival(0, o2).means[kept1]! : law1 === EARLY ? early0.mean : 0;
                s1 = law1 === ACTIVE ? this.second(0, kept1, o2, this.secondRow(0, o2)) : law1 === EARLY ? early0.second : 0;
              }
            }
            // Jain's index of the speed-normalised backlogs (kept + incoming) / lambda.
            if (withBacklog) backlog += p * jainIndexOfTwo((kept1 + o2) / rate0, (kept2 + o1) / rate1);
            if (withVariance) {
              // First and second moments of each finish time (for the active ones, of X).
              const law2 = kept2 + o1 > 0 ? ACTIVE : m1 > 0 ? EARLY : ZERO;
              const x2 = law2 === ACTIVE ? mean2![kept2]! : law2 === EARLY ? early1.mean : 0;
              const s2 = law2 === ACTIVE ? this.second(1, kept2, o1, second2!) : law2 === EARLY ? early1.second : 0;
              if (law1 === ACTIVE && law2 === ACTIVE) {
                varSum += (p * (s1 + s2 - 2 * x1 * x2)) / 4;
              } else {
                const t1 = law1 === ACTIVE ? tb + x1 : x1;
                const t2 = law2 === ACTIVE ? tb + x2 : x2;
                const q1 = law1 === ACTIVE ? tb * tb + 2 * tb * x1 + s1 : s1;
                const q2 = law2 === ACTIVE ? tb * tb + 2 * tb * x2 + s2 : s2;
                varSum += (p * (q1 + q2 - 2 * t1 * t2)) / 4;
              }
            }
          }
        }
      }
    }
    if (withBacklog) out.jainBacklog = backlog;
    if (withVariance) out.varianceFinish = Math.max(0, varSum);
    return out;
  }

  /**
   * `E[J(T_1, T_2)]` under `batches` at t_b: `1/2 + U1 . U2` for each state
   * above the threshold of J = 3/4 (within its band), 3/4 of the mass of the
   * states below it, 1 where neither node ever had a task.
   */
  private jainSum(batches: Batches, tb: number, screening: boolean): number {
    const [m0, m1] = this.loads;
    const [r0, r1] = this.base.ranges;
    const col = this.base.column(tb);
    const { pa, pb, pk } = col;
    const extras = this.tbExtras(tb, col);
    const stateEps = Math.max(screening ? extras.screeningJainEps : extras.jainEps, screening ? SCREENING_EPS : STATE_EPS);
    const [bandLo, bandHi] = screening ? extras.screeningJainBand : extras.jainBand;
    const [b1, b2] = batches;
    const ker = this.jainKernel(tb);
    const kernel = ker.kernel;
    // The SIMD arena's offsets (kernel rows, vector copies) are taken afresh below, so it may forget its copies here.
    rowArena.trim();
    // Node 1's vector per knowledge state k2 of node 2: it changes only when node 2's batch o2 does.
    const last = this.lastO2;
    const u1s = this.node1Vectors;
    const dots = this.stateDots(batches, kernel);
    const nb = r1.hi - r1.lo + 1;
    let jain = 0.75 * (screening ? extras.screeningJainMassBelow : extras.jainMassBelow);
    // Node 1's state (a, k1) fixes its batch o1, so node 2's laws (kept2, o1) are read from one row.
    for (let ia = extras.aFrom; ia < extras.aTo; ia++) {
      const wa = pa[ia]!;
      if (wa === 0) continue;
      const a = r0.lo + ia;
      for (let k1 = 0; k1 < 2; k1++) {
        const o1 = b1[ia * 2 + k1]!;
        const kept1 = a - o1;
        const us2 = this.uRow(ker, 1, o1);
        last[0] = last[1] = -1;
        const jbTo = bandHi[ia]!;
        for (let jb = bandLo[ia]!; jb < jbTo; jb++) {
          const wab = wa * pb[jb]!;
          if (wab < stateEps) continue;
          const b = r1.lo + jb;
          for (let k2 = 0; k2 < 2; k2++) {
            const p = wab * pk[2 * k1 + k2]!;
            if (p < stateEps) continue;
            const at = (ia * nb + jb) * 4 + 2 * k1 + k2;
            const known = dots[at]!;
            // (NaN, not yet known, is the only value unequal to itself.)
            if (known === known) {
              jain += p * (0.5 + known);
              continue;
            }
            const o2 = b2[jb * 2 + k2]!;
            if (o2 !== last[k2]) {
              last[k2] = o2;
              u1s[k2] = kept1 + o2 > 0 ? this.activeU(ker, 0, kept1, o2, this.uRow(ker, 0, o2)) : m0 > 0 ? this.earlyU(ker, 0) : ZERO_LAW;
            }
            const u1 = u1s[k2]!;
            const kept2 = b - o2;
            const u2 = kept2 + o1 > 0 ? this.activeU(ker, 1, kept2, o1, us2) : m1 > 0 ? this.earlyU(ker, 1) : ZERO_LAW;
            let dot: number;
            if (u1 < 0 || u2 < 0) {
              // J = 1 when neither node ever had a task (p (1/2 + 1/2) is p exactly); a kernel term 0 when one has no vector.
              dot = u1 === ZERO_LAW && u2 === ZERO_LAW ? 0.5 : 0;
            } else {
              // U1 . U2 over the shorter vector, in the SIMD arena's copy of the vectors (simd-dot.ts).
              const base = kernel.arena.mirrorBase();
              dot = rowArena.dotVectors(base + u1, base + u2);
            }
            dots[at] = dot;
            jain += p * (0.5 + dot);
          }
        }
      }
    }
    return jain;
  }

  /**
   * `U1 . U2` of each state `[(ia * nb + jb) * 4 + 2 k1 + k2]` under `batches` with `kernel` (its t_b), NaN
   * until jainSum computes it. One matrix is kept, for the last kernel asked: a request with the same
   * kernel keeps the states whose batches are unchanged (a scan in K at one t_b changes few), and
   * another kernel starts afresh. A state's term is the same either way, so are the sums.
   */
  private stateDots(batches: Batches, kernel: TwoNodeJainKernel): Float64Array {
    const [r0, r1] = this.base.ranges;
    const na = r0.hi - r0.lo + 1;
    const nb = r1.hi - r1.lo + 1;
    const dots = this.dots;
    if (dots === undefined) {
      this.dots = { values: new Float64Array(na * nb * 4).fill(Number.NaN), kernel, batches };
      return this.dots.values;
    }
    if (dots.kernel !== kernel) dots.values.fill(Number.NaN);
    else if (dots.batches !== batches) forgetChangedStates(dots.values, dots.batches, batches, na, nb);
    dots.kernel = kernel;
    dots.batches = batches;
    return dots.values;
  }

  /** The queue ranges above STATE_EPS, both nodes' early-finish moments and the J thresholds at t_b (cached per t_b). */
  private tbExtras(tb: number, col: TbColumn): TbExtras {
    const { pa, pb, pk } = col;
    let extras = this.extrasByTb.get(tb);
    if (extras === undefined) {
      const rates = this.model.rates;
      const [aFrom, aTo] = support(pa);
      const [bFrom, bTo] = support(pb);
      // The mass of the states below each threshold (those above the state cut).
      const below = new Float64Array(JAIN_THRESHOLDS.length);
      const screeningBelow = new Float64Array(JAIN_THRESHOLDS.length);
      for (let ia = aFrom; ia < aTo; ia++) {
        for (let jb = bFrom; jb < bTo; jb++) {
          const wab = pa[ia]! * pb[jb]!;
          if (wab < STATE_EPS) continue;
          for (let k = 0; k < 4; k++) {
            const p = wab * pk[k]!;
            for (let t = JAIN_THRESHOLDS.length - 1; t >= 0 && p < JAIN_THRESHOLDS[t]!; t--) {
              if (p >= STATE_EPS) below[t] = below[t]! + p;
              if (p >= SCREENING_EPS) screeningBelow[t] = screeningBelow[t]! + p;
            }
          }
        }
      }
      const largest = (mass: Float64Array, budget: number): number => {
        let t = 0;
        while (t + 1 < JAIN_THRESHOLDS.length && mass[t + 1]! <= budget) t++;
        return t;
      };
      const exact = largest(below, JAIN_MASS);
      const screening = largest(screeningBelow, SCREENING_JAIN_MASS);
      const jainEps = JAIN_THRESHOLDS[exact]!;
      const screeningJainEps = JAIN_THRESHOLDS[screening]!;
      // Per queue index of node 1, node 2's indices where a state can reach each J-only cut.
      const pkMax = Math.max(...pk);
      const bandAt = (eps: number): [Int32Array, Int32Array] => stateBand(pa, pb, aFrom, aTo, bFrom, bTo, eps / pkMax);
      extras = {
        tb,
        aFrom,
        aTo,
        bFrom,
        bTo,
        early: [earlyMoments(this.loads[0], rates[0], tb), earlyMoments(this.loads[1], rates[1], tb)],
        jainEps,
        screeningJainEps,
        jainMassBelow: below[exact]!,
        screeningJainMassBelow: screeningBelow[screening]!,
        jainBand: bandAt(Math.max(jainEps, STATE_EPS)),
        screeningJainBand: bandAt(Math.max(screeningJainEps, SCREENING_EPS)),
      };
      if (this.extrasByTb.size >= MAX_MEMO) this.extrasByTb.clear();
      this.extrasByTb.set(tb, extras);
    }
    return extras;
  }

  /** Node `node`'s second moments of X by kept task count for an incoming batch (NaN until computed). */
  private secondRow(node: 0 | 1, incoming: number): Float64Array {
    const rows = this.secondMoments[node];
    let row = rows[incoming];
    if (row === undefined) rows[incoming] = row = new Float64Array(this.base.ranges[node].hi + 1).fill(Number.NaN);
    return row;
  }

  /** `E[X^2]` for X = T_C(kept, incoming) of node `node` (`row` is its secondRow). */
  private second(node: 0 | 1, kept: number, incoming: number, row: Float64Array): number {
    let v = row[kept]!;
    if (Number.isNaN(v)) {
      const t = this.base.survival(node, incoming);
      row[kept] = v = completionSecondMoment(t.rate, kept, incoming, t.theta);
    }
    return v;
  }

  /** The shared Jain kernel at t_b, with this solver's views of its law rows (by node and incoming batch) and early-finish vectors. */
  private jainKernel(tb: number): SolverKernel {
    const kernel = sharedJainKernel(this.base.grid, this.base.gridKey, tb, this.sigmaStep);
    let view = this.kernelViews.get(kernel);
    if (view === undefined) {
      view = { kernel, rows: [[], []], early: [UNSET, UNSET] };
      this.kernelViews.set(kernel, view);
    }
    return view;
  }

  /** The offset of node `node`'s early-finish vector in kernel view `ker` (NO_VECTOR when it cannot empty by t_b). */
  private earlyU(ker: SolverKernel, node: 0 | 1): number {
    let at = ker.early[node];
    if (at === UNSET) ker.early[node] = at = ker.kernel.earlyU(this.loads[node], this.model.rates[node], node === 1);
    return at;
  }

  /** The offsets of node `node`'s laws with an incoming batch in kernel view `ker`, by kept tasks. */
  private uRow(ker: SolverKernel, node: 0 | 1, incoming: number): Int32Array {
    const rows = ker.rows[node];
    let row = rows[incoming];
    if (row === undefined) rows[incoming] = row = ker.kernel.lawRow(this.base.survival(node, incoming), node === 1);
    return row;
  }

  /** The offset of node `node`'s U vector for X = T_C(kept, incoming) (`row` is its uRow). */
  private activeU(ker: SolverKernel, node: 0 | 1, kept: number, incoming: number, row: Int32Array): number {
    const hit = row[kept]!;
    return hit !== NO_VECTOR ? hit : ker.kernel.activeU(this.base.survival(node, incoming), kept, node === 1, row);
  }
}
