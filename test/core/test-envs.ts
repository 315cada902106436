/**
 * Small environments for the envs/core tests: well-behaved ones
 * (a continuous counter, a bandit, a Dict-observation env, a two-agent
 * parallel env) and broken ones for the checkers.
 */
import type { Env, Info, ResetOptions, ResetResult, StepResult } from '../../envs/core/env.js';
import type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from '../../envs/core/parallel-env.js';
import { Box } from '../../envs/core/spaces/box.js';
import { Dict } from '../../envs/core/spaces/dict.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import { Rng, streamFor } from '../../envs/sim/rng.js';

/**
 * Observation `[t / horizon, u]` with `u ~ U(0, 1)` fresh each step; action in
 * `Box(-1, 1, [2])`; reward `a0 - 0.5 a1 + u`; terminates after `horizon` steps,
 * where `horizon` is fixed or (when `randomHorizon`) drawn in 2..4 at reset.
 */
export class CounterEnv implements Env<Float32Array, Float32Array> {
  readonly observationSpace = new Box(0, 1, [2]);
  readonly actionSpace = new Box(-1, 1, [2]);
  spec?: Env['spec'];
  rng: Rng = streamFor(0, 'env');
  t = 0;
  horizon: number;
  closes = 0;
  lastAction: Float32Array | undefined;

  constructor(
    readonly baseHorizon = 5,
    readonly randomHorizon = false,
  ) {
    this.horizon = baseHorizon;
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    if (opts?.seed !== undefined) this.rng = streamFor(opts.seed, 'env');
    this.t = 0;
    this.horizon = this.randomHorizon ? 2 + this.rng.int(3) : this.baseHorizon;
    return { observation: this.obs(), info: { horizon: this.horizon } };
  }

  protected obs(): Float32Array {
    return Float32Array.of(this.t / this.horizon, this.rng.uniform());
  }

  step(action: Float32Array): StepResult<Float32Array> {
    this.lastAction = Float32Array.from(action);
    this.t++;
    const observation = this.obs();
    const reward = action[0]! - 0.5 * action[1]! + observation[1]!;
    return { observation, reward, terminated: this.t >= this.horizon, truncated: false, info: {} };
  }

  close(): void {
    this.closes++;
  }
}

/** Observation `[u]`; action `Discrete(3)`; reward `action + u`; ends after `horizon` pulls. */
export class BanditEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Discrete(3);
  spec?: Env['spec'];
  private rng = streamFor(0, 'env');
  private t = 0;

  constructor(readonly horizon = 3) {}

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    if (opts?.seed !== undefined) this.rng = streamFor(opts.seed, 'env');
    this.t = 0;
    return { observation: Float32Array.of(this.rng.uniform()), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.t++;
    const u = this.rng.uniform();
    return { observation: Float32Array.of(u), reward: action + u, terminated: this.t >= this.horizon, truncated: false, info: { action } };
  }

  close(): void {}
}

const dictObsSpace = (): Dict<{ pos: Box; mode: Discrete }> => new Dict({ pos: new Box(-1, 1, [2]), mode: new Discrete(3) });

/** A Dict observation `{mode, pos}`; action `Discrete(2)`; never ends by itself. */
export class DictObsEnv implements Env<{ pos: Float32Array; mode: number }, number> {
  readonly observationSpace = dictObsSpace();
  readonly actionSpace = new Discrete(2);
  private rng = streamFor(0, 'env');

  reset(opts?: ResetOptions): ResetResult<{ pos: Float32Array; mode: number }> {
    if (opts?.seed !== undefined) this.rng = streamFor(opts.seed, 'env');
    return { observation: this.obs(0), info: {} };
  }

  private obs(mode: number): { pos: Float32Array; mode: number } {
    return { pos: Float32Array.of(this.rng.uniform() * 2 - 1, 0.5), mode };
  }

  step(action: number): StepResult<{ pos: Float32Array; mode: number }> {
    return { observation: this.obs(action + 1), reward: action, terminated: false, truncated: false, info: {} };
  }

  close(): void {}
}

