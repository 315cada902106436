/**
 * SAC (agents/sac.ts): it solves a contextual bandit with a known optimum,
 * keeps the tensor count flat, is deterministic, saves and loads to identical
 * actions, resumes exactly (replay buffer, three optimizers, alpha, rng
 * states), and trains one learner per agent on a multi-agent env. Small
 * networks and batches keep each case to a few seconds.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { initBackend, tf } from '../../agents/backend.js';
import { train } from '../../agents/train.js';
import { comparable } from '../helpers/train-history.js';
import { SACAgent, SAC_DEFAULTS, type SACConfig } from '../../agents/sac.js';
import { loadAgent } from '../../agents/load-agent.js';
import { makeParallel } from '../../envs/core/registry.js';
import { Rng } from '../../envs/sim/rng.js';
import { ContextualBandit, ContinuousBandit, contextTarget } from './bandits.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function tmp(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'lbgym-sac-')), name);
}


/** A small, quick SAC. */
const SMALL: Partial<SACConfig> = { hiddenSizes: [16, 16], batchSize: 32, learningStarts: 64, bufferSize: 2000, trainFrequency: 2, gradientSteps: 2, seed: 4 };

function weights(agent: SACAgent): number[][] {
  return agent.learners.flatMap((l) => Object.values(l.nets).flatMap((net) => net.getWeights().map((w: tf.Tensor) => Array.from(w.dataSync()))));
}

