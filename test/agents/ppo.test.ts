import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { PPOAgent, type PPOConfig } from '../../agents/ppo.js';
import { EnvRunner } from '../../agents/env-runner.js';
import { train } from '../../agents/train.js';
import { BANDIT_OPTIMUM, ChainWalk, ContextualBandit, ContinuousBandit, contextTarget } from './bandits.js';

const SMALL: Partial<PPOConfig> = { numSteps: 64, numMinibatches: 2, updateEpochs: 10, learningRate: 3e-3, hiddenSizes: [32, 32], seed: 3 };

beforeAll(async () => {
  await initBackend('wasm');
});

describe('PPO', () => {
  it('finds the optimum 0.7 of the one-step bandit -(a - 0.7)^2 to within 0.03', async () => {
    const { agent, history } = await train(() => new ContinuousBandit(), 'ppo', { ...SMALL, totalSteps: 64 * 40 });
    const a = agent.act(new Float32Array([0]), { deterministic: true })[0]!;
    expect(Math.abs(a - BANDIT_OPTIMUM)).toBeLessThan(0.03);
    expect(history.at(-1)!.episodicReturn!).toBeGreaterThan(-0.01);
    agent.dispose();
  });

  it('learns a context-dependent action (target 0.2 + 0.6 c) to within 0.06', async () => {
    const { agent, history } = await train(() => new ContextualBandit(), 'ppo', { ...SMALL, totalSteps: 64 * 60, numEnvs: 2, numSteps: 32 });
    for (const c of [0.1, 0.5, 0.9]) {
      expect(Math.abs(agent.act(new Float32Array([c]), { deterministic: true })[0]! - contextTarget(c))).toBeLessThan(0.06);
    }
    // info keys of finished episodes are averaged into the metrics (stochastic actions: exploration noise included)
    expect(history.at(-1)!.info.absError).toBeLessThan(0.2);
    agent.dispose();
  });

  it('runs multi-step episodes with truncation (GAE path) and improves the return', async () => {
    const { agent, history } = await train(() => new ChainWalk(5, 20), 'ppo', { ...SMALL, totalSteps: 64 * 25, numEnvs: 2, numSteps: 32 });
    const first = history.find((m) => m.episodicReturn !== undefined)!.episodicReturn!;
    const last = history.at(-1)!;
    expect(last.episodeLength!).toBeGreaterThan(1);
    expect(last.episodicReturn!).toBeGreaterThan(first);
    expect(last.episodicReturn!).toBeGreaterThan(0.9);
    agent.dispose();
  });

  it('gives identical losses for the same seed', async () => {
    const run = async () => (await train(() => new ContextualBandit(), 'ppo', { ...SMALL, totalSteps: 64 * 3 })).history.map((m) => [m.policyLoss, m.valueLoss, m.approxKl]);
    const [a, b] = [await run(), await run()];
    expect(b).toEqual(a);
  });

  it('leaks no tensors: the count after 1 update equals the count after 50', () => {
    const env = new ContinuousBandit();
    const agent = PPOAgent.create(env, { numSteps: 8, numMinibatches: 2, updateEpochs: 1, seed: 1 });
    const runner = new EnvRunner([env], 1);
    const ctx = (u: number) => ({ update: u, numUpdates: 50, globalStep: 0, totalSteps: 400 });
    agent.iterate(runner, ctx(1));
    const after1 = tf.memory().numTensors;
    for (let u = 2; u <= 50; u++) agent.iterate(runner, ctx(u));
    agent.act(new Float32Array([0]));
    expect(tf.memory().numTensors).toBe(after1);
    agent.dispose();
  });

  it('acts identically after save/load, and resumes with the same optimizer and rng state', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-ppo-')), 'agent');
    const { agent } = await train(() => new ContextualBandit(), 'ppo', { ...SMALL, totalSteps: 64 * 3 });
    await agent.save(dir);
    const loaded = await PPOAgent.load(dir);
    expect(loaded.updates).toBe(3);
    for (const c of [0, 0.3, 0.8]) {
      const obs = new Float32Array([c]);
      expect(Array.from(loaded.act(obs, { deterministic: true }))).toEqual(Array.from(agent.act(obs, { deterministic: true })));
    }
    // Same rng streams: stochastic actions agree too (both advanced equally above).
    expect(Array.from(loaded.act(new Float32Array([0.5])))).toEqual(Array.from(agent.act(new Float32Array([0.5]))));
    // One more update from the same state gives the same losses, up to float32 rounding:
    // tfjs restores Adam's beta^t by pow() where training multiplied it step by step.
    const ctx = { update: 4, numUpdates: 10, globalStep: 192, totalSteps: 640 };
    const s1 = agent.iterate(new EnvRunner([new ContextualBandit()], 9), ctx);
    const s2 = loaded.iterate(new EnvRunner([new ContextualBandit()], 9), ctx);
    expect(s2.policyLoss!).toBeCloseTo(s1.policyLoss!, 6);
    expect(s2.valueLoss!).toBeCloseTo(s1.valueLoss!, 6);
    agent.dispose();
    loaded.dispose();
  });
});
