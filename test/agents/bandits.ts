/**
 * Tiny environments with known answers for the agent tests.
 *
 * - `ContinuousBandit`: one step, observation [0], action a in [0, 1],
 *   reward -(a - 0.7)^2: optimum a = 0.7.
 * - `ContextualBandit`: one step, observation c ~ U(0, 1), action a in
 *   [0, 1], reward -(a - target(c))^2 with target(c) = 0.2 + 0.6 c.
 * - `DiscreteBandit`: one step, Discrete(3) arms with mean rewards
 *   [0.2, 0.8, 0.5] plus N(0, 0.1^2) noise: best arm 1. Reports `info.arm`.
 * - `ChainWalk`: multi-step; observation [position / length], action in
 *   [-1, 1] moves by the action; reward -0.01 per step, +1 at the right end,
 *   truncated after `maxSteps` (exercises GAE, truncation bootstrap).
 */
import { Box } from '../../envs/core/spaces/box.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../../envs/core/env.js';
import { Rng } from '../../envs/sim/rng.js';

export const BANDIT_OPTIMUM = 0.7;

export class ContinuousBandit implements Env<Float32Array, Float32Array> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Box(0, 1, [1]);
  reset(_opts?: ResetOptions): ResetResult<Float32Array> {
    return { observation: new Float32Array([0]), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    const a = action[0]!;
    return { observation: new Float32Array([0]), reward: -((a - BANDIT_OPTIMUM) ** 2), terminated: true, truncated: false, info: { action: a } };
  }
  close(): void {}
}

export function contextTarget(c: number): number {
  return 0.2 + 0.6 * c;
}

export class ContextualBandit implements Env<Float32Array, Float32Array> {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Box(0, 1, [1]);
  private rng = new Rng(0);
  private context = 0;
  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    if (opts?.seed !== undefined) this.rng = new Rng(opts.seed);
    this.context = this.rng.uniform();
    return { observation: new Float32Array([this.context]), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    const err = action[0]! - contextTarget(this.context);
    return { observation: new Float32Array([this.context]), reward: -(err * err), terminated: true, truncated: false, info: { absError: Math.abs(err) } };
  }
  close(): void {}
}

export const ARM_MEANS = [0.2, 0.8, 0.5];

export class DiscreteBandit implements Env<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Discrete(3);
  private rng = new Rng(0);
  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    if (opts?.seed !== undefined) this.rng = new Rng(opts.seed);
    return { observation: new Float32Array([0]), info: {} };
  }
  step(action: number): StepResult<Float32Array> {
    const reward = ARM_MEANS[action]! + 0.1 * this.rng.normal();
    return { observation: new Float32Array([0]), reward, terminated: true, truncated: false, info: { arm: action } };
  }
  close(): void {}
}

export class ChainWalk implements Env<Float32Array, Float32Array> {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Box(-1, 1, [1]);
  private position = 0;
  private steps = 0;
  constructor(
    readonly length = 5,
    readonly maxSteps = 20,
  ) {}
  reset(_opts?: ResetOptions): ResetResult<Float32Array> {
    this.position = 0;
    this.steps = 0;
    return { observation: new Float32Array([0]), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    this.steps += 1;
    this.position = Math.max(0, Math.min(this.length, this.position + action[0]!));
    const terminated = this.position >= this.length;
    return {
      observation: new Float32Array([this.position / this.length]),
      reward: terminated ? 1 : -0.01,
      terminated,
      truncated: !terminated && this.steps >= this.maxSteps,
      info: {},
    };
  }
  close(): void {}
}
