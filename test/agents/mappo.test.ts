/**
 * MAPPO: a two-agent cooperative bandit with a known optimum, tensor hygiene,
 * save/load, determinism, and a few updates on LB-MultiAgent-v0.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { initBackend, tf } from '../../agents/backend.js';
import { MAPPOAgent, MAPPO_DEFAULTS, type MAPPOConfig } from '../../agents/mappo.js';
import { ParallelEnvRunner } from '../../agents/parallel-env-runner.js';
import { train } from '../../agents/train.js';
import { loadAgent } from '../../agents/load-agent.js';
import { makeParallel } from '../../envs/core/registry.js';
import { Box } from '../../envs/core/spaces/box.js';
import type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from '../../envs/core/parallel-env.js';

const TARGETS = [0.3, 0.8];

/**
 * Two agents, one step, constant observation [0]; shared reward
 * -(a0 - 0.3)^2 - (a1 - 0.8)^2: only the agent id tells them apart.
 * With `withState`, state() is [1] (else the critic sees the concatenated observations).
 */
class TwoTargets implements ParallelEnv<Float32Array, Float32Array> {
  readonly possibleAgents = ['a0', 'a1'];
  agents: readonly AgentId[] = [];
  private readonly obs = new Box(-1, 1, [1]);
  private readonly act = new Box(0, 1, [1]);
  readonly state?: () => Float32Array;
  constructor(withState = false) {
    if (withState) this.state = () => Float32Array.of(1);
  }
  observationSpace(): Box {
    return this.obs;
  }
  actionSpace(): Box {
    return this.act;
  }
  reset(): ParallelResetResult<Float32Array> {
    this.agents = this.possibleAgents;
    return { observations: { a0: Float32Array.of(0), a1: Float32Array.of(0) }, infos: { a0: {}, a1: {} } };
  }
  step(actions: PerAgent<Float32Array>): ParallelStepResult<Float32Array> {
    const err = this.possibleAgents.map((id, i) => actions[id]![0]! - TARGETS[i]!);
    const reward = -err.reduce((s, e) => s + e * e, 0);
    this.agents = [];
    const per = <T>(v: T): PerAgent<T> => ({ a0: v, a1: v });
    return {
      observations: { a0: Float32Array.of(0), a1: Float32Array.of(0) },
      rewards: per(reward),
      terminations: per(true),
      truncations: per(false),
      infos: { a0: { absError: Math.abs(err[0]!) }, a1: { absError: Math.abs(err[1]!) } },
    };
  }
  close(): void {}
}

const SMALL: Partial<MAPPOConfig> = { numSteps: 64, numMinibatches: 2, updateEpochs: 10, learningRate: 3e-3, hiddenSizes: [32, 32], seed: 4 };

beforeAll(async () => {
  await initBackend('wasm');
});

