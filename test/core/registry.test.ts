import { describe, expect, it } from 'vitest';
import {
  listEnvs,
  make,
  makeParallel,
  parseEnvId,
  register,
  registerParallel,
  spec,
} from '../../envs/core/registry.js';
import { OrderEnforcing, PassiveEnvChecker, TimeLimit } from '../../envs/core/wrappers/common.js';
import { ParallelOrderEnforcing, ParallelTimeLimit } from '../../envs/core/wrappers/parallel-common.js';
import { BrokenEnv, CounterEnv, TwoAgentEnv } from './test-envs.js';

register('test/Counter-v0', {
  entryPoint: (kwargs) => new CounterEnv(kwargs.horizon as number),
  maxEpisodeSteps: 3,
  kwargs: { horizon: 10, label: 'x' },
});
register('test/Counter-v1', { entryPoint: (kwargs) => new CounterEnv(kwargs.horizon as number), kwargs: { horizon: 2 } });
register('test/Broken-v0', { entryPoint: () => new BrokenEnv('reset-obs-out-of-space') });
registerParallel('test/TwoAgent-v0', { entryPoint: () => new TwoAgentEnv(10), maxEpisodeSteps: 2 });

describe('env ids', () => {
  it('parses Name-vN and namespace/Name-vN', () => {
    expect(parseEnvId('LoadBalance-v0')).toEqual({ name: 'LoadBalance', version: 0 });
    expect(parseEnvId('lb/One-Shot_2.x-v12')).toEqual({ namespace: 'lb', name: 'One-Shot_2.x', version: 12 });
  });

  it.each(['LoadBalance', 'LoadBalance-v', 'LoadBalance-v1.0', 'Load Balance-v1', '-v1', '1Load-v0', ''])(
    'rejects %j naming it',
    (id) => {
      expect(() => parseEnvId(id)).toThrow(`got ${JSON.stringify(id)}`);
      expect(() => register(id, { entryPoint: () => new CounterEnv() })).toThrow(/must look like 'Name-vN'/);
    },
  );

  it('refuses to register an id twice', () => {
    expect(() => register('test/Counter-v0', { entryPoint: () => new CounterEnv() })).toThrow(/test\/Counter-v0 is already registered/);
    expect(() => registerParallel('test/Counter-v0', { entryPoint: () => new TwoAgentEnv() })).toThrow(/already registered/);
  });

  it('rejects a bad maxEpisodeSteps', () => {
    expect(() => register('TestBadSteps-v0', { entryPoint: () => new CounterEnv(), maxEpisodeSteps: 0 })).toThrow(
      /maxEpisodeSteps of TestBadSteps-v0 must be a positive integer, got 0/,
    );
  });
});

