import { describe, expect, it } from 'vitest';
import { RolloutBuffer } from '../../agents/rollout-buffer.js';

function filled(): RolloutBuffer {
  // One env, 4 steps; the episode ends after step 1 (index 1).
  const b = new RolloutBuffer(4, 1);
  const rewards = [1, 2, 3, 4];
  const values = [0.5, 0.25, 1, 2];
  const ends = [false, true, false, false];
  rewards.forEach((r, t) => b.add(new Float32Array([t]), new Float32Array([0]), 0, r, values[t]!, ends[t]!));
  return b;
}

describe('RolloutBuffer', () => {
  it('GAE with lambda = 1 gives bootstrapped returns-to-go minus V, cut at episode ends', () => {
    const g = 0.9;
    const { advantages, returns } = filled().computeGae(new Float32Array([10]), g, 1);
    const expected = [1 + g * 2, 2, 3 + g * (4 + g * 10), 4 + g * 10];
    expected.forEach((e, t) => expect(returns[t]).toBeCloseTo(e, 5));
    expect(advantages[0]).toBeCloseTo(expected[0]! - 0.5, 5);
    expect(Array.from(filled().computeReturns(new Float32Array([10]), g)).map((x) => +x.toFixed(4))).toEqual(expected.map((x) => +x.toFixed(4)));
  });

  it('GAE with lambda = 0 gives one-step TD errors', () => {
    const g = 0.9;
    const { advantages } = filled().computeGae(new Float32Array([10]), g, 0);
    const td = [1 + g * 0.25 - 0.5, 2 - 0.25, 3 + g * 2 - 1, 4 + g * 10 - 2];
    td.forEach((e, t) => expect(advantages[t]).toBeCloseTo(e, 5));
  });
});
