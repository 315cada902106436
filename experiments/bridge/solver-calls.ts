/**
 * The bridge's exact-solver calls (docs/bridge-protocol.md): the exact
 * expected reward of an action, the optimum and a policy's regret over the
 * grid, for `LB-OneShot-v0` built from the call's `kwargs`, with the
 * environment's own reward definitions (baselines/regeneration/reward-api.ts,
 * experiments/regret.ts).
 *
 * A regret is computed in two calls, so the policy can live in the client:
 * `regretGrid` gives the grid's observations, the client answers each with
 * its deterministic action, and `regret` evaluates those actions exactly.
 */
import { OneShotEnv, type OneShotEnvOptions } from '../../envs/one-shot-env.js';
import type { Policy } from '../../envs/core/policy.js';
import { expectedRewardReport, rewardSpecOf } from '../../baselines/regeneration/reward-api.js';
import { cachedRewardOptimum } from '../../baselines/regeneration/optimum-cache.js';
import { RegretEvaluator } from '../regret.js';

export const SOLVER_OPS = ['expectedReward', 'optimum', 'regretGrid', 'regret'] as const;
export type SolverOp = (typeof SOLVER_OPS)[number];

export function isSolverOp(op: string): op is SolverOp {
  return (SOLVER_OPS as readonly string[]).includes(op);
}

function kwargsOf(header: Record<string, unknown>, op: string): OneShotEnvOptions {
  const k = header.kwargs ?? {};
  if (typeof k !== 'object' || k === null || Array.isArray(k)) throw new Error(`${op}: kwargs must be an object of LB-OneShot-v0 options, got ${JSON.stringify(k)}`);
  return k as OneShotEnvOptions;
}

function loadsOf(header: Record<string, unknown>, op: string): [number, number] {
  const l = header.loads;
  if (!Array.isArray(l) || l.length !== 2 || !l.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new Error(`${op}: loads must be two integers >= 0 (the initial queues), got ${JSON.stringify(l)}`);
  }
  return [l[0] as number, l[1] as number];
}

function actionOf(header: Record<string, unknown>, op: string): { K: number; tb: number; alpha?: number } {
  const a = header.action as { K?: unknown; tb?: unknown; alpha?: unknown } | undefined;
  if (typeof a !== 'object' || a === null || typeof a.K !== 'number' || typeof a.tb !== 'number' || (a.alpha !== undefined && typeof a.alpha !== 'number')) {
    throw new Error(`${op}: action must be {"K": number, "tb": number, "alpha"?: number}, got ${JSON.stringify(a)}`);
  }
  return { K: a.K, tb: a.tb, ...(a.alpha !== undefined ? { alpha: a.alpha as number } : {}) };
}

/** Grid observations as the regret evaluator builds them (experiments/regret.ts). */
function gridObservation(loads: readonly number[], loadScale: number): Float32Array {
  return Float32Array.from(loads, (m) => m / loadScale);
}

/** Answers the solver calls of one session (evaluators are kept per kwargs, so their optima are computed once). */
export class SolverCalls {
  private readonly evaluators = new Map<string, RegretEvaluator>();

  private evaluator(kwargs: OneShotEnvOptions, op: string): RegretEvaluator {
    const key = JSON.stringify(kwargs);
    let ev = this.evaluators.get(key);
    if (ev === undefined) {
      const made = RegretEvaluator.forOneShot(kwargs);
      if (typeof made === 'string') throw new Error(`${op}: ${made}`);
      ev = made;
      this.evaluators.set(key, ev);
    }
    return ev;
  }

  call(op: SolverOp, header: Record<string, unknown>): Record<string, unknown> {
    const kwargs = kwargsOf(header, op);
    switch (op) {
      case 'expectedReward': {
        const env = new OneShotEnv(kwargs);
        const r = expectedRewardReport(env.scenario, loadsOf(header, op), actionOf(header, op), rewardSpecOf(env, kwargs), {}, {}, true);
        return { ...r };
      }
      case 'optimum': {
        const env = new OneShotEnv(kwargs);
        return { ...cachedRewardOptimum(env.scenario, loadsOf(header, op), rewardSpecOf(env, kwargs)) };
      }
      case 'regretGrid': {
        const ev = this.evaluator(kwargs, op);
        const scale = new OneShotEnv(kwargs).loadScale;
        return { grid: ev.grid, observations: ev.grid.map((l) => Array.from(gridObservation(l, scale))) };
      }
      case 'regret': {
        const ev = this.evaluator(kwargs, op);
        const actions = header.actions;
        if (!Array.isArray(actions) || actions.length !== ev.grid.length || !actions.every((a) => Array.isArray(a) && a.every((x) => typeof x === 'number'))) {
          throw new Error(`regret: actions must be ${ev.grid.length} lists of numbers, one per grid point of regretGrid, got ${JSON.stringify(actions)?.slice(0, 200)}`);
        }
        const scale = new OneShotEnv(kwargs).loadScale;
        const byObservation = new Map<string, number[]>();
        ev.grid.forEach((l, i) => byObservation.set(gridObservation(l, scale).join(','), actions[i] as number[]));
        const policy: Policy<Float32Array, Float32Array> = {
          name: 'bridge-client',
          act: (obs) => Float32Array.from(byObservation.get(obs.join(',')) ?? []),
        };
        return { ...ev.evaluate(policy) };
      }
    }
  }
}
