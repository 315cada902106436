import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../agents/replay-buffer.js';
import { Rng } from '../../envs/sim/rng.js';

describe('ReplayBuffer bytes', () => {
  it('round-trips contents, size and cursor (wrapped around), so sampling continues identically', () => {
    const buf = new ReplayBuffer(5);
    for (let k = 0; k < 7; k++) buf.add(Float32Array.of(k, -k), k % 3, k / 10, Float32Array.of(k + 1, 0.5), k % 2 === 0);
    const copy = ReplayBuffer.fromBytes(buf.toBytes(), 5);
    expect(copy.size).toBe(5);
    expect(buf.toBytes().byteLength).toBe(16 + 5 * (8 * 2 + 9));
    const [a, b] = [buf.sample(20, new Rng(1)), copy.sample(20, new Rng(1))];
    expect(b).toEqual(a);
    // The cursor is restored: the next add overwrites the same slot in both.
    buf.add(Float32Array.of(9, 9), 2, 1, Float32Array.of(9, 9), true);
    copy.add(Float32Array.of(9, 9), 2, 1, Float32Array.of(9, 9), true);
    expect(copy.toBytes()).toEqual(buf.toBytes());
  });

  it('round-trips an empty buffer and rejects bytes that do not fit', () => {
    const empty = ReplayBuffer.fromBytes(new ReplayBuffer(3).toBytes(), 3);
    expect(empty.size).toBe(0);
    const bytes = new ReplayBuffer(3).toBytes();
    expect(() => ReplayBuffer.fromBytes(bytes, 4)).toThrow(/saved capacity 3 != bufferSize 4/);
    expect(() => ReplayBuffer.fromBytes(bytes.subarray(0, 8), 3)).toThrow(/too short/);
  });

  it('stores continuous actions (SAC) and round-trips them; a discrete action in a continuous buffer is refused', () => {
    const buf = new ReplayBuffer(4, 2);
    for (let k = 0; k < 6; k++) buf.add(Float32Array.of(k), Float32Array.of(k / 10, -k / 10), k, Float32Array.of(k + 1), k === 3);
    expect(buf.toBytes().byteLength).toBe(16 + 4 * (8 * 1 + 4 * 2 + 5));
    const copy = ReplayBuffer.fromBytes(buf.toBytes(), 4, 2);
    const [a, b] = [buf.sample(12, new Rng(2)), copy.sample(12, new Rng(2))];
    expect(b).toEqual(a);
    expect(a.actionVectors.map((v) => Math.round(v[0]! * 10))).toEqual(a.observations.map((o) => o[0]));
    expect(a.actionVectors.every((v) => v[1] === -v[0]!)).toBe(true);
    expect(() => buf.add(Float32Array.of(0), 1, 0, Float32Array.of(0), false)).toThrow(/continuous buffer \(actionSize 2\) got the discrete action 1/);
    expect(() => buf.add(Float32Array.of(0), Float32Array.of(1), 0, Float32Array.of(0), false)).toThrow(/action of length 1, expected actionSize 2/);
    expect(() => ReplayBuffer.fromBytes(buf.toBytes(), 4)).toThrow(/does not fit/);
  });
});
