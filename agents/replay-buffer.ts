/**
 * Off-policy storage for DQN: a circular buffer of transitions
 * `(s, a, r, s', terminated)` with uniform sampling (with replacement) from a
 * seeded stream. Observations are stored raw (unnormalised), so the agent can
 * normalise them with its current statistics when it samples. `s'` of a
 * truncated episode is its final observation and `terminated` is false, so
 * the target bootstraps through the time limit.
 *
 * {@link ReplayBuffer.toBytes} / {@link ReplayBuffer.fromBytes} serialise the
 * whole buffer (contents, cursor, size) for checkpoints: a little-endian
 * header of four uint32 (capacity, size, cursor, observation size), then the
 * `size` stored slots' observations, next observations (float32), actions
 * (int32), rewards (float32) and terminated flags (uint8), in slot order.
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

  /** The buffer as bytes (see the file comment). */
  toBytes(): Uint8Array {
    const n = this.size;
    const d = n > 0 ? this.observations[0]!.length : 0;
    const bytes = new Uint8Array(16 + n * (8 * d + 9));
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
    for (let k = 0; k < n; k++, off += 4) view.setInt32(off, this.actions[k]!, true);
    for (let k = 0; k < n; k++, off += 4) view.setFloat32(off, this.rewards[k]!, true);
    bytes.set(this.terminated.subarray(0, n), off);
    return bytes;
  }

  /** A buffer restored from {@link toBytes}; throws if the bytes do not fit `capacity`. */
  static fromBytes(bytes: Uint8Array, capacity: number): ReplayBuffer {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 16) throw new Error(`ReplayBuffer.fromBytes: ${bytes.byteLength} bytes is too short for the header`);
    const [cap, n, cursor, d] = [0, 1, 2, 3].map((i) => view.getUint32(4 * i, true)) as [number, number, number, number];
    if (cap !== capacity) throw new Error(`ReplayBuffer.fromBytes: saved capacity ${cap} != bufferSize ${capacity}`);
    if (n > cap || cursor >= cap || bytes.byteLength !== 16 + n * (8 * d + 9)) {
      throw new Error(`ReplayBuffer.fromBytes: header (size ${n}, cursor ${cursor}, obs ${d}) does not fit ${bytes.byteLength} bytes`);
    }
    const buf = new ReplayBuffer(capacity);
    let off = 16;
    for (const rows of [buf.observations, buf.nextObservations]) {
      for (let k = 0; k < n; k++) {
        const row = new Float32Array(d);
        for (let j = 0; j < d; j++, off += 4) row[j] = view.getFloat32(off, true);
        rows[k] = row;
      }
    }
    for (let k = 0; k < n; k++, off += 4) buf.actions[k] = view.getInt32(off, true);
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
