/** Gymnasium's seeding rule, shared by every environment, and the one step-before-reset error. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENV_SEED, resetSeed, stepBeforeReset, streamsForReset } from '../../envs/core/seeding.js';
import { DispatchEnv } from '../../envs/dispatch-env.js';
import { DynamicEnv } from '../../envs/dynamic-env.js';
import { OneShotEnv } from '../../envs/one-shot-env.js';
import { ParkLoadBalanceEnv } from '../../envs/park-env.js';

describe('seeding', () => {
  it('a seed re-seeds, no seed continues, the first reset without one uses the default', () => {
    expect(resetSeed({ seed: 5 }, true)).toBe(5);
    expect(resetSeed({}, true)).toBeUndefined();
    expect(resetSeed({}, false)).toBe(DEFAULT_ENV_SEED);
    const made: number[] = [];
    const create = (s: number) => (made.push(s), { s });
    const current = { s: 9 };
    expect(streamsForReset({}, current, create)).toBe(current);
    expect(streamsForReset({ seed: 3 }, current, create)).toEqual({ s: 3 });
    expect(streamsForReset({}, undefined, create)).toEqual({ s: DEFAULT_ENV_SEED });
    expect(made).toEqual([3, DEFAULT_ENV_SEED]);
  });

  it('every environment: the first reset without a seed is reset({seed: 0}); step before reset is the one error', () => {
    const envs = [() => new OneShotEnv(), () => new DispatchEnv(), () => new DynamicEnv(), () => new ParkLoadBalanceEnv()];
    for (const make of envs) {
      const a = make();
      const b = make();
      expect(Array.from(a.reset().observation)).toEqual(Array.from(b.reset({ seed: DEFAULT_ENV_SEED }).observation));
      const fresh = make();
      const name = stepBeforeReset('X').message.replace(/^X/, '');
      expect(() => fresh.step(fresh.actionSpace.sample() as never)).toThrow(name);
    }
  });
});
