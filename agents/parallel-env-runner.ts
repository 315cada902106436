/**
 * Steps a batch of multi-agent `ParallelEnv`s in lockstep for MAPPO, with
 * autoreset: the multi-agent twin of env-runner.ts.
 *
 * Agents are taken in `possibleAgents` order and indexed `0..M-1`; flat
 * per-(env, agent) arrays are at `e * M + m`. Every agent must be alive after
 * a reset and all agents must end (terminate or truncate) on the same step
 * (true of the one-shot environments); anything else is an error naming the
 * environment, since the shared-policy rollout here assumes a fixed agent set.
 *
 * Besides each agent's observation the runner keeps each environment's global
 * state, `env.state()` when the environment has one, else the concatenation
 * of the agents' observations (in agent order), for a centralised critic.
 *
 * A finished episode is recorded with the mean over agents of their returns
 * (with a shared reward: the team return), its length, and the means over
 * agents of the numeric keys of their final infos.
 * Checkpoints: as EnvRunner (kind `parallel`), plus the global states.
 */
import type { AgentId, ParallelEnv, ParallelStepResult, PerAgent } from '../envs/core/parallel-env.js';
import { restoreElapsedSteps } from '../envs/core/checkpointable.js';
import { checkpointables, checkRunnerState, numericInfo, type EpisodeRecord, type RunnerState } from './env-runner.js';

/**
 * A parallel runner's saved state: a {@link RunnerState} (whose `returns` are
 * the means over agents) plus each environment's global state and per-agent returns.
 */
export interface ParallelRunnerState extends RunnerState {
  globalStates: number[][];
  agentReturns: number[][];
}

export interface ParallelBatchStep {
  /** Reward of agent m in env e at `e * M + m`. */
  readonly rewards: Float32Array;
  /** Per environment: the episode terminated (every agent) on this step. */
  readonly terminated: boolean[];
  /** Per environment: the episode was truncated (and not terminated) on this step. */
  readonly truncated: boolean[];
  /** Per environment that ended: its agents' final observations (before autoreset). */
  readonly finalObservations: (Float32Array[] | undefined)[];
  /** Per environment that ended: its final global state (before autoreset). */
  readonly finalStates: (Float32Array | undefined)[];
}

export class ParallelEnvRunner {
  readonly agentIds: readonly AgentId[];
  /** Current observations: `observations[e][m]`. */
  observations: Float32Array[][];
  /** Current global state of each environment. */
  states: Float32Array[];
  /** Environment steps taken (each moves every agent of one environment), summed over environments. */
  globalStep = 0;
  private readonly returns: Float64Array[];
  private readonly lengths: number[];
  private finished: EpisodeRecord[] = [];

  constructor(
    readonly envs: readonly ParallelEnv<Float32Array, Float32Array>[],
    seed: number,
  ) {
    if (envs.length === 0) throw new Error('ParallelEnvRunner: envs is empty');
    this.agentIds = [...envs[0]!.possibleAgents];
    if (this.agentIds.length === 0) throw new Error('ParallelEnvRunner: the environment has no possibleAgents');
    envs.forEach((env, e) => {
      if (env.possibleAgents.join('\u0000') !== this.agentIds.join('\u0000')) {
        throw new Error(`ParallelEnvRunner: env ${e} has agents [${env.possibleAgents.join(', ')}], env 0 has [${this.agentIds.join(', ')}]`);
      }
    });
    this.observations = envs.map((env, e) => this.resetEnv(e, seed + e));
    this.states = envs.map((_, e) => this.globalState(e));
    this.returns = envs.map(() => new Float64Array(this.agentIds.length));
    this.lengths = envs.map(() => 0);
  }

  get numEnvs(): number {
    return this.envs.length;
  }

  get numAgents(): number {
    return this.agentIds.length;
  }

  /** Steps env `e` with `actions[e][m]` for agent m, autoresetting finished ones. */
  step(actions: readonly (readonly Float32Array[])[]): ParallelBatchStep {
    const M = this.agentIds.length;
    const rewards = new Float32Array(this.envs.length * M);
    const terminated: boolean[] = [];
    const truncated: boolean[] = [];
    const finalObservations: (Float32Array[] | undefined)[] = [];
    const finalStates: (Float32Array | undefined)[] = [];
    this.envs.forEach((env, e) => {
      const perAgent: PerAgent<Float32Array> = {};
      this.agentIds.forEach((id, m) => (perAgent[id] = actions[e]![m]!));
      const r = env.step(perAgent);
      const ends = this.agentIds.map((id) => this.ended(r, id, e));
      const anyEnd = ends.some((x) => x);
      if (anyEnd && !ends.every((x) => x)) {
        throw new Error(`ParallelEnvRunner: in env ${e} only some agents ended (${this.agentIds.filter((_, m) => ends[m]).join(', ')}); agents must end together`);
      }
      const obs = this.agentIds.map((id) => Float32Array.from(this.agentValue(r.observations, id, 'observation', e)));
      this.agentIds.forEach((id, m) => {
        const rew = this.agentValue(r.rewards, id, 'reward', e);
        rewards[e * M + m] = rew;
        this.returns[e]![m]! += rew;
      });
      this.lengths[e]! += 1;
      const term = anyEnd && this.agentIds.every((id) => r.terminations[id] === true);
      terminated.push(term);
      truncated.push(anyEnd && !term);
      if (anyEnd) {
        this.observations[e] = obs;
        const state = this.globalState(e);
        finalObservations.push(obs);
        finalStates.push(state);
        const infos = this.agentIds.map((id) => numericInfo(r.infos[id] ?? {}));
        let ret = 0;
        for (let m = 0; m < M; m++) ret += this.returns[e]![m]! / M;
        this.finished.push({ episodicReturn: ret, episodeLength: this.lengths[e]!, info: meanInfo(infos) });
        this.returns[e]!.fill(0);
        this.lengths[e] = 0;
        this.observations[e] = this.resetEnv(e);
      } else {
        finalObservations.push(undefined);
        finalStates.push(undefined);
        this.observations[e] = obs;
      }
      this.states[e] = this.globalState(e);
    });
    this.globalStep += this.envs.length;
    return { rewards, terminated, truncated, finalObservations, finalStates };
  }

