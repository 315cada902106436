/**
 * Exact regret of a one-shot policy under the environment's own reward,
 * against the exact optimum of the environment's own action family
 * (baselines/regeneration/reward-optimum.ts), on a 5 x 5 grid of initial
 * loads. At each load pair the policy's deterministic action is evaluated
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
 * Available for `LB-OneShot-v0` on two-node scenarios with exponential delays
 * and fixed rates (the solver's domain); each optimum is computed once and
 * cached on disk (optimum-cache.ts).
 */
import type { Policy } from '../envs/core/policy.js';
import { OneShotEnv, type OneShotEnvOptions } from '../envs/one-shot-env.js';
import { compileScenario } from '../envs/sim/compiled-scenario.js';
import type { TargetRule } from '../envs/sim/balance.js';
import type { Scenario } from '../envs/sim/scenario.js';
import { expectedRewardReport, type RewardSpec, rewardSpecOf } from '../baselines/regeneration/reward-api.js';
import type { RewardOptimum } from '../baselines/regeneration/reward-optimum.js';
import { cachedRewardOptimum } from '../baselines/regeneration/optimum-cache.js';

export interface RegretPoint {
  loads: [number, number];
  optimum: RewardOptimum;
  action: { K: number; tb: number; alpha?: number };
  /** Expected reward of the policy's action. */
  value: number;
  /** Its exact expected completion time (s). */
  mu: number;
  /** Expected reward without balancing (K = 0, t_b = 0). */
  noBalancing: number;
  regret: number;
  /** `E[J(T_1, T_2)]` of the policy's action (with `measures: true`). */
  jainFinish?: number;
}

export interface RegretReport {
  regret: number;
  normalizedRegret: number;
  points: RegretPoint[];
}

/** Fractions of the per-node load bound used for the default 5 x 5 grid. */
export const GRID_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];

export class RegretEvaluator {
  readonly scenario: Scenario;
  readonly grid: [number, number][];
  readonly spec: RewardSpec;
  readonly tbMax: number;
  private readonly loadScale: number;
  private optima: RewardOptimum[] | undefined;
  private noBalancing: number[] | undefined;

  private constructor(env: OneShotEnv, kwargs: OneShotEnvOptions, grid: [number, number][]) {
    this.scenario = env.scenario;
    this.loadScale = env.loadScale;
    this.tbMax = env.tbMax;
    this.spec = rewardSpecOf(env, kwargs);
    this.grid = grid;
  }

  /**
   * An evaluator for an environment's kwargs, or the reason why the exact
   * optimum is not available there.
   */
  static forOneShot(envKwargs: OneShotEnvOptions, grid?: [number, number][]): RegretEvaluator | string {
    const env = new OneShotEnv(envKwargs);
    const sc = compileScenario(env.scenario);
    if (sc.n !== 2) return `the analytic optimum needs two nodes (scenario has ${sc.n})`;
    if (!sc.allExponential) return 'the analytic optimum needs exponential service, communication and transfer delays';
    if (env.rateSpread > 0) return 'the analytic optimum needs fixed rates (rateSpread is set)';
    const upper = env.observationSpace.high;
    const g =
      grid ??
      GRID_FRACTIONS.flatMap((a) =>
        GRID_FRACTIONS.map((b): [number, number] => [
          Math.round(a * upper[0]! * env.loadScale),
          Math.round(b * upper[1]! * env.loadScale),
        ]),
      );
    return new RegretEvaluator(env, envKwargs, g);
  }

  /** The family the optimum is taken over. */
  get target(): TargetRule {
    return this.spec.target ?? 'plain';
  }

  /** The optimum at every grid point (computed on first use). */
  optimum(): RewardOptimum[] {
    this.optima ??= this.grid.map((loads) => cachedRewardOptimum(this.scenario, loads, this.spec));
    return this.optima;
  }

  /**
   * Evaluates the policy's deterministic action at every grid point. The
   * policy acts in an env whose target rule is `policyTarget` (the
   * evaluator's own by default): a `learned` policy's third action component
   * is its alpha. `measures: true` also gives each point's `E[J(T_1, T_2)]`.
   */
  evaluate(policy: Policy<Float32Array, Float32Array>, policyTarget: TargetRule = this.target, options: { measures?: boolean } = {}): RegretReport {
    const optima = this.optimum();
    this.noBalancing ??= this.grid.map((loads) => expectedRewardReport(this.scenario, loads, { K: 0, tb: 0 }, { ...this.spec, target: 'plain' }).value);
    const base = this.noBalancing;
    const points = this.grid.map((loads, i): RegretPoint => {
      const obs = Float32Array.of(loads[0] / this.loadScale, loads[1] / this.loadScale);
      const a = policy.act(obs, { deterministic: true });
      const K = Math.min(1, Math.max(0, a[0]!));
      const tb = Math.min(this.tbMax, Math.max(0, a[1]!));
      const action = policyTarget === 'learned' ? { K, tb, alpha: Math.min(1, Math.max(0, a[2] ?? 0)) } : { K, tb };
      const r = expectedRewardReport(this.scenario, loads, action, { ...this.spec, target: policyTarget }, {}, {}, options.measures === true);
      const opt = optima[i]!;
      const gap = opt.value - r.value;
      return {
        loads,
        optimum: opt,
        action,
        value: r.value,
        mu: r.completionTime,
        noBalancing: base[i]!,
        regret: opt.value !== 0 ? gap / Math.abs(opt.value) : 0,
        ...(options.measures === true ? { jainFinish: r.jainFinish } : {}),
      };
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
