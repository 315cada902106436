import { describe, expect, it } from 'vitest';
import { dynamicBaselines, fixedPolicy, noBalancingPolicy, repeatedOneShotPolicy } from '../../baselines/dynamic/index.js';
import { bestOneShotOnGrid } from '../../baselines/dynamic/one-shot-grid.js';
import { DynamicEnv } from '../../envs/dynamic-env.js';
import { preset } from '../../envs/sim/presets.js';

describe('dynamic baselines', () => {
  it('no-balancing and fixed return their constant actions', () => {
    const obs = new Float32Array(48);
    expect(Array.from(noBalancingPolicy().act(obs))).toEqual([0, 0]);
    expect(Array.from(fixedPolicy(0.5, 0.25).act(obs))).toEqual([0.5, 0.25]);
    expect(() => fixedPolicy(2, 0)).toThrow(/K/);
  });

  it('repeated one-shot reads the loads off the observation diagonal and asks the solver once per load vector', () => {
    const asked: number[][] = [];
    const policy = repeatedOneShotPolicy({
      n: 2,
      queueScale: 20,
      epoch: 2,
      solve: (loads) => {
        asked.push([...loads]);
        return { K: 0.6, tb: 5 };
      },
    });
    const env = new DynamicEnv({ scenario: 'wireless-lan', trigger: 'arrival', initialLoads: [40, 10] });
    const { observation } = env.reset({ seed: 1 });
    const a = policy.act(observation);
    expect(asked).toEqual([[40, 10]]);
    expect(a[0]).toBeCloseTo(0.6, 6);
    expect(a[1]).toBe(2); // t_b clipped to the epoch
    policy.act(observation);
    expect(asked.length).toBe(1);
    // Empty queues: repeat the previous action without asking.
    expect(Array.from(policy.act(new Float32Array(12)))).toEqual(Array.from(a));
    expect(asked.length).toBe(1);
  });

  it('the Monte-Carlo grid finds the lower-completion point of a tiny grid', () => {
    // Two nodes, (100, 50): balancing (K = 0.5) beats not balancing (K = 0).
    const r = bestOneShotOnGrid(preset('wireless-lan'), [100, 50], { KGrid: [0, 0.5], tbGrid: [1], episodes: 50 });
    expect(r.K).toBe(0.5);
    expect(r.mu).toBeGreaterThan(0);
  });

  it('dynamicBaselines lists the three policies, each running on LB-Dynamic-v0 with its env kwargs', () => {
    const scenario = preset('hetero-4');
    const list = dynamicBaselines(scenario, { grid: { episodes: 20, KGrid: [0.5, 1], tbGrid: [0.5] } });
    expect(list.map((b) => b.name)).toEqual(['no-balancing', 'fixed', 'repeated-one-shot']);
    expect(list[2]!.envKwargs).toEqual({ trigger: 'arrival' });
    for (const b of list) {
      const env = new DynamicEnv({ ...(b.envKwargs ?? {}) });
      let { observation } = env.reset({ seed: 2 });
      for (let t = 0; t < 10; t++) {
        const a = b.policy.act(observation);
        expect(env.actionSpace.contains(a)).toBe(true);
        observation = env.step(a).observation;
      }
    }
  });
});

describe('repeated one-shot on two nodes', () => {
  it('uses the exact regeneration optimum at the observed loads', () => {
    const list = dynamicBaselines(preset('wireless-lan'));
    const policy = list[2]!.policy;
    const env = new DynamicEnv({ scenario: 'wireless-lan', trigger: 'arrival', initialLoads: [40, 10] });
    const { observation } = env.reset({ seed: 1 });
    const a = policy.act(observation);
    // The exact optimum at (40, 10) balances nearly fully after a few mean communication delays (0.119 s).
    expect(a[0]).toBeGreaterThan(0.5);
    expect(a[1]).toBeGreaterThan(0.1);
    expect(a[1]).toBeLessThanOrEqual(2);
  });
});
