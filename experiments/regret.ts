/**
 * Exact regret of a one-shot policy against the regeneration-optimal policy,
 * on a grid of initial loads: for each load pair the policy's deterministic
 * action `(K, t_b)` is evaluated exactly by the analytic solver, and
 *
 *     regret = mean over the grid of (mu(K, t_b) - mu*) / mu*.
 *
 * No Monte-Carlo noise. Available for `LB-OneShot-v0` on two-node scenarios
 * with exponential delays and fixed rates (the solver's domain); the optimum
 * of each grid point is computed once and reused (and cached on disk,
 * baselines/regeneration/optimum-cache.ts).
 */
import type { Policy } from '../envs/core/policy.js';
import { OneShotEnv, type OneShotEnvOptions } from '../envs/one-shot-env.js';
import { compileScenario } from '../envs/sim/compiled-scenario.js';
import type { Scenario } from '../envs/sim/scenario.js';
import { expectedCompletion } from '../baselines/regeneration/index.js';
import { cachedOptimum } from '../baselines/regeneration/optimum-cache.js';

export interface RegretPoint {
  loads: [number, number];
  optimum: { K: number; tb: number; mu: number };
  action: { K: number; tb: number };
  mu: number;
  regret: number;
}

export interface RegretReport {
  regret: number;
  points: RegretPoint[];
}

/** Fractions of the per-node load bound used for the default 5 x 5 grid. */
export const GRID_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];

export class RegretEvaluator {
  readonly scenario: Scenario;
  readonly grid: [number, number][];
  private readonly loadScale: number;
  private optima: { K: number; tb: number; mu: number }[] | undefined;

  private constructor(env: OneShotEnv, grid: [number, number][]) {
    this.scenario = env.scenario;
    this.loadScale = env.loadScale;
    this.grid = grid;
  }

  /**
   * An evaluator for an environment's kwargs, or undefined when the exact
   * optimum is not available there (with the reason).
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
    return new RegretEvaluator(env, g);
  }

  /** The optimum at every grid point (computed on first use). */
  optimum(): { K: number; tb: number; mu: number }[] {
    this.optima ??= this.grid.map((loads) => cachedOptimum(this.scenario, loads));
    return this.optima;
  }

  /** Evaluates the policy's deterministic action at every grid point. */
  evaluate(policy: Policy<Float32Array, Float32Array>): RegretReport {
    const optima = this.optimum();
    const points = this.grid.map((loads, i): RegretPoint => {
      const obs = Float32Array.of(loads[0] / this.loadScale, loads[1] / this.loadScale);
      const a = policy.act(obs, { deterministic: true });
      const K = Math.min(1, Math.max(0, a[0]!));
      const tb = Math.max(0, a[1]!);
      const mu = expectedCompletion(this.scenario, loads, { K, tb });
      const opt = optima[i]!;
      return { loads, optimum: opt, action: { K, tb }, mu, regret: opt.mu > 0 ? (mu - opt.mu) / opt.mu : 0 };
    });
    return { regret: points.reduce((s, p) => s + p.regret, 0) / points.length, points };
  }
}