describe('SAC', () => {
  it('solves the contextual bandit: the deterministic action is within 0.05 of the optimum 0.2 + 0.6 c (the untrained one is 0.3 away at the ends)', async () => {
    const untrained = SACAgent.create(new ContextualBandit(), SMALL);
    expect(Math.abs(untrained.act(Float32Array.of(1), { deterministic: true })[0]! - contextTarget(1))).toBeGreaterThan(0.25);
    untrained.dispose();
    const cfg: Partial<SACConfig> = { ...SMALL, hiddenSizes: [32, 32], batchSize: 64, totalSteps: 700, learningStarts: 100, policyLr: 0.003, qLr: 0.003, alpha: 0.02, seed: 1 };
    const { agent, history } = await train(() => new ContextualBandit(), 'sac', cfg);
    for (const c of [0, 0.25, 0.5, 0.75, 1]) expect(Math.abs(agent.act(Float32Array.of(c), { deterministic: true })[0]! - contextTarget(c)), `c = ${c}`).toBeLessThan(0.05);
    // The logged figures: the twin losses, the actor's loss, alpha (tuned down from 0.02), finite.
    const last = history[history.length - 1]!;
    for (const k of ['qf1Loss', 'qf2Loss', 'actorLoss', 'alpha', 'valueLoss', 'qValue'] as const) expect(Number.isFinite(last[k])).toBe(true);
    expect(last.alpha!).toBeLessThan(0.02);
    expect(history[0]!.qf1Loss).toBeUndefined(); // no update before learningStarts
    // Each stored transition carries the observation it acted on.
    const batch = agent.learners[0]!.replay.sample(64, new Rng(1));
    batch.observations.forEach((o, j) => expect(batch.rewards[j]).toBeCloseTo(-((0.5 * (batch.actionVectors[j]![0]! + 1) - contextTarget(o[0]!)) ** 2), 5));
    agent.dispose();
  });

  it('keeps the tensor count flat over many updates', async () => {
    const counts: number[] = [];
    const { agent } = await train('LB-OneShot-v0', 'sac', { ...SMALL, totalSteps: 64 + 2 * 60 }, { onUpdate: (m) => void (m.qf1Loss !== undefined && counts.push(tf.memory().numTensors)) });
    expect(counts.length).toBeGreaterThan(50);
    expect(new Set(counts.slice(2)).size).toBe(1);
    agent.dispose();
  });

  it('is deterministic: the same seed gives identical losses and actions; another seed differs', async () => {
    const cfg = { ...SMALL, totalSteps: 64 + 2 * 20 };
    const [a, b, c] = [await train('LB-OneShot-v0', 'sac', cfg), await train('LB-OneShot-v0', 'sac', cfg), await train('LB-OneShot-v0', 'sac', { ...cfg, seed: 5 })];
    expect(comparable(b.history)).toEqual(comparable(a.history));
    expect(weights(b.agent)).toEqual(weights(a.agent));
    expect(c.history.map((m) => m.qf1Loss)).not.toEqual(a.history.map((m) => m.qf1Loss));
    for (const r of [a, b, c]) r.agent.dispose();
  });

  it('save/load gives identical deterministic and sampled actions, and loads through loadAgent', async () => {
    const { agent } = await train('LB-OneShot-v0', 'sac', { ...SMALL, totalSteps: 64 + 2 * 10 });
    const dir = tmp('model');
    await agent.save(dir);
    for (const f of ['actor', 'qf1', 'qf2', 'qf1-target', 'qf2-target', 'optimizer.bin', 'optimizer-actor.bin', 'optimizer-alpha.bin', 'replay.bin']) expect(existsSync(join(dir, f)), f).toBe(true);
    const loaded = (await loadAgent(dir)) as SACAgent;
    expect(loaded).toBeInstanceOf(SACAgent);
    expect(weights(loaded)).toEqual(weights(agent));
    expect(loaded.learners[0]!.alpha).toBe(agent.learners[0]!.alpha);
    const rng = new Rng(9);
    for (let i = 0; i < 20; i++) {
      const obs = Float32Array.of(rng.uniform(), rng.uniform());
      expect(loaded.act(obs, { deterministic: true })).toEqual(agent.act(obs, { deterministic: true }));
      expect(loaded.act(obs)).toEqual(agent.act(obs));
    }
    agent.dispose();
    loaded.dispose();
  });

  it('acts in the Box: tanh-squashed actions rescaled to [0, 1] x [0, 10]', () => {
    const agent = SACAgent.create(makeParallel<Float32Array, Float32Array>('LB-MultiAgent-v0'), SMALL);
    const rng = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const a = agent.actAs(i % 4, Float32Array.of(rng.uniform(), rng.uniform()));
      expect(a[0]).toBeGreaterThanOrEqual(0);
      expect(a[0]).toBeLessThanOrEqual(1);
      expect(a[1]).toBeGreaterThanOrEqual(0);
      expect(a[1]).toBeLessThanOrEqual(10);
    }
    expect(() => agent.act(Float32Array.of(0, 0))).toThrow(/use actAs/);
    agent.dispose();
  });

  it('resumes exactly: N/2 updates, save, resume N/2 equal N in one go (losses, weights, replay, alpha)', async () => {
    // 4 steps per update; learning from update 16 on.
    const cfg = { ...SMALL, totalSteps: 4 * 40, numEnvs: 2 };
    const full = await train('LB-OneShot-v0', 'sac', cfg);
    const dir = tmp('resume');
    const first = await train('LB-OneShot-v0', 'sac', cfg, { onUpdate: async (m, agent) => (m.update === 24 ? agent.save(dir) : undefined) });
    const resumed = await train('LB-OneShot-v0', 'sac', cfg, {}, { resumeFrom: dir });
    expect(resumed.resumeMode).toBe('exact');
    expect(resumed.history[0]!.update).toBe(25);
    expect(resumed.history.every((m) => m.qf1Loss !== undefined)).toBe(true);
    expect(comparable(resumed.history)).toEqual(comparable(full.history.slice(24)));
    expect(weights(resumed.agent)).toEqual(weights(full.agent));
    expect(resumed.agent.learners[0]!.alpha).toBe(full.agent.learners[0]!.alpha);
    for (const r of [full, first, resumed]) r.agent.dispose();
  });

  it('trains one independent learner per dispatcher on LB-DispatchMulti-v0 with the shared reward', async () => {
    const { agent, history } = await train('LB-DispatchMulti-v0', 'sac', { ...SMALL, totalSteps: 64 + 2 * 4 });
    expect(agent.learners.length).toBe(2);
    expect(agent.agentIds).toEqual(makeParallel('LB-DispatchMulti-v0').possibleAgents);
    expect(history[history.length - 1]!.qf1Loss).toBeDefined();
    const [w0, w1] = agent.learners.map((l) => Array.from(l.nets.actor.getWeights()[0]!.dataSync()));
    expect(w1).not.toEqual(w0);
    // Each learner's replay holds its own dispatcher's transitions, one per environment step.
    expect(agent.learners.map((l) => l.replay.size)).toEqual([72, 72]);
    agent.dispose();
  });

  it('resumes a multi-agent SAC exactly (LB-MultiAgent-v0, four learners)', async () => {
    const cfg = { ...SMALL, totalSteps: 64 + 2 * 6 };
    const full = await train('LB-MultiAgent-v0', 'sac', cfg);
    const dir = tmp('multi');
    const first = await train('LB-MultiAgent-v0', 'sac', cfg, { onUpdate: async (m, agent) => (m.update === 34 ? agent.save(dir) : undefined) });
    for (const f of ['actor-0', 'actor-3', 'replay-0.bin', 'replay-3.bin', 'optimizer-q-1.bin', 'optimizer-actor-3.bin', 'optimizer-alpha-0.bin']) expect(existsSync(join(dir, f)), f).toBe(true);
    const resumed = await train('LB-MultiAgent-v0', 'sac', cfg, {}, { resumeFrom: dir });
    expect(resumed.resumeMode).toBe('exact');
    expect(comparable(resumed.history)).toEqual(comparable(full.history.slice(34)));
    expect(weights(resumed.agent)).toEqual(weights(full.agent));
    const obs = Float32Array.of(0.3, 0.6);
    expect(resumed.agent.actAs(2, obs, { deterministic: true })).toEqual(full.agent.actAs(2, obs, { deterministic: true }));
    for (const r of [full, first, resumed]) r.agent.dispose();
  });

  it('refuses bad config values, naming the field', () => {
    const env = new ContinuousBandit();
    expect(() => SACAgent.create(env, { tau: 1.5 })).toThrow(/sac config: field 'tau' = 1.5 is above the maximum 1/);
    expect(() => SACAgent.create(env, { policyFrequency: 0 })).toThrow(/field 'policyFrequency' = 0 is below the minimum 1/);
    expect(() => SACAgent.create(env, { alpha: -1 })).toThrow(/field 'alpha'/);
    expect(SAC_DEFAULTS.autotune).toBe(true);
  });
});
