/**
 * Exact regret of a one-shot policy under the environment's own reward,
 * against the exact optimum of the environment's own action family
 * (baselines/regeneration/reward-optimum.ts for two nodes,
 * baselines/regeneration/n-node-api.ts for more), on a grid of initial
 * loads. At each grid point the policy's deterministic action is evaluated
 * exactly (no Monte-Carlo noise), and
 *
 *     regret           = mean over the grid of (R* - R_pi) / |R*|
 *     normalizedRegret = sum over the grid of (R* - R_pi) / sum of (R* - R_noBalancing)
 *
 * `R` is the expected reward (for `completion`, `-mu / tRef`, so regret is
 * `(mu - mu*) / mu*` as before); `R_noBalancing` is the reward of `K = 0`,
 * `t_b = 0`. `normalizedRegret` is the share of the improvement over no
 * balancing that the policy leaves unused (0 at the optimum, 1 for no
 * balancing; it is NaN when balancing cannot improve on any grid point).
 * A policy outside the family (a wider target rule) can have negative regret.
 *
 * The grids (docs/model.md §5.5): two nodes, the 5 x 5 grid of fractions
 * 0.1, 0.3, ..., 0.9 of each node's load bound; three or more nodes, every
 * combination of the fractions 0.2 and 0.8 and the all-0.5 point
 * (2^n + 1 points: 9 for three nodes, 17 for four).
 *
 * Available for `LB-OneShot-v0` with exponential delays and fixed rates (the
 * solvers' domain), and for `LB-MultiAgent-v0` (rewards `completion` and
 * `variance`) against two optima, labelled as such: the best common
 * `(K, t_b)` and the best per-node gains with a common t_b. A multi-agent
 * policy is evaluated exactly where its agents pick one common t_b (their
 * gains may differ); where they do not, the exact solver does not apply and
 * the point is estimated by Monte-Carlo (MONTE_CARLO_EPISODES seeded
 * episodes), counted in `monteCarloPoints`. Each optimum is computed once and
 * cached on disk (optimum-cache.ts).
 */
import type { Policy } from '../envs/core/policy.js';
import { familyName } from '../baselines/one-shot/index.js';
import { OneShotEnv, type OneShotEnvOptions } from '../envs/one-shot-env.js';
import { MultiAgentOneShotEnv, type MultiAgentEnvOptions } from '../envs/multi-agent-env.js';
import { compileScenario } from '../envs/sim/compiled-scenario.js';
import type { TargetRule } from '../envs/sim/balance.js';
import { monteCarloMeasures } from '../envs/one-shot-monte-carlo.js';
import { loadSampler } from '../envs/load-distribution.js';
import { resolveScenarioInput } from '../envs/scenario-option.js';
import type { Scenario } from '../envs/sim/scenario.js';
import { oneShotReward, referenceTime } from '../envs/one-shot-rewards.js';
import { expectedRewardReport, type RewardSpec, rewardSpecOf } from '../baselines/regeneration/reward-api.js';
import { nNodeRewardReport, type NNodeAction } from '../baselines/regeneration/n-node-api.js';
import type { RewardOptimum } from '../baselines/regeneration/reward-optimum.js';
import { cachedNNodeOptimum, cachedRewardOptimum, type NNodeFamily } from '../baselines/regeneration/optimum-cache.js';

/** An optimum at one grid point: a common gain, or per-node gains (family `per-node`). */
export type GridOptimum = Omit<RewardOptimum, 'K'> & { K: number | number[] };

export interface RegretPoint {
  loads: number[];
  optimum: GridOptimum;
  action: { K: number | number[]; tb: number | number[]; alpha?: number };
  /** Expected reward of the policy's action (a Monte-Carlo mean where `monteCarlo`). */
  value: number;
  /** Its exact expected completion time (s). */
  mu: number;
  /** Expected reward without balancing (K = 0, t_b = 0). */
  noBalancing: number;
  regret: number;
  /** `E[J(T_1..T_n)]` of the policy's action (with `measures: true`). */
  jainFinish?: number;
  /** The agents picked different instants: the value is a Monte-Carlo estimate. */
  monteCarlo?: boolean;
}

