/**
 * The trainers' view of a batch of environments stepped in lockstep: one
 * observation row per environment, episode statistics and checkpoints, over
 * the one vector env of lbgym ({@link SyncVectorEnv}, envs/core/vector/) in
 * Gymnasium's "same-step" autoreset mode.
 *
 * After a step that ends an episode (terminated or truncated), the runner
 * keeps that step's observation as `finalObservation` (needed to bootstrap a
 * truncated episode); the vector env has reset the environment, and the
 * runner continues from the reset observation. It records each finished
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
import type { Env } from '../envs/core/env.js';
import { findCheckpointable, restoreElapsedSteps, type Checkpointable } from '../envs/core/checkpointable.js';
import { numericInfo } from '../envs/core/numeric-info.js';
import { SyncVectorEnv } from '../envs/core/vector/sync-vector-env.js';

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
  /** The current observation of each environment (after autoreset; fresh arrays every step). */
  observations: Float32Array[];
  /** Environment steps taken, summed over environments. */
  globalStep = 0;
  private readonly vector: SyncVectorEnv<Act>;
  private readonly returns: number[];
  private readonly lengths: number[];
  private finished: EpisodeRecord[] = [];
  /** The flat action batch the vector env takes (Box actions: `numEnvs x actionDim`). */
  private readonly flatActions: Float64Array;

  constructor(
    readonly envs: readonly Env<Float32Array, Act>[],
    seed: number,
  ) {
    if (envs.length === 0) throw new Error('EnvRunner: envs is empty');
    this.vector = new SyncVectorEnv<Act>(
      envs.map((env) => () => env),
      { autoresetMode: 'same-step', copy: false },
    );
    this.observations = this.rows(this.vector.reset({ seed }).observations);
    this.returns = envs.map(() => 0);
    this.lengths = envs.map(() => 0);
    this.flatActions = new Float64Array(envs.length * this.vector.actionDim);
  }

  get numEnvs(): number {
    return this.envs.length;
  }

  /** The rows of a flat observation batch, as fresh arrays (agents keep them). */
  private rows(flat: Float32Array): Float32Array[] {
    const d = this.vector.obsDim;
    return this.envs.map((_, i) => flat.slice(i * d, (i + 1) * d));
  }

  /** Steps env `i` with `actions[i]`, autoresetting finished ones. */
  step(actions: readonly Act[]): BatchStep {
    const n = this.envs.length;
    if (actions.length !== n) throw new Error(`EnvRunner: ${actions.length} actions for ${n} environments`);
    const k = this.vector.actionDim;
    const flat = this.flatActions;
    for (let i = 0; i < n; i++) {
      const a = actions[i] as unknown as number | ArrayLike<number>;
      if (typeof a === 'number') flat[i] = a;
      else for (let j = 0; j < k; j++) flat[i * k + j] = a[j]!;
    }
    const r = this.vector.step(flat);
    const rewards = new Float32Array(r.rewards);
    const terminated: boolean[] = new Array<boolean>(n);
    const truncated: boolean[] = new Array<boolean>(n);
    const finalObservations: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(n);
    const d = this.vector.obsDim;
    for (let i = 0; i < n; i++) {
      terminated[i] = r.terminations[i] === 1;
      truncated[i] = r.truncations[i] === 1;
      this.returns[i]! += r.rewards[i]!;
      this.lengths[i]! += 1;
      if (r.final !== undefined && r.final.mask[i] === 1) {
        finalObservations[i] = r.final.observations.slice(i * d, (i + 1) * d);
        this.finished.push({ episodicReturn: this.returns[i]!, episodeLength: this.lengths[i]!, info: numericInfo(r.final.infos[i]!) });
        this.returns[i] = 0;
        this.lengths[i] = 0;
      }
    }
    this.observations = this.rows(r.observations);
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
    s.lengths.forEach((l, i) => {
      this.lengths[i] = l;
      restoreElapsedSteps(this.envs[i], l);
    });
  }

  close(): void {
    this.vector.close();
  }
}