describe('make', () => {
  it('merges kwargs, sets spec and stacks TimeLimit(OrderEnforcing(PassiveEnvChecker(env)))', () => {
    const env = make('test/Counter-v0', { kwargs: { horizon: 7 } });
    expect(env).toBeInstanceOf(TimeLimit);
    const order = (env as TimeLimit).env;
    expect(order).toBeInstanceOf(OrderEnforcing);
    expect((order as OrderEnforcing).env).toBeInstanceOf(PassiveEnvChecker);
    const base = (env as TimeLimit).unwrapped;
    expect(base).toBeInstanceOf(CounterEnv);
    expect((base as CounterEnv).baseHorizon).toBe(7);
    expect(env.spec).toEqual({ id: 'test/Counter-v0', maxEpisodeSteps: 3, kwargs: { horizon: 7, label: 'x' } });
    expect(base.spec).toBe(env.spec);
  });

  it('truncates at maxEpisodeSteps and restarts the count on reset', () => {
    const env = make('test/Counter-v0');
    env.reset({ seed: 1 });
    const a = new Float32Array(2);
    expect(env.step(a).truncated).toBe(false);
    expect(env.step(a).truncated).toBe(false);
    const third = env.step(a);
    expect(third.truncated).toBe(true);
    expect(third.terminated).toBe(false);
    env.reset();
    expect(env.step(a).truncated).toBe(false);
  });

  it('lets options override maxEpisodeSteps, and omits TimeLimit without one', () => {
    const env = make('test/Counter-v0', { maxEpisodeSteps: 1 });
    env.reset();
    expect(env.step(new Float32Array(2)).truncated).toBe(true);
    const unlimited = make('test/Counter-v1');
    expect(unlimited).toBeInstanceOf(OrderEnforcing);
    unlimited.reset();
    unlimited.step(new Float32Array(2));
    expect(unlimited.step(new Float32Array(2)).terminated).toBe(true);
  });

  it('makes step before reset an error', () => {
    const env = make('test/Counter-v0');
    expect(() => env.step(new Float32Array(2))).toThrow(/step: called before reset on test\/Counter-v0/);
  });

  it('runs the passive checker unless disabled', () => {
    expect(() => make('test/Broken-v0').reset()).toThrow(/PassiveEnvChecker \(test\/Broken-v0\) reset: observation Float32Array\(2\) \[2, /);
    const unchecked = make('test/Broken-v0', { disableEnvChecker: true });
    expect((unchecked as OrderEnforcing).env).toBeInstanceOf(BrokenEnv);
    expect(() => unchecked.reset()).not.toThrow();
  });

  it('names unknown ids and suggests registered versions', () => {
    expect(() => make('test/Counter-v9')).toThrow(/no environment registered as "test\/Counter-v9"; registered versions: test\/Counter-v0, test\/Counter-v1/);
    expect(() => make('Nothing-v0')).toThrow(/no environment registered as "Nothing-v0"$/);
    expect(() => make('test/TwoAgent-v0')).toThrow(/parallel env; use makeParallel/);
    expect(() => makeParallel('test/Counter-v0')).toThrow(/single-agent env; use make/);
  });

  it('lists specs and returns copies', () => {
    // Other test files sharing this worker may have registered more ids: this file's own, in order.
    const ids = listEnvs().map((s) => s.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.filter((id) => /^test\/(Broken|Counter|TwoAgent)-v/.test(id))).toEqual(['test/Broken-v0', 'test/Counter-v0', 'test/Counter-v1', 'test/TwoAgent-v0']);
    const parallel = listEnvs('parallel').map((s) => s.id);
    expect(parallel).toContain('test/TwoAgent-v0');
    expect(parallel.some((id) => id.startsWith('test/Counter'))).toBe(false);
    const s = spec('test/Counter-v0');
    expect(s).toEqual({ id: 'test/Counter-v0', kind: 'env', maxEpisodeSteps: 3, kwargs: { horizon: 10, label: 'x' } });
    s.kwargs.horizon = 99;
    expect(spec('test/Counter-v0').kwargs.horizon).toBe(10);
    expect(() => spec('Nope-v0')).toThrow(/no environment registered as "Nope-v0"/);
  });
});

describe('makeParallel', () => {
  it('stacks the parallel wrappers and truncates every agent at maxEpisodeSteps', () => {
    const env = makeParallel<Float32Array, number>('test/TwoAgent-v0');
    expect(env).toBeInstanceOf(ParallelTimeLimit);
    expect((env as ParallelTimeLimit<Float32Array, number>).env).toBeInstanceOf(ParallelOrderEnforcing);
    expect(env.spec?.id).toBe('test/TwoAgent-v0');
    expect(() => env.step({ a: 0, b: 0 })).toThrow(/before reset/);
    env.reset({ seed: 1 });
    expect(env.agents).toEqual(['a', 'b']);
    expect(env.step({ a: 0, b: 1 }).truncations).toEqual({ a: false, b: false });
    expect(env.step({ a: 0, b: 1 }).truncations).toEqual({ a: true, b: true });
    expect(env.agents).toEqual([]);
    expect(() => env.step({ a: 0, b: 1 })).toThrow(/after the episode was truncated at 2 steps/);
    expect(env.state?.()).toEqual(Float32Array.of(2));
  });
});