export interface RegretReport {
  regret: number;
  normalizedRegret: number;
  points: RegretPoint[];
  /** Multi-agent: the points estimated by Monte-Carlo (agents with different t_b). */
  monteCarloPoints?: number;
}

/** Fractions of the per-node load bound used for the default 5 x 5 grid (two nodes). */
export const GRID_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];
/** Fractions combined over the nodes for three or more nodes, plus the all-`N_NODE_CENTRE` point. */
export const N_NODE_GRID_FRACTIONS = [0.2, 0.8];
export const N_NODE_CENTRE = 0.5;
/**
 * The most nodes exact regret is offered for: a four-node optimum costs
 * about a thousand evaluations of up to seconds each per grid point (hours
 * for a grid), so four or more nodes get a reason instead.
 */
export const MAX_REGRET_NODES = 3;

const tooManyNodes = (n: number): string =>
  `exact regret is offered for up to ${MAX_REGRET_NODES} nodes (the scenario has ${n}: its optimum grid would take hours; the exact point values are in lbgym analyze)`;

/** Episodes of a multi-agent point whose agents pick different instants. */
export const MONTE_CARLO_EPISODES = 4000;

/** The default load grid of n nodes with load bounds `upper` (see the file comment). */
export function loadGrid(upper: readonly number[]): number[][] {
  const n = upper.length;
  if (n === 2) return GRID_FRACTIONS.flatMap((a) => GRID_FRACTIONS.map((b) => [Math.round(a * upper[0]!), Math.round(b * upper[1]!)]));
  const out: number[][] = [];
  const F = N_NODE_GRID_FRACTIONS;
  for (let c = 0; c < F.length ** n; c++) {
    out.push(upper.map((u, i) => Math.round(F[Math.floor(c / F.length ** i) % F.length]! * u)));
  }
  out.push(upper.map((u) => Math.round(N_NODE_CENTRE * u)));
  return out;
}

/** The environment a regret evaluator acts in: one policy for all nodes, or one agent per node. */
type Setting =
  | { kind: 'one-shot'; loadScale: number }
  | { kind: 'multi-agent'; loadScale: number; shares: number[]; family: NNodeFamily };

export class RegretEvaluator {
  readonly scenario: Scenario;
  readonly grid: number[][];
  readonly spec: RewardSpec;
  readonly tbMax: number;
  /** Nodes of the scenario. */
  readonly n: number;
  /** The optimum's family for three or more nodes: a common (K, t_b), or per-node gains. */
  readonly family: NNodeFamily;
  private readonly setting: Setting;
  private optima: GridOptimum[] | undefined;
  private noBalancing: number[] | undefined;

  private constructor(scenario: Scenario, setting: Setting, spec: RewardSpec, tbMax: number, grid: number[][]) {
    this.scenario = scenario;
    this.setting = setting;
    this.tbMax = tbMax;
    this.spec = spec;
    this.grid = grid;
    this.n = scenario.nodes.length;
    this.family = setting.kind === 'multi-agent' ? setting.family : 'common';
  }

  /**
   * An evaluator for an environment's kwargs, or the reason why the exact
   * optimum is not available there.
   */
  static forOneShot(envKwargs: OneShotEnvOptions, grid?: number[][]): RegretEvaluator | string {
    const env = new OneShotEnv(envKwargs);
    const sc = compileScenario(env.scenario);
    if (sc.n > MAX_REGRET_NODES) return tooManyNodes(sc.n);
    if (!sc.allExponential) return 'the analytic optimum needs exponential service, communication and transfer delays';
    if (env.rateSpread > 0) return 'the analytic optimum needs fixed rates (rateSpread is set)';
    const upper = env.observationSpace.high;
    const g = grid ?? loadGrid(Array.from({ length: sc.n }, (_, i) => upper[i]! * env.loadScale));
    return new RegretEvaluator(env.scenario, { kind: 'one-shot', loadScale: env.loadScale }, rewardSpecOf(env, envKwargs), env.tbMax, g);
  }