  /** Episodes finished since the last call. */
  drainEpisodes(): EpisodeRecord[] {
    const out = this.finished;
    this.finished = [];
    return out;
  }

  /** The runner's state, or undefined when some environment is not checkpointable. */
  getState(): ParallelRunnerState | undefined {
    const cps = checkpointables(this.envs);
    if (cps === undefined) return undefined;
    return {
      format: 'lbgym-runner',
      version: 1,
      kind: 'parallel',
      envStates: cps.map((c) => c.getState()),
      observations: this.observations.map((perAgent) => perAgent.flatMap((o) => Array.from(o))),
      globalStates: this.states.map((s) => Array.from(s)),
      returns: this.returns.map((r) => r.reduce((a, b) => a + b, 0) / r.length),
      agentReturns: this.returns.map((r) => Array.from(r)),
      lengths: [...this.lengths],
    };
  }

  /** Restores a {@link getState}; throws if it does not fit or an env is not checkpointable. */
  setState(state: unknown): void {
    const s = checkRunnerState(state, 'parallel', this.envs.length) as ParallelRunnerState;
    const cps = checkpointables(this.envs);
    if (cps === undefined) throw new Error('ParallelEnvRunner.setState: some environment is not checkpointable');
    if (!Array.isArray(s.globalStates) || s.globalStates.length !== this.envs.length || !Array.isArray(s.agentReturns) || s.agentReturns.length !== this.envs.length) {
      throw new Error('ParallelEnvRunner.setState: the state lacks globalStates or agentReturns');
    }
    cps.forEach((c, e) => c.setState(s.envStates[e]));
    const M = this.agentIds.length;
    this.observations = s.observations.map((flat) => {
      const d = flat.length / M;
      return this.agentIds.map((_, m) => Float32Array.from(flat.slice(m * d, (m + 1) * d)));
    });
    this.states = s.globalStates.map((g) => Float32Array.from(g));
    s.agentReturns.forEach((r, e) => this.returns[e]!.set(r));
    s.lengths.forEach((l, e) => {
      this.lengths[e] = l;
      restoreElapsedSteps(this.envs[e], l);
    });
  }

  close(): void {
    for (const env of this.envs) env.close();
  }

  private resetEnv(e: number, seed?: number): Float32Array[] {
    const env = this.envs[e]!;
    const r = env.reset(seed === undefined ? {} : { seed });
    if (env.agents.length !== this.agentIds.length) {
      throw new Error(`ParallelEnvRunner: env ${e} has ${env.agents.length} live agents after reset, expected all ${this.agentIds.length}`);
    }
    return this.agentIds.map((id) => Float32Array.from(this.agentValue(r.observations, id, 'observation', e)));
  }

  private globalState(e: number): Float32Array {
    const env = this.envs[e]!;
    if (env.state !== undefined) return Float32Array.from(env.state());
    const obs = this.observations[e]!;
    const out = new Float32Array(obs.reduce((s, o) => s + o.length, 0));
    let off = 0;
    for (const o of obs) {
      out.set(o, off);
      off += o.length;
    }
    return out;
  }

  private ended(r: ParallelStepResult<Float32Array>, id: AgentId, e: number): boolean {
    const term = r.terminations[id];
    const trunc = r.truncations[id];
    if (typeof term !== 'boolean' || typeof trunc !== 'boolean') {
      throw new Error(`ParallelEnvRunner: env ${e} step gave no termination/truncation for agent ${id}`);
    }
    return term || trunc;
  }

  private agentValue<T>(values: PerAgent<T>, id: AgentId, what: string, e: number): T {
    const v = values[id];
    if (v === undefined) throw new Error(`ParallelEnvRunner: env ${e} gave no ${what} for agent ${id}`);
    return v;
  }
}

/** Means over agents of each numeric info key (keys missing in some agents average over those that have them). */
function meanInfo(infos: readonly Record<string, number>[]): Record<string, number> {
  const sums = new Map<string, { s: number; n: number }>();
  for (const info of infos) {
    for (const [k, v] of Object.entries(info)) {
      const acc = sums.get(k) ?? { s: 0, n: 0 };
      acc.s += v;
      acc.n += 1;
      sums.set(k, acc);
    }
  }
  const out: Record<string, number> = {};
  for (const [k, { s, n }] of sums) out[k] = s / n;
  return out;
}
