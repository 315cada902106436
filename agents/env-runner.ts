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
 */
import type { Env, Info } from '../envs/core/env.js';

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

function numericInfo(info: Info): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(info)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
  }
  return out;
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
        finalObservations.push(Float32Array.from(r.observation));
        this.finished.push({ episodicReturn: this.returns[i]!, episodeLength: this.lengths[i]!, info: numericInfo(r.info) });
        this.returns[i] = 0;
        this.lengths[i] = 0;
        this.observations[i] = Float32Array.from(env.reset().observation);
      } else {
        finalObservations.push(undefined);
        this.observations[i] = Float32Array.from(r.observation);
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

  close(): void {
    for (const env of this.envs) env.close();
  }
}
