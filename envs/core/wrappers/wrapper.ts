/**
 * Wrapper base classes (Gymnasium's `Wrapper`, `ObservationWrapper`,
 * `ActionWrapper`).
 *
 * - {@link Wrapper} keeps the observation and action types and delegates
 *   everything; subclasses override `reset`/`step` or replace a space.
 * - {@link ObservationWrapper} maps every observation through `observation()`
 *   and declares the new `observationSpace`.
 * - {@link ActionWrapper} maps every action through `action()` before the inner
 *   `step` and declares the new `actionSpace`.
 *
 * Hot-path conventions (environments run 50k+ steps/s):
 * - Same-type wrappers edit the step result they receive from the inner env in
 *   place (`truncated`, `reward`, `info`) instead of copying it, so an
 *   environment must return a result object it does not read back.
 * - Observations handed up are owned by the caller: a wrapper that changes one
 *   returns a fresh array.
 * - Actions handed down are only valid during the inner `step` call: action
 *   wrappers reuse one buffer, so an environment must not keep the action array.
 */
import type { Env, EnvSpec, ResetOptions, ResetResult, StepResult } from '../env.js';
import type { Space } from '../space.js';

/** What every wrapper shares: the inner env, spec delegation, close, unwrapped. */
export abstract class BaseWrapper<Obs, Act, InnerObs, InnerAct> implements Env<Obs, Act> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;

  constructor(readonly env: Env<InnerObs, InnerAct>) {}

  abstract reset(opts?: ResetOptions): ResetResult<Obs>;
  abstract step(action: Act): StepResult<Obs>;

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this.env.spec = spec;
  }

  /** The innermost environment, below every wrapper. */
  get unwrapped(): Env<unknown, unknown> {
    let env: Env<unknown, unknown> = this.env;
    while (env instanceof BaseWrapper) env = env.env as Env<unknown, unknown>;
    return env;
  }

  close(): void {
    this.env.close();
  }

  toString(): string {
    return `${this.constructor.name}<${String(this.env)}>`;
  }
}

/** A wrapper that keeps both types and, by default, changes nothing. */
export class Wrapper<Obs = Float32Array, Act = Float32Array> extends BaseWrapper<Obs, Act, Obs, Act> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;

  constructor(env: Env<Obs, Act>) {
    super(env);
    this.observationSpace = env.observationSpace;
    this.actionSpace = env.actionSpace;
  }

  reset(opts?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(opts);
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action);
  }
}

/** A wrapper that maps every observation (from `reset` and `step`). */
export abstract class ObservationWrapper<Obs, Act, InnerObs> extends BaseWrapper<Obs, Act, InnerObs, Act> {
  readonly actionSpace: Space<Act>;

  constructor(env: Env<InnerObs, Act>) {
    super(env);
    this.actionSpace = env.actionSpace;
  }

  /** The wrapped observation; must not modify `observation` in place. */
  abstract observation(observation: InnerObs): Obs;

  reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    return { observation: this.observation(r.observation), info: r.info };
  }

  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return {
      observation: this.observation(r.observation),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
    };
  }
}

/** A wrapper that maps every action before the inner `step`. */
export abstract class ActionWrapper<Obs, Act, InnerAct> extends BaseWrapper<Obs, Act, Obs, InnerAct> {
  readonly observationSpace: Space<Obs>;

  constructor(env: Env<Obs, InnerAct>) {
    super(env);
    this.observationSpace = env.observationSpace;
  }

  /** The inner environment's action for `action`. */
  abstract action(action: Act): InnerAct;

  reset(opts?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(opts);
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(this.action(action));
  }
}