  /**
   * An evaluator for LB-MultiAgent-v0's kwargs against the optimum of
   * `family` (the best common (K, t_b) or the best per-node gains), or why there is none.
   */
  static forMultiAgent(envKwargs: MultiAgentEnvOptions, family: NNodeFamily, grid?: number[][]): RegretEvaluator | string {
    const env = new MultiAgentOneShotEnv(envKwargs); // validates the kwargs
    const scenario = resolveScenarioInput(envKwargs.scenario ?? 'hetero-4');
    const sc = compileScenario(scenario);
    if (sc.n > MAX_REGRET_NODES) return tooManyNodes(sc.n);
    if (!sc.allExponential) return 'the analytic optimum needs exponential service, communication and transfer delays';
    if (env.reward === 'per-node') return 'the exact optimum is for the shared rewards (completion, variance), not per-node';
    const maxLoad = loadSampler(envKwargs.loads ?? { kind: 'uniform', low: 0, high: 100 }, sc.n).maxLoad;
    const loadScale = envKwargs.loadScale ?? maxLoad;
    const g = grid ?? loadGrid(new Array<number>(sc.n).fill(maxLoad));
    const spec: RewardSpec = { reward: env.reward, target: 'plain', ...(envKwargs.tRef !== undefined ? { tRef: envKwargs.tRef } : {}) };
    let total = 0;
    for (const r of sc.rates) total += r;
    const shares = Array.from(sc.rates, (r) => r / total);
    return new RegretEvaluator(scenario, { kind: 'multi-agent', loadScale, shares, family }, spec, envKwargs.tbMax ?? 10, g);
  }

  /** The target rule of the family the optimum is taken over. */
  get target(): TargetRule {
    return this.spec.target ?? 'plain';
  }

  /** What the optimum is taken over, in words (two nodes: `familyName` of the target). */
  familyLabel(): string {
    const base = familyName(this.target);
    if (this.setting.kind === 'one-shot' && this.n === 2) return base;
    const scope = this.family === 'per-node' ? `the best per-node gains K_l with a common t_b (${this.target} targets)` : `the best common ${base}`;
    return `${scope}, ${this.n} nodes`;
  }

  /** The optimum at every grid point (computed on first use). */
  optimum(): GridOptimum[] {
    this.optima ??= this.grid.map((loads) => (this.n === 2 && this.family === 'common' ? cachedRewardOptimum(this.scenario, loads, this.spec) : cachedNNodeOptimum(this.scenario, loads, this.spec, this.family)));
    return this.optima;
  }

  /** The exact report of an action at loads (the two-node solvers for two nodes with one gain). */
  private report(loads: number[], action: NNodeAction, target: TargetRule, measures: boolean) {
    const spec = { ...this.spec, target };
    return this.n === 2 && typeof action.K === 'number'
      ? expectedRewardReport(this.scenario, loads, { K: action.K, tb: action.tb, ...(action.alpha !== undefined ? { alpha: action.alpha } : {}) }, spec, {}, {}, measures)
      : nNodeRewardReport(this.scenario, loads, action, spec, {}, measures);
  }

  /**
   * Evaluates the policy's deterministic action at every grid point. The
   * policy acts in an env whose target rule is `policyTarget` (the
   * evaluator's own by default): a `learned` policy's third action component
   * is its alpha. `measures: true` also gives each point's `E[J(T)]`.
   * On LB-MultiAgent-v0 the policy (or `agentAct`, a multi-agent policy's
   * per-agent act) acts for every agent on its own observation (see evaluateAgents).
   */
  evaluate(
    policy: Policy<Float32Array, Float32Array>,
    policyTarget: TargetRule = this.target,
    options: { measures?: boolean; agentAct?: (agent: string, obs: Float32Array) => Float32Array } = {},
  ): RegretReport {
    if (this.setting.kind === 'multi-agent') return this.evaluateAgents(options.agentAct ?? ((_agent, obs) => policy.act(obs, { deterministic: true })), options);
    const loadScale = this.setting.loadScale;
    return this.summarise(
      this.grid.map((loads) => {
        const obs = Float32Array.from(loads, (m) => m / loadScale);
        const a = policy.act(obs, { deterministic: true });
        const K = Math.min(1, Math.max(0, a[0]!));
        const tb = Math.min(this.tbMax, Math.max(0, a[1]!));
        const action = policyTarget === 'learned' ? { K, tb, alpha: Math.min(1, Math.max(0, a[2] ?? 0)) } : { K, tb };
        const r = this.report(loads, action, policyTarget, options.measures === true);
        return { loads, action, value: r.value, mu: r.completionTime, ...(options.measures === true ? { jainFinish: r.jainFinish } : {}) };
      }),
    );
  }

