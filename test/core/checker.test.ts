import { describe, expect, it } from 'vitest';
import { checkEnv, checkParallelEnv } from '../../envs/core/checker.js';
import type { Env } from '../../envs/core/env.js';
import { make, makeParallel, register, registerParallel } from '../../envs/core/registry.js';
import { FlattenObservation } from '../../envs/core/wrappers/transform-observation.js';
import { BanditEnv, BrokenEnv, CounterEnv, DictObsEnv, TwoAgentEnv, type Breakage } from './test-envs.js';

register('test/CheckCounter-v0', { entryPoint: () => new CounterEnv(5, true), maxEpisodeSteps: 3 });
registerParallel('test/CheckTwoAgent-v0', { entryPoint: () => new TwoAgentEnv(10), maxEpisodeSteps: 3 });

describe('checkEnv', () => {
  it('passes well-behaved envs, bare and made', () => {
    expect(() => checkEnv(new CounterEnv())).not.toThrow();
    expect(() => checkEnv(new BanditEnv())).not.toThrow();
    expect(() => checkEnv(new DictObsEnv())).not.toThrow();
    expect(() => checkEnv(new FlattenObservation(new DictObsEnv()))).not.toThrow();
    expect(() => checkEnv(make('test/CheckCounter-v0'))).not.toThrow();
  });

  const cases: [Breakage, RegExp][] = [
    ['nan-reward', /first step after reset\({seed: 123}\): reward must be a finite number, got NaN/],
    ['late-nan-reward', /rollout step 2: reward must be a finite number, got NaN/],
    ['obs-out-of-space', /first step after reset\({seed: 123}\): observation Float32Array\(2\) \[-0.5, .* is not in observationSpace Box\(0, 1, \[2\], float32\)/],
    ['reset-obs-out-of-space', /reset\({seed: 123}\): observation Float32Array\(2\) \[2, .* is not in observationSpace/],
    ['nondeterministic-reset', /reset\({seed: 123}\) twice gave different observations/],
    ['nondeterministic-step', /first step after reset\({seed: 123}\) with the same action is not deterministic: reward/],
    ['terminated-not-boolean', /terminated must be a boolean, got 0/],
    ['info-not-object', /info must be a plain object, got null/],
    ['close-twice-throws', /close\(\) must be callable twice, but threw: already closed/],
  ];
  it.each(cases)('catches %s', (breakage, message) => {
    expect(() => checkEnv(new BrokenEnv(breakage))).toThrow(message);
  });

  it('catches a non-space and a space whose samples it rejects', () => {
    const noSpace = Object.assign(new CounterEnv(), { actionSpace: { kind: 'box' } }) as unknown as Env;
    expect(() => checkEnv(noSpace)).toThrow(/actionSpace must be a Space \(kind, shape, sample, contains, seed\), got {kind}/);
    const env = new CounterEnv();
    const liar = Object.create(env.actionSpace, { contains: { value: () => false } }) as Env['actionSpace'];
    expect(() => checkEnv(Object.assign(env, { actionSpace: liar }) as Env)).toThrow(/actionSpace.sample\(\) gave .* which actionSpace.contains\(\) rejects/);
  });
});

describe('checkParallelEnv', () => {
  it('passes a well-behaved parallel env, bare and made', () => {
    expect(() => checkParallelEnv(new TwoAgentEnv())).not.toThrow();
    expect(() => checkParallelEnv(makeParallel('test/CheckTwoAgent-v0'))).not.toThrow();
  });

  it('catches spaces that are not the same object on every call', () => {
    expect(() => checkParallelEnv(new TwoAgentEnv(4, true))).toThrow(/observationSpace\("a"\) must return the same object on every call/);
  });

  it('catches a NaN reward of one agent', () => {
    expect(() => checkParallelEnv(new TwoAgentEnv(4, false, 'b'))).toThrow(/\(agent b\): reward must be a finite number, got NaN/);
  });

  it('catches a finished agent that stays alive', () => {
    const env = new TwoAgentEnv(2);
    const step = env.step.bind(env);
    env.step = (actions) => {
      const agents = [...env.agents];
      const r = step(actions);
      env.agents = agents;
      return r;
    };
    expect(() => checkParallelEnv(env)).toThrow(/agent a is done but still in agents/);
  });
});
