import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../envs/core/checker.js';
import { make } from '../../envs/core/registry.js';
import { DynamicEnv, dynamicArrivalRates } from '../../envs/dynamic-env.js';
import { DYNAMIC_HORIZON, DYNAMIC_ID, registerDynamicEnvs } from '../../envs/dynamic-registration.js';

describe('LB-Dynamic-v0', () => {
  it('passes checkEnv with defaults, with failures (lose) and with arrival-triggered balancing', () => {
    checkEnv(new DynamicEnv());
    checkEnv(new DynamicEnv({ failures: { rate: 0.05, recoveryRate: 0.2, mode: 'lose' }, reward: 'variance', responseWeight: 1 }));
    checkEnv(new DynamicEnv({ trigger: 'arrival', scenario: 'wireless-lan', bursty: { meanOn: 2, meanOff: 4, multiplier: 5 } }));
  });

  it('defaults: hetero-4 at load 0.8, unevenly spread; spaces of 3 n^2 observations and [K, delay]', () => {
    const env = new DynamicEnv();
    expect(env.n).toBe(4);
    // capacity 1 + 1.5 + 2 + 3 = 7.5 tasks/s, load 0.8: 6 tasks/s in shares 0.4, 0.3, 0.2, 0.1.
    env.arrivalRates.forEach((r, i) => expect(r).toBeCloseTo([2.4, 1.8, 1.2, 0.6][i]!, 12));
    expect(env.observationSpace.size).toBe(48);
    expect(Array.from(env.actionSpace.high)).toEqual([1, 2]);
    expect(dynamicArrivalRates([1, 1], 0.5, [1, 3])).toEqual([0.25, 0.75]);
  });

  it('is deterministic per seed and reports the documented info', () => {
    const roll = (seed: number): unknown[] => {
      const env = new DynamicEnv({ failures: { rate: 0.05, recoveryRate: 0.3 } });
      const out: unknown[] = [env.reset({ seed }).observation];
      for (let t = 0; t < 20; t++) {
        const r = env.step(Float32Array.of((t % 4) / 3, (t % 5) * 0.4));
        out.push(r.observation, r.reward, r.info);
      }
      return out;
    };
    expect(roll(5)).toEqual(roll(5));
    expect(roll(5)).not.toEqual(roll(6));
    const env = new DynamicEnv();
    env.reset({ seed: 1 });
    const r = env.step(Float32Array.of(0.5, 0.5));
    for (const key of ['time', 'meanResponseTime', 'completed', 'lost', 'served', 'queued', 'inTransit', 'jainBacklog', 'backlog', 'up']) {
      expect(r.info).toHaveProperty(key);
    }
    expect(r.info['time']).toBe(2);
    expect(r.reward).toBe(r.info['jainBacklog']);
    expect(r.reward).toBeGreaterThan(0);
    expect(r.reward).toBeLessThanOrEqual(1);
    expect(r.terminated).toBe(false);
    expect(r.truncated).toBe(false);
  });

  it('balancing is fairer than none over an episode (Jain of speed-normalised backlog)', () => {
    const episodeReturn = (K: number): number => {
      const env = new DynamicEnv();
      env.reset({ seed: 3 });
      let ret = 0;
      for (let t = 0; t < 100; t++) ret += env.step(Float32Array.of(K, 0.5)).reward;
      return ret / 100;
    };
    const none = episodeReturn(0);
    const some = episodeReturn(0.5);
    expect(some).toBeGreaterThan(none + 0.1);
  });

  it('registers once; make() adds TimeLimit, which truncates at the horizon', () => {
    registerDynamicEnvs();
    registerDynamicEnvs();
    const env = make(DYNAMIC_ID, { maxEpisodeSteps: 3 });
    env.reset({ seed: 0 });
    const flags = [0, 1, 2].map(() => env.step(Float32Array.of(0.5, 1)).truncated);
    expect(flags).toEqual([false, false, true]);
    const full = make(DYNAMIC_ID);
    full.reset({ seed: 0 });
    let steps = 0;
    for (;;) {
      steps++;
      const r = full.step(Float32Array.of(0, 0));
      if (r.truncated || r.terminated) break;
    }
    expect(steps).toBe(DYNAMIC_HORIZON);
  });

  it('rejects bad kwargs and actions, naming them', () => {
    expect(() => new DynamicEnv({ reward: 'speed' as 'jain' })).toThrow(/reward/);
    expect(() => new DynamicEnv({ load: -1 })).toThrow(/load/);
    expect(() => new DynamicEnv({ arrivalShares: [1, 2] })).toThrow(/arrivalShares/);
    expect(() => new DynamicEnv({ queueScale: 0 })).toThrow(/queueScale/);
    const env = new DynamicEnv();
    expect(() => env.step(Float32Array.of(0.5, 0.5))).toThrow(/reset/);
    env.reset();
    expect(() => env.step(Float32Array.of(0.5, 3))).toThrow(/delay/);
    expect(() => env.step(Float32Array.of(Number.NaN, 0))).toThrow(/K/);
  });
});
