/**
 * Steps a batch of environments in lockstep for the trainers, with autoreset.
 *
 * After a step that ends an episode (terminated or truncated), the runner
 * keeps that step's observation as `finalObservation` (needed to bootstrap a
 * truncated episode), resets the environment and continues from the reset
 * observation (Gymnasium's "same-step" autoreset). It records each finished
 * episode's return, length and the numeric keys of its last `info`.
 * Env `i` is first reset with seed `seed + i`; later resets continue the
 * environment's own stream.
 *
 * Checkpoints: when every environment is {@link Checkpointable} (directly or
 * beneath its wrappers), {@link EnvRunner.getState} captures the environments'
 * states, the current observations and each environment's running return and
 * length, and {@link EnvRunner.setState} puts them back, so a resumed run sees
 * the very episodes an uninterrupted one would.
 */
import type { Env, Info } from '../envs/core/env.js';
import { findCheckpointable, type Checkpointable } from '../envs/core/checkpointable.js';
import { numericInfo } from '../envs/core/numeric-info.js';

export { numericInfo };

export interface EpisodeRecord {
  readonly episodicReturn: number;
  readonly episodeLength: number;
  /** Numeric entries of the final step's info (e.g. `completionTime`, `jain`). */
  readonly info: Readonly<Record<string, number>>;
}

export interface BatchStep {
  readonly rewards: Float32Array;
  readonly terminated: boolean[];
  readonly truncated: boolean[];
  /** The observation the step produced before any autoreset (undefined if the episode goes on). */
  readonly finalObservations: (Float32Array | undefined)[];
}

/** What {@link EnvRunner.getState} returns (JSON-serialisable). */
export interface RunnerState {
  format: 'lbgym-runner';
  version: 1;
  /** `single` (EnvRunner) or `parallel` (ParallelEnvRunner). */
  kind: 'single' | 'parallel';
  envStates: unknown[];
  /** Current observations, per environment (parallel: per environment, per agent in order). */
  observations: number[][];
  /** Running (undiscounted) return of the unfinished episode, per environment. */
  returns: number[];
  /** Steps of the unfinished episode, per environment. */
  lengths: number[];
}

/** The checkpointable environments beneath `envs`, or undefined if any is not. */
export function checkpointables(envs: readonly unknown[]): Checkpointable[] | undefined {
  const found = envs.map((e) => findCheckpointable(e));
  return found.every((c) => c !== undefined) ? (found as Checkpointable[]) : undefined;
}

/** Checks a runner state read from disk against a runner's shape; throws naming the mismatch. */
export function checkRunnerState(state: unknown, kind: RunnerState['kind'], numEnvs: number): RunnerState {
  const s = state as RunnerState;
  if (typeof s !== 'object' || s === null || s.format !== 'lbgym-runner' || s.version !== 1) {
    throw new Error(`runner state: expected format lbgym-runner v1, got ${JSON.stringify(state)?.slice(0, 80)}`);
  }
  if (s.kind !== kind) throw new Error(`runner state: kind '${String(s.kind)}' does not fit a '${kind}' runner`);
  for (const key of ['envStates', 'observations', 'returns', 'lengths'] as const) {
    if (!Array.isArray(s[key]) || s[key].length !== numEnvs) {
      throw new Error(`runner state: '${key}' has ${Array.isArray(s[key]) ? s[key].length : 'no'} entries, the runner has ${numEnvs} environments`);
    }
  }
  return s;
}


export class EnvRunner<Act> {
  /** The current observation of each environment (after autoreset). */
  observations: Float32Array[];
  /** Environment steps taken, summed over environments. */
  globalStep = 0;
  private readonly returns: number[];
  private readonly lengths: number[];
  private finished: EpisodeRecord[] = [];

  constructor(
    readonly envs: readonly Env<Float32Array, Act>[],
    seed: number,
  ) {
    if (envs.length === 0) throw new Error('EnvRunner: envs is empty');
    this.observations = envs.map((env, i) => Float32Array.from(env.reset({ seed: seed + i }).observation));
    this.returns = envs.map(() => 0);
    this.lengths = envs.map(() => 0);
  }

  get numEnvs(): number {
    return this.envs.length;
  }

  /** Steps env `i` with `actions[i]`, autoresetting finished ones. */
  step(actions: readonly Act[]): BatchStep {
    const n = this.envs.length;
    const rewards = new Float32Array(n);
    const terminated: boolean[] = [];
    const truncated: boolean[] = [];
    const finalObservations: (Float32Array | undefined)[] = [];
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      const r = env.step(actions[i]!);
      rewards[i] = r.reward;
      terminated.push(r.terminated);
      truncated.push(r.truncated);
      this.returns[i]! += r.reward;
      this.lengths[i]! += 1;
      if (r.terminated || r.truncated) {
        finalObservations.push(new Float32Array(r.observation));
        this.finished.push({ episodicReturn: this.returns[i]!, episodeLength: this.lengths[i]!, info: numericInfo(r.info) });
        this.returns[i] = 0;
        this.lengths[i] = 0;
        this.observations[i] = new Float32Array(env.reset().observation);
      } else {
        finalObservations.push(undefined);
        this.observations[i] = new Float32Array(r.observation);
      }
    }
    this.globalStep += n;
    return { rewards, terminated, truncated, finalObservations };
  }

  /** Episodes finished since the last call. */
  drainEpisodes(): EpisodeRecord[] {
    const out = this.finished;
    this.finished = [];
    return out;
  }

  /** The runner's state, or undefined when some environment is not checkpointable. */
  getState(): RunnerState | undefined {
    const cps = checkpointables(this.envs);
    if (cps === undefined) return undefined;
    return {
      format: 'lbgym-runner',
      version: 1,
      kind: 'single',
      envStates: cps.map((c) => c.getState()),
      observations: this.observations.map((o) => Array.from(o)),
      returns: [...this.returns],
      lengths: [...this.lengths],
    };
  }

  /**
   * Restores a {@link getState} taken from a runner over environments built
   * the same way; throws if the state does not fit or an env is not checkpointable.
   */
  setState(state: unknown): void {
    const s = checkRunnerState(state, 'single', this.envs.length);
    const cps = checkpointables(this.envs);
    if (cps === undefined) throw new Error('EnvRunner.setState: some environment is not checkpointable');
    cps.forEach((c, i) => c.setState(s.envStates[i]));
    this.observations = s.observations.map((o) => Float32Array.from(o));
    s.returns.forEach((r, i) => (this.returns[i] = r));
    s.lengths.forEach((l, i) => (this.lengths[i] = l));
  }

  close(): void {
    for (const env of this.envs) env.close();
  }
}