describe('MAPPO', () => {
  it('solves the two-target cooperative bandit (0.3, 0.8) to within 0.05 per agent', async () => {
    for (const withState of [false, true]) {
      const { agent, history } = await train(() => new TwoTargets(withState), 'mappo', { ...SMALL, totalSteps: 64 * 40 });
      for (const [m, target] of TARGETS.entries()) {
        expect(Math.abs(agent.actAs(m, Float32Array.of(0), { deterministic: true })[0]! - target)).toBeLessThan(0.05);
      }
      expect(history.at(-1)!.episodicReturn!).toBeGreaterThan(-0.02);
      expect(history.at(-1)!.info.absError).toBeLessThan(0.15);
      agent.dispose();
    }
  });

  it('leaks no tensors: the count after 1 update equals the count after 50', () => {
    const env = new TwoTargets();
    const agent = MAPPOAgent.create(env, { numSteps: 8, numMinibatches: 2, updateEpochs: 1, seed: 1 });
    const runner = new ParallelEnvRunner([env], 1);
    const ctx = (u: number) => ({ update: u, numUpdates: 50, globalStep: 0, totalSteps: 400 });
    agent.iterate(runner, ctx(1));
    const after1 = tf.memory().numTensors;
    for (let u = 2; u <= 50; u++) agent.iterate(runner, ctx(u));
    agent.actAs('a1', Float32Array.of(0));
    expect(tf.memory().numTensors).toBe(after1);
    agent.dispose();
  });

  it('acts identically after save/load (deterministic and sampled), per agent and through act()', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-mappo-')), 'agent');
    const { agent } = await train(() => new TwoTargets(), 'mappo', { ...SMALL, totalSteps: 64 * 3 });
    await agent.save(dir);
    const loaded = await loadAgent(dir);
    expect(loaded).toBeInstanceOf(MAPPOAgent);
    const m = loaded as MAPPOAgent;
    expect(m.updates).toBe(3);
    expect(m.agentIds).toEqual(['a0', 'a1']);
    const obs = Float32Array.of(0);
    for (const id of ['a0', 'a1']) {
      expect(Array.from(m.actAs(id, obs, { deterministic: true }))).toEqual(Array.from(agent.actAs(id, obs, { deterministic: true })));
      expect(Array.from(m.forAgent(id).act(obs))).toEqual(Array.from(agent.forAgent(id).act(obs)));
    }
    // act() takes the local observation followed by the one-hot id.
    expect(Array.from(m.act(Float32Array.of(0, 0, 1), { deterministic: true }))).toEqual(Array.from(agent.actAs('a1', obs, { deterministic: true })));
    expect(Object.keys(m.actAll({ a0: obs, a1: obs }))).toEqual(['a0', 'a1']);
    expect(() => m.act(obs)).toThrow(/act observation length 1 != 3/);
    expect(() => m.act(Float32Array.of(0, 1, 1))).toThrow(/not a one-hot agent id/);
    expect(() => m.actAs('a9', obs)).toThrow(/unknown agent "a9"/);
    agent.dispose();
    m.dispose();
  });

  it('gives identical losses for the same seed', async () => {
    const run = async () => (await train(() => new TwoTargets(), 'mappo', { ...SMALL, totalSteps: 64 * 3 })).history.map((m) => [m.policyLoss, m.valueLoss, m.approxKl]);
    const [a, b] = [await run(), await run()];
    expect(b).toEqual(a);
  });

  it('trains on LB-MultiAgent-v0 (state() critic, 4 agents) for a few updates', async () => {
    const { agent, history } = await train('LB-MultiAgent-v0', 'mappo', { numSteps: 32, numEnvs: 2, numMinibatches: 4, updateEpochs: 2, totalSteps: 3 * 64, seed: 1 });
    expect(history.map((h) => h.update)).toEqual([1, 2, 3]);
    const last = history.at(-1)!;
    for (const key of ['policyLoss', 'valueLoss', 'entropy', 'episodicReturn'] as const) expect(Number.isFinite(last[key])).toBe(true);
    expect(last.episodes).toBe(64);
    expect(Number.isFinite(last.info.completionTime)).toBe(true);
    expect(agent.stateSize).toBe(8);
    expect(agent.agentIds).toEqual(['node0', 'node1', 'node2', 'node3']);
    // Evaluate per agent on the env.
    const env = makeParallel('LB-MultiAgent-v0');
    const { observations } = env.reset({ seed: 3 });
    const r = env.step(agent.actAll(observations, { deterministic: true }));
    expect(Object.keys(r.rewards)).toEqual(agent.agentIds);
    agent.dispose();
  });

  it('has documented defaults and rejects bad config and env mismatches by name', async () => {
    expect(MAPPO_DEFAULTS.agentIdObs).toBe(true);
    expect(MAPPO_DEFAULTS.centralCritic).toBe(true);
    expect(() => MAPPOAgent.create(new TwoTargets(), { clipCoef: -1 })).toThrow(/'clipCoef' = -1/);
    await expect(train('LB-OneShot-v0' as string, 'mappo')).rejects.toThrow(/single-agent env; use make/);
  });
});