  /**
   * LB-MultiAgent-v0: agent `node<l>` acts on its own observation
   * `[m_l / loadScale, lambda_l / sum lambda]`. A common t_b (after float32
   * rounding) is evaluated exactly with the agents' own gains; otherwise the
   * point is a Monte-Carlo estimate (file comment).
   */
  evaluateAgents(act: (agent: string, obs: Float32Array) => Float32Array, options: { measures?: boolean } = {}): RegretReport {
    if (this.setting.kind !== 'multi-agent') throw new Error('evaluateAgents: the evaluator is not for LB-MultiAgent-v0');
    const { loadScale, shares } = this.setting;
    const points = this.grid.map((loads): Omit<RegretPoint, 'optimum' | 'noBalancing' | 'regret'> => {
      const acts = loads.map((m, l) => act(`node${l}`, Float32Array.of(m / loadScale, shares[l]!)));
      const K = acts.map((a) => Math.min(1, Math.max(0, a[0]!)));
      const tbs = acts.map((a) => Math.min(this.tbMax, Math.max(0, a[1]!)));
      if (tbs.every((t) => Math.fround(t) === Math.fround(tbs[0]!))) {
        const r = this.report(loads, { K, tb: tbs[0]! }, 'plain', options.measures === true);
        return { loads, action: { K, tb: tbs[0]! }, value: r.value, mu: r.completionTime, ...(options.measures === true ? { jainFinish: r.jainFinish } : {}) };
      }
      const mc = monteCarloMeasures(this.scenario, loads, { K: K.map((k) => Math.fround(k)), tb: tbs.map((t) => Math.fround(t)) }, MONTE_CARLO_EPISODES, `regret ${loads.join(',')}`);
      const tRef = this.spec.tRef ?? referenceTime(loads, compileScenario(this.scenario).rates);
      const value = oneShotReward(this.spec.reward ?? 'completion', mc, tRef, 0.5);
      return { loads, action: { K, tb: tbs }, value, mu: mc.completionTime, monteCarlo: true, ...(options.measures === true ? { jainFinish: mc.jainFinish } : {}) };
    });
    const report = this.summarise(points);
    return { ...report, monteCarloPoints: points.filter((p) => p.monteCarlo === true).length };
  }

  /** Regrets of the evaluated points against the optima and no balancing. */
  private summarise(evaluated: Omit<RegretPoint, 'optimum' | 'noBalancing' | 'regret'>[]): RegretReport {
    const optima = this.optimum();
    this.noBalancing ??= this.grid.map((loads) => this.report(loads, { K: 0, tb: 0 }, 'plain', false).value);
    const base = this.noBalancing;
    const points = evaluated.map((e, i): RegretPoint => {
      const opt = optima[i]!;
      return { ...e, optimum: opt, noBalancing: base[i]!, regret: opt.value !== 0 ? (opt.value - e.value) / Math.abs(opt.value) : 0 };
    });
    let gapSum = 0;
    let room = 0;
    points.forEach((p) => {
      gapSum += p.optimum.value - p.value;
      room += p.optimum.value - p.noBalancing;
    });
    return {
      regret: points.reduce((s, p) => s + p.regret, 0) / points.length,
      normalizedRegret: room > 0 ? gapSum / room : Number.NaN,
      points,
    };
  }
}
