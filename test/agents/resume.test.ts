/**
 * Resume equivalence: N updates in one go vs N/2, save, resume, N/2 more on
 * LB-OneShot-v0 give the same metrics (bit for bit on wasm), for PPO (saved
 * from onUpdate) and DQN (saved after train() returns; replay buffer included),
 * and MAPPO on LB-MultiAgent-v0. A non-checkpointable env falls back to
 * re-seeding with a warning.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { initBackend } from '../../agents/backend.js';
import { train } from '../../agents/train.js';
import { comparable } from '../helpers/train-history.js';
import { RUNNER_JSON } from '../../agents/agent.js';
import { REPLAY_BIN } from '../../agents/dqn.js';
import { make } from '../../envs/core/registry.js';
import { DiscretizeAction } from '../../envs/core/wrappers/transform-action.js';
import type { Env } from '../../envs/core/env.js';
import { ContextualBandit } from './bandits.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function tmp(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'lbgym-resume-')), name);
}


describe('resume equivalence', () => {
  it('PPO: 6 updates in one go equal 3 + save (in onUpdate) + resume + 3, exactly', async () => {
    const cfg = { totalSteps: 6 * 2 * 32, numEnvs: 2, numSteps: 32, numMinibatches: 4, updateEpochs: 2, hiddenSizes: [16, 16], seed: 5 };
    const full = await train('LB-OneShot-v0', 'ppo', cfg);
    const dir = tmp('ppo');
    let n = 0;
    const first = await train('LB-OneShot-v0', 'ppo', cfg, {
      shouldStop: () => n >= 3,
      onUpdate: async (_m, agent) => {
        n += 1;
        await agent.save(dir);
      },
    });
    expect(first.stopped).toBe(true);
    expect(existsSync(join(dir, RUNNER_JSON))).toBe(true);
    const warnings: string[] = [];
    const resumed = await train('LB-OneShot-v0', 'ppo', cfg, { onWarning: (w) => warnings.push(w) }, { resumeFrom: dir });
    expect(resumed.resumeMode).toBe('exact');
    expect(warnings).toEqual([]);
    expect(resumed.history.map((m) => m.update)).toEqual([4, 5, 6]);
    expect(comparable(resumed.history)).toEqual(comparable(full.history.slice(3)));
    expect(comparable(first.history)).toEqual(comparable(full.history.slice(0, 3)));
    // Control: without runner.json the envs are re-seeded and the metrics differ.
    const bare = tmp('ppo-bare');
    cpSync(dir, bare, { recursive: true });
    rmSync(join(bare, RUNNER_JSON));
    const reseeded = await train('LB-OneShot-v0', 'ppo', cfg, { onWarning: (w) => warnings.push(w) }, { resumeFrom: bare });
    expect(reseeded.resumeMode).toBe('reseeded');
    expect(reseeded.history[0]!.episodicReturn).not.toBe(full.history[3]!.episodicReturn);
    for (const r of [full, first, resumed, reseeded]) r.agent.dispose();
  });

  it('DQN: replay buffer and runner saved after train() returns; resumed metrics equal, exactly', async () => {
    const env = () => new DiscretizeAction(make<Float32Array, Float32Array>('LB-OneShot-v0'), 4) as Env<Float32Array, number>;
    const cfg = { totalSteps: 12 * 2 * 5, numEnvs: 2, trainFrequency: 5, learningStarts: 30, bufferSize: 50, batchSize: 16, targetNetworkFrequency: 20, hiddenSizes: [16], seed: 3 };
    const full = await train(env, 'dqn', cfg);
    const dir = tmp('dqn');
    let n = 0;
    const first = await train(env, 'dqn', cfg, { shouldStop: () => n++ >= 6 });
    expect(first.history.length).toBe(6);
    await first.agent.save(dir);
    expect(existsSync(join(dir, REPLAY_BIN))).toBe(true);
    const resumed = await train(env, 'dqn', cfg, {}, { resumeFrom: dir });
    expect(resumed.resumeMode).toBe('exact');
    expect(resumed.history.map((m) => m.update)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(resumed.history.every((m) => m.valueLoss !== undefined)).toBe(true);
    expect(comparable(resumed.history)).toEqual(comparable(full.history.slice(6)));
    full.agent.dispose();
    first.agent.dispose();
    resumed.agent.dispose();
  });

  it('MAPPO: resumed metrics on LB-MultiAgent-v0 equal the uninterrupted run, exactly', async () => {
    const cfg = { totalSteps: 4 * 2 * 16, numEnvs: 2, numSteps: 16, numMinibatches: 4, updateEpochs: 2, hiddenSizes: [16], seed: 2 };
    const full = await train('LB-MultiAgent-v0', 'mappo', cfg);
    const dir = tmp('mappo');
    const first = await train('LB-MultiAgent-v0', 'mappo', cfg, { onUpdate: async (m, agent) => (m.update === 2 ? agent.save(dir) : undefined) });
    const resumed = await train('LB-MultiAgent-v0', 'mappo', cfg, {}, { resumeFrom: dir });
    expect(resumed.resumeMode).toBe('exact');
    expect(comparable(resumed.history)).toEqual(comparable(full.history.slice(2)));
    for (const r of [full, first, resumed]) r.agent.dispose();
  });

  it('falls back to re-seeding, with a warning, when an env is not checkpointable', async () => {
    const cfg = { totalSteps: 4 * 16, numSteps: 16, numMinibatches: 2, updateEpochs: 1, seed: 1 };
    const dir = tmp('bandit');
    const first = await train(() => new ContextualBandit(), 'ppo', cfg, { onUpdate: async (m, agent) => (m.update === 2 ? agent.save(dir) : undefined) });
    expect(existsSync(join(dir, RUNNER_JSON))).toBe(false);
    const warnings: string[] = [];
    const resumed = await train(() => new ContextualBandit(), 'ppo', cfg, { onWarning: (w) => warnings.push(w) }, { resumeFrom: dir });
    expect(resumed.resumeMode).toBe('reseeded');
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/re-seeded environments.*no runner\.json/);
    expect(resumed.history.map((m) => m.update)).toEqual([3, 4]);
    first.agent.dispose();
    resumed.agent.dispose();
  });
});
