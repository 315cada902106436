/**
 * Off-policy storage for DQN and SAC: a circular buffer of transitions
 * `(s, a, r, s', terminated)` with uniform sampling (with replacement) from a
 * seeded stream. The action is a Discrete index (DQN, the default) or, for a
 * buffer built with `actionSize`, a float vector of that length (SAC). Observations are stored raw (unnormalised), so the agent can
 * normalise them with its current statistics when it samples. `s'` of a
 * truncated episode is its final observation and `terminated` is false, so
 * the target bootstraps through the time limit.
 *
 * {@link ReplayBuffer.toBytes} / {@link ReplayBuffer.fromBytes} serialise the
 * whole buffer (contents, cursor, size) for checkpoints: a little-endian
 * header of four uint32 (capacity, size, cursor, observation size), then the
 * `size` stored slots' observations, next observations (float32), actions
 * (int32; a continuous buffer: `actionSize` float32 per slot), rewards
 * (float32) and terminated flags (uint8), in slot order.
 */
import type { Rng } from '../envs/sim/rng.js';

export interface ReplayBatch {
  readonly observations: Float32Array[];
  /** Discrete actions (zeros in a continuous buffer). */
  readonly actions: Int32Array;
  /** Continuous actions (empty in a discrete buffer). */
  readonly actionVectors: Float32Array[];
  readonly rewards: Float32Array;
  readonly nextObservations: Float32Array[];
  readonly terminated: Float32Array;
}

export class ReplayBuffer {
  private readonly observations: Float32Array[];
  private readonly nextObservations: Float32Array[];
  private readonly actions: Int32Array;
  private readonly actionVectors: Float32Array[];
  private readonly rewards: Float32Array;
  private readonly terminated: Uint8Array;
  private cursor = 0;
  /** Number of stored transitions (at most `capacity`). */
  size = 0;

