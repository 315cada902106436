import { describe, expect, it } from 'vitest';
import { DynamicEnv } from '../../envs/dynamic-env.js';

/** `meanResponseTime` is the mean since reset; `intervalResponseTime` the epoch's. */
describe('LB-Dynamic-v0 response-time info', () => {
  const failures = { rate: 0.05, recoveryRate: 0.2, mode: 'hold' as const };

  it('meanResponseTime is the completion-weighted mean of the epochs since reset', () => {
    const env = new DynamicEnv({ failures, trigger: 'arrival' });
    for (const seed of [1, 2]) {
      env.reset({ seed });
      let weighted = 0;
      let completed = 0;
      for (let t = 0; t < 60; t++) {
        const { info } = env.step(Float32Array.of(1, (t % 3) * 0.5));
        const c = info['completed'] as number;
        const interval = info['intervalResponseTime'] as number | null;
        if (c === 0) expect(interval).toBeNull();
        else {
          expect(interval).toBeGreaterThan(0);
          weighted += (interval as number) * c;
          completed += c;
        }
        if (completed === 0) expect(info['meanResponseTime']).toBeNull();
        else expect(info['meanResponseTime'] as number).toBeCloseTo(weighted / completed, 9);
      }
      expect(completed).toBeGreaterThan(100);
      // reset starts the mean afresh (checked on the next seed's first steps).
    }
  });

  it('starts afresh at reset and is null before the first completion', () => {
    const env = new DynamicEnv();
    env.reset({ seed: 3 });
    for (let t = 0; t < 30; t++) env.step(Float32Array.of(0, 0)); // no balancing: long sojourns
    const before = env.step(Float32Array.of(0, 0)).info['meanResponseTime'] as number;
    env.reset({ seed: 3 });
    const first = env.step(Float32Array.of(0, 0)).info;
    const c = first['completed'] as number;
    expect(first['meanResponseTime']).toBe(c === 0 ? null : first['intervalResponseTime']);
    expect(before).toBeGreaterThan(0);
  });
});