/** The kinds of breakage {@link BrokenEnv} can show. */
export type Breakage =
  | 'nan-reward'
  | 'obs-out-of-space'
  | 'reset-obs-out-of-space'
  | 'nondeterministic-reset'
  | 'nondeterministic-step'
  | 'terminated-not-boolean'
  | 'info-not-object'
  | 'close-twice-throws'
  | 'late-nan-reward';

/** A CounterEnv broken in one way. */
export class BrokenEnv extends CounterEnv {
  private calls = 0;
  private closed = false;

  constructor(readonly breakage: Breakage) {
    super(5);
  }

  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    const r = super.reset(opts);
    this.calls++;
    if (this.breakage === 'nondeterministic-reset') r.observation[1] = (this.calls % 7) / 10;
    if (this.breakage === 'reset-obs-out-of-space') r.observation[0] = 2;
    return r;
  }

  override step(action: Float32Array): StepResult<Float32Array> {
    const r = super.step(action);
    this.calls++;
    switch (this.breakage) {
      case 'nan-reward':
        r.reward = Number.NaN;
        break;
      case 'late-nan-reward':
        if (this.t === 3) r.reward = Number.NaN;
        break;
      case 'obs-out-of-space':
        r.observation[0] = -0.5;
        break;
      case 'nondeterministic-step':
        r.reward += this.calls;
        break;
      case 'terminated-not-boolean':
        (r as unknown as { terminated: number }).terminated = 0;
        break;
      case 'info-not-object':
        (r as unknown as { info: unknown }).info = null;
        break;
      default:
        break;
    }
    return r;
  }

  override close(): void {
    if (this.breakage === 'close-twice-throws' && this.closed) throw new Error('already closed');
    this.closed = true;
  }
}

/**
 * Two agents `a`, `b`; each observes `[u]` and picks `Discrete(2)`; reward
 * `action + u`; both terminate after `horizon` steps. With `freshSpaces` the
 * space getters return a new object each call (a contract violation).
 */
export class TwoAgentEnv implements ParallelEnv<Float32Array, number> {
  readonly possibleAgents: readonly AgentId[] = ['a', 'b'];
  agents: AgentId[] = [];
  spec?: ParallelEnv['spec'];
  private readonly obsSpaces: PerAgent<Box> = { a: new Box(0, 1, [1]), b: new Box(0, 1, [1]) };
  private readonly actSpaces: PerAgent<Discrete> = { a: new Discrete(2), b: new Discrete(2) };
  private rng = streamFor(0, 'env');
  private t = 0;

  constructor(
    readonly horizon = 4,
    readonly freshSpaces = false,
    readonly nanRewardFor?: AgentId,
  ) {}

  observationSpace(agent: AgentId): Box {
    return this.freshSpaces ? new Box(0, 1, [1]) : this.obsSpaces[agent]!;
  }

  actionSpace(agent: AgentId): Discrete {
    return this.freshSpaces ? new Discrete(2) : this.actSpaces[agent]!;
  }

  state(): Float32Array {
    return Float32Array.of(this.t);
  }

  reset(opts?: ResetOptions): ParallelResetResult<Float32Array> {
    if (opts?.seed !== undefined) this.rng = streamFor(opts.seed, 'env');
    this.t = 0;
    this.agents = [...this.possibleAgents];
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    for (const a of this.agents) {
      observations[a] = Float32Array.of(this.rng.uniform());
      infos[a] = {};
    }
    return { observations, infos };
  }

  step(actions: PerAgent<number>): ParallelStepResult<Float32Array> {
    this.t++;
    const done = this.t >= this.horizon;
    const r: ParallelStepResult<Float32Array> = { observations: {}, rewards: {}, terminations: {}, truncations: {}, infos: {} };
    for (const a of this.agents) {
      const u = this.rng.uniform();
      r.observations[a] = Float32Array.of(u);
      r.rewards[a] = a === this.nanRewardFor ? Number.NaN : actions[a]! + u;
      r.terminations[a] = done;
      r.truncations[a] = false;
      r.infos[a] = {};
    }
    if (done) this.agents = [];
    return r;
  }

  close(): void {}
}