  /**
   * @param actionSize undefined: Discrete actions (one integer each);
   *   a positive integer: continuous actions of that length.
   */
  constructor(
    readonly capacity: number,
    readonly actionSize?: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ReplayBuffer: capacity ${capacity} is not a positive integer`);
    if (actionSize !== undefined && (!Number.isInteger(actionSize) || actionSize < 1)) throw new Error(`ReplayBuffer: actionSize ${actionSize} is not a positive integer`);
    this.observations = new Array<Float32Array>(capacity);
    this.nextObservations = new Array<Float32Array>(capacity);
    this.actions = new Int32Array(actionSize === undefined ? capacity : 0);
    this.actionVectors = new Array<Float32Array>(actionSize === undefined ? 0 : capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
  }

  /** Stores a transition; `action` is an integer (a Discrete buffer) or a vector of `actionSize` (a continuous one), kept by reference. */
  add(obs: Float32Array, action: number | Float32Array, reward: number, nextObs: Float32Array, terminated: boolean): void {
    const k = this.cursor;
    this.observations[k] = obs;
    if (typeof action === 'number') {
      if (this.actionSize !== undefined) throw new Error(`ReplayBuffer: a continuous buffer (actionSize ${this.actionSize}) got the discrete action ${action}`);
      this.actions[k] = action;
    } else {
      if (action.length !== this.actionSize) throw new Error(`ReplayBuffer: action of length ${action.length}, expected ${this.actionSize === undefined ? 'a discrete action' : `actionSize ${this.actionSize}`}`);
      this.actionVectors[k] = action;
    }
    this.rewards[k] = reward;
    this.nextObservations[k] = nextObs;
    this.terminated[k] = terminated ? 1 : 0;
    this.cursor = (k + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** The buffer as bytes (see the file comment). */
  /** Bytes per stored action. */
  private static actionBytes(actionSize: number | undefined): number {
    return actionSize === undefined ? 4 : 4 * actionSize;
  }

  toBytes(): Uint8Array {
    const n = this.size;
    const d = n > 0 ? this.observations[0]!.length : 0;
    const bytes = new Uint8Array(16 + n * (8 * d + ReplayBuffer.actionBytes(this.actionSize) + 5));
    const view = new DataView(bytes.buffer);
    [this.capacity, n, this.cursor, d].forEach((x, i) => view.setUint32(4 * i, x, true));
    let off = 16;
    for (const rows of [this.observations, this.nextObservations]) {
      for (let k = 0; k < n; k++) {
        const row = rows[k]!;
        if (row.length !== d) throw new Error(`ReplayBuffer.toBytes: observation ${k} has length ${row.length}, not ${d}`);
        for (let j = 0; j < d; j++, off += 4) view.setFloat32(off, row[j]!, true);
      }
    }
    if (this.actionSize === undefined) for (let k = 0; k < n; k++, off += 4) view.setInt32(off, this.actions[k]!, true);
    else {
      for (let k = 0; k < n; k++) {
        const row = this.actionVectors[k]!;
        for (let j = 0; j < row.length; j++, off += 4) view.setFloat32(off, row[j]!, true);
      }
    }
    for (let k = 0; k < n; k++, off += 4) view.setFloat32(off, this.rewards[k]!, true);
    bytes.set(this.terminated.subarray(0, n), off);
    return bytes;
  }

  /** A buffer restored from {@link toBytes}; throws if the bytes do not fit `capacity` (and `actionSize`, as constructed). */
  static fromBytes(bytes: Uint8Array, capacity: number, actionSize?: number): ReplayBuffer {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 16) throw new Error(`ReplayBuffer.fromBytes: ${bytes.byteLength} bytes is too short for the header`);
    const [cap, n, cursor, d] = [0, 1, 2, 3].map((i) => view.getUint32(4 * i, true)) as [number, number, number, number];
    if (cap !== capacity) throw new Error(`ReplayBuffer.fromBytes: saved capacity ${cap} != bufferSize ${capacity}`);
    if (n > cap || cursor >= cap || bytes.byteLength !== 16 + n * (8 * d + ReplayBuffer.actionBytes(actionSize) + 5)) {
      throw new Error(`ReplayBuffer.fromBytes: header (size ${n}, cursor ${cursor}, obs ${d}) does not fit ${bytes.byteLength} bytes`);
    }
    const buf = new ReplayBuffer(capacity, actionSize);
    let off = 16;
    for (const rows of [buf.observations, buf.nextObservations]) {
      for (let k = 0; k < n; k++) {
        const row = new Float32Array(d);
        for (let j = 0; j < d; j++, off += 4) row[j] = view.getFloat32(off, true);
        rows[k] = row;
      }
    }
    if (actionSize === undefined) for (let k = 0; k < n; k++, off += 4) buf.actions[k] = view.getInt32(off, true);
    else {
      for (let k = 0; k < n; k++) {
        const row = new Float32Array(actionSize);
        for (let j = 0; j < actionSize; j++, off += 4) row[j] = view.getFloat32(off, true);
        buf.actionVectors[k] = row;
      }
    }
    for (let k = 0; k < n; k++, off += 4) buf.rewards[k] = view.getFloat32(off, true);
    buf.terminated.set(bytes.subarray(off, off + n));
    buf.size = n;
    buf.cursor = cursor;
    return buf;
  }

  /** `batchSize` transitions drawn uniformly with replacement. */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    if (this.size === 0) throw new Error('ReplayBuffer: sample from an empty buffer');
    const observations: Float32Array[] = [];
    const nextObservations: Float32Array[] = [];
    const discrete = this.actionSize === undefined;
    const actions = new Int32Array(batchSize);
    const actionVectors: Float32Array[] = [];
    const rewards = new Float32Array(batchSize);
    const terminated = new Float32Array(batchSize);
    for (let j = 0; j < batchSize; j++) {
      const k = rng.int(this.size);
      observations.push(this.observations[k]!);
      nextObservations.push(this.nextObservations[k]!);
      if (discrete) actions[j] = this.actions[k]!;
      else actionVectors.push(this.actionVectors[k]!);
      rewards[j] = this.rewards[k]!;
      terminated[j] = this.terminated[k]!;
    }
    return { observations, actions, actionVectors, rewards, nextObservations, terminated };
  }
}
