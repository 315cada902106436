/**
 * Off-policy storage for DQN: a circular buffer of transitions
 * `(s, a, r, s', terminated)` with uniform sampling (with replacement) from a
 * seeded stream. Observations are stored raw (unnormalised), so the agent can
 * normalise them with its current statistics when it samples. `s'` of a
 * truncated episode is its final observation and `terminated` is false, so
 * the target bootstraps through the time limit.
 */
import type { Rng } from '../envs/sim/rng.js';

export interface ReplayBatch {
  readonly observations: Float32Array[];
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly nextObservations: Float32Array[];
  readonly terminated: Float32Array;
}

export class ReplayBuffer {
  private readonly observations: Float32Array[];
  private readonly nextObservations: Float32Array[];
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly terminated: Uint8Array;
  private cursor = 0;
  /** Number of stored transitions (at most `capacity`). */
  size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ReplayBuffer: capacity ${capacity} is not a positive integer`);
    this.observations = new Array<Float32Array>(capacity);
    this.nextObservations = new Array<Float32Array>(capacity);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
  }

  add(obs: Float32Array, action: number, reward: number, nextObs: Float32Array, terminated: boolean): void {
    const k = this.cursor;
    this.observations[k] = obs;
    this.actions[k] = action;
    this.rewards[k] = reward;
    this.nextObservations[k] = nextObs;
    this.terminated[k] = terminated ? 1 : 0;
    this.cursor = (k + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** `batchSize` transitions drawn uniformly with replacement. */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    if (this.size === 0) throw new Error('ReplayBuffer: sample from an empty buffer');
    const observations: Float32Array[] = [];
    const nextObservations: Float32Array[] = [];
    const actions = new Int32Array(batchSize);
    const rewards = new Float32Array(batchSize);
    const terminated = new Float32Array(batchSize);
    for (let j = 0; j < batchSize; j++) {
      const k = rng.int(this.size);
      observations.push(this.observations[k]!);
      nextObservations.push(this.nextObservations[k]!);
      actions[j] = this.actions[k]!;
      rewards[j] = this.rewards[k]!;
      terminated[j] = this.terminated[k]!;
    }
    return { observations, actions, rewards, nextObservations, terminated };
  }
}
