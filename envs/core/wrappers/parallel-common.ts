/**
 * The multi-agent counterparts of `common.ts` for `ParallelEnv`s:
 * {@link ParallelWrapper} (delegates everything), {@link ParallelTimeLimit},
 * {@link ParallelOrderEnforcing} and {@link ParallelPassiveEnvChecker}.
 * `makeParallel` stacks them as
 * `ParallelTimeLimit(ParallelOrderEnforcing(ParallelPassiveEnvChecker(env)))`.
 * Like the single-agent wrappers, they edit the step result in place.
 */
import { assertParallelReset, assertParallelStep, describe, isSpace } from '../contract-checks.js';
import type { EnvSpec, ResetOptions } from '../env.js';
import type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from '../parallel-env.js';
import type { Space } from '../space.js';

export class ParallelWrapper<Obs = Float32Array, Act = Float32Array> implements ParallelEnv<Obs, Act> {
  /** The inner env's global state, when it has one. */
  readonly state?: () => Float32Array;

  constructor(readonly env: ParallelEnv<Obs, Act>) {
    if (env.state !== undefined) this.state = () => env.state!();
  }

  get agents(): readonly AgentId[] {
    return this.env.agents;
  }

  get possibleAgents(): readonly AgentId[] {
    return this.env.possibleAgents;
  }

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this.env.spec = spec;
  }

  /** The innermost environment, below every parallel wrapper. */
  get unwrapped(): ParallelEnv<unknown, unknown> {
    let env: ParallelEnv<unknown, unknown> = this.env;
    while (env instanceof ParallelWrapper) env = env.env as ParallelEnv<unknown, unknown>;
    return env;
  }

  observationSpace(agent: AgentId): Space<Obs> {
    return this.env.observationSpace(agent);
  }

  actionSpace(agent: AgentId): Space<Act> {
    return this.env.actionSpace(agent);
  }

  reset(opts?: ResetOptions): ParallelResetResult<Obs> {
    return this.env.reset(opts);
  }

  step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    return this.env.step(actions);
  }

  close(): void {
    this.env.close();
  }
}

/**
 * Truncates every agent that acted on the step that reaches `maxEpisodeSteps`;
 * from then until the next reset, `agents` is empty (the episode is over).
 */
export class ParallelTimeLimit<Obs = Float32Array, Act = Float32Array> extends ParallelWrapper<Obs, Act> {
  /** Steps taken since the last reset. */
  elapsedSteps = 0;
  private static readonly NO_AGENTS: readonly AgentId[] = Object.freeze([]);

  constructor(
    env: ParallelEnv<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new Error(`ParallelTimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
    }
  }

  override get agents(): readonly AgentId[] {
    return this.elapsedSteps >= this.maxEpisodeSteps ? ParallelTimeLimit.NO_AGENTS : this.env.agents;
  }

  override reset(opts?: ResetOptions): ParallelResetResult<Obs> {
    this.elapsedSteps = 0;
    return this.env.reset(opts);
  }

  override step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    if (this.elapsedSteps >= this.maxEpisodeSteps) {
      throw new Error(`ParallelTimeLimit: step called after the episode was truncated at ${this.maxEpisodeSteps} steps; call reset() first`);
    }
    const r = this.env.step(actions);
    this.elapsedSteps++;
    if (this.elapsedSteps >= this.maxEpisodeSteps) {
      for (const agent in r.truncations) r.truncations[agent] = true;
    }
    return r;
  }
}

/** Makes `step` before the first `reset` an error. */
export class ParallelOrderEnforcing<Obs = Float32Array, Act = Float32Array> extends ParallelWrapper<Obs, Act> {
  private resetDone = false;

  get hasReset(): boolean {
    return this.resetDone;
  }

  override reset(opts?: ResetOptions): ParallelResetResult<Obs> {
    this.resetDone = true;
    return this.env.reset(opts);
  }

  override step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    if (!this.resetDone) {
      throw new Error(`step: called before reset on ${this.spec?.id ?? 'parallel env'}; call reset() first`);
    }
    return this.env.step(actions);
  }
}

/**
 * Checks the parallel contract once: agents and per-agent spaces at
 * construction (valid, and the same object on every call), then the first
 * reset and step outputs. Throws on the first violation.
 */
export class ParallelPassiveEnvChecker<Obs = Float32Array, Act = Float32Array> extends ParallelWrapper<Obs, Act> {
  private resetChecked = false;
  private stepChecked = false;

  constructor(env: ParallelEnv<Obs, Act>) {
    super(env);
    const where = 'ParallelPassiveEnvChecker';
    if (!Array.isArray(env.possibleAgents) || env.possibleAgents.length === 0) {
      throw new Error(`${where}: possibleAgents must be a non-empty array, got ${describe(env.possibleAgents)}`);
    }
    for (const a of env.possibleAgents) {
      for (const kind of ['observationSpace', 'actionSpace'] as const) {
        const s = env[kind](a);
        if (!isSpace(s)) throw new Error(`${where}: ${kind}(${a}) must be a Space, got ${describe(s)}`);
        if (env[kind](a) !== s) throw new Error(`${where}: ${kind}(${a}) must return the same object on every call`);
      }
    }
  }

  override reset(opts?: ResetOptions): ParallelResetResult<Obs> {
    const r = this.env.reset(opts);
    if (!this.resetChecked) {
      assertParallelReset(`ParallelPassiveEnvChecker (${this.spec?.id ?? 'env'}) reset`, this.env, this.env.agents, r);
      this.resetChecked = true;
    }
    return r;
  }

  override step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    const acted = this.stepChecked ? undefined : [...this.env.agents];
    const r = this.env.step(actions);
    if (acted !== undefined) {
      assertParallelStep(`ParallelPassiveEnvChecker (${this.spec?.id ?? 'env'}) step`, this.env, acted, r);
      this.stepChecked = true;
    }
    return r;
  }
}
