/**
 * Every registered environment has a family profile, with baselines that run
 * on it, an exact evaluator or the reason there is none, and headline metrics
 * that its info really carries.
 */
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { listEnvs, make, makeParallel } from '../../envs/core/registry.js';
import { ENV_FAMILIES, envFamily, exactEvaluator, familyAgentDefaults, familyBaselines } from '../../experiments/env-families.js';
import { resolveAlgoConfig, validateTrainOptions } from '../../experiments/train-run.js';
import type { AlgoName } from '../../agents/agent.js';
import { RegretEvaluator } from '../../experiments/regret.js';

describe('environment families', () => {
  it('cover every registered environment, each once', () => {
    // Test files register their own envs in the test/ namespace (vitest may share a worker).
    const ids = listEnvs().map((s) => s.id).filter((id) => !id.startsWith('test/'));
    for (const id of ids) expect(envFamily(id), id).toBeDefined();
    const listed = ENV_FAMILIES.flatMap((f) => f.envs);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...ids].sort());
  });

  it('the one-shot families have the exact evaluator up to three nodes; the others say why not', () => {
    expect(exactEvaluator('LB-OneShot-v0', {})).toBeInstanceOf(RegretEvaluator);
    expect(exactEvaluator('LB-OneShot-v0', { scenario: 'hetero-4' })).toMatch(/up to 3 nodes/);
    expect(exactEvaluator('LB-OneShot-v0', { scenario: 'hetero-3' })).toBeInstanceOf(RegretEvaluator);
    expect(exactEvaluator('LB-MultiAgent-v0', { scenario: 'hetero-3' })).toBeInstanceOf(RegretEvaluator);
    expect(exactEvaluator('LB-MultiAgent-v0', {})).toMatch(/up to 3 nodes/);
    expect(exactEvaluator('LB-Dispatch-v0', {})).toMatch(/one-shot/);
    expect(exactEvaluator('No-Such-v0', {})).toMatch(/no exact optimum is known for No-Such-v0/);
  });

  for (const family of ENV_FAMILIES.filter((f) => f.headline !== undefined)) {
    it(`${family.name}: the headline metrics are in the final info, and the baselines step the env`, () => {
      for (const id of family.envs) {
        const baselines = familyBaselines(id, { envKwargs: {}, names: undefined, seed: 1, bestFixedEpisodes: 1 });
        expect(baselines.length).toBeGreaterThan(0);
        const b = baselines[0]!;
        let info: Record<string, unknown>;
        if (listEnvs('parallel').some((s) => s.id === id)) {
          const env = makeParallel<Float32Array, Float32Array>(id, { kwargs: b.envKwargs ?? {} });
          const { observations } = env.reset({ seed: 1 });
          const actions = Object.fromEntries(env.agents.map((a) => [a, b.policy.act(observations[a]!)]));
          const s = env.step(actions);
          info = s.infos[env.possibleAgents[0]!] ?? {};
        } else {
          const env = make<Float32Array, Float32Array>(id, { kwargs: b.envKwargs ?? {} });
          const { observation } = env.reset({ seed: 1 });
          info = env.step(b.policy.act(observation)).info;
        }
        for (const c of family.headline!.columns) expect(typeof info[c.key], `${id}: ${c.key}`).toBe('number');
      }
    });
  }

  it('an environment without a family has no baselines (a usage error naming it)', () => {
    expect(() => familyBaselines('No-Such-v0', { envKwargs: {}, names: undefined, seed: 1, bestFixedEpisodes: 1 })).toThrow(/envId: no baselines are known for No-Such-v0/);
  });

  it("tuned agent defaults sit between the algorithm's defaults and the user's config, and are valid configs", () => {
    const base = { algo: 'ppo' as const, config: { seed: 1 } };
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0' }).config['numSteps']).toBe(1024);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0', config: { numSteps: 64 } }).config['numSteps']).toBe(64);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0', envKwargs: { reward: 'completion' } }).config['numSteps']).toBe(1024);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0', envKwargs: { reward: 'fair-completion' } }).config['numSteps']).toBe(2048);
    expect(validateTrainOptions({ ...base, envId: 'LB-Dispatch-v0' }).config['numSteps']).toBe(2048);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0', envKwargs: { reward: 'fair-completion' } }).config['learningRate']).toBe(0.001);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0', envKwargs: { reward: 'fair-completion' }, config: { learningRate: 3e-4 } }).config['learningRate']).toBe(3e-4);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0', envKwargs: { reward: 'jain-finish' } }).config['learningRate']).toBe(3e-4);
    expect(validateTrainOptions({ ...base, envId: 'LB-OneShot-v0' }).config['learningRate']).toBe(3e-4);
    expect(familyAgentDefaults('LB-OneShot-v0', 'reinforce', {})).toEqual({});
    for (const f of ENV_FAMILIES) {
      for (const [algo, fields] of (f.agentDefaults ?? []).flatMap((t) => Object.entries(t.algos))) {
        const resolved = resolveAlgoConfig(algo as AlgoName, { ...fields });
        for (const [k, v] of Object.entries(fields)) expect(resolved[k], `${f.name} ${algo}.${k}`).toEqual(v);
      }
    }
  });
});
