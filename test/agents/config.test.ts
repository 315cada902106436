import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseConfigValue, resolveConfig } from '../../agents/config.js';
import { PPO_CONFIG_FIELDS, PPO_DEFAULTS, PPO_SPEC, type PPOConfig } from '../../agents/ppo.js';
import { DQN_CONFIG_FIELDS, DQN_DEFAULTS, type DQNConfig } from '../../agents/dqn.js';
import { REINFORCE_CONFIG_FIELDS, REINFORCE_DEFAULTS } from '../../agents/reinforce.js';

describe('agent configs', () => {
  it('list every field with a doc line and its default', () => {
    for (const [fields, defaults] of [
      [PPO_CONFIG_FIELDS, PPO_DEFAULTS],
      [REINFORCE_CONFIG_FIELDS, REINFORCE_DEFAULTS],
      [DQN_CONFIG_FIELDS, DQN_DEFAULTS],
    ] as const) {
      expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(defaults).sort());
      for (const f of fields) {
        expect(f.doc.length).toBeGreaterThan(3);
        expect(f.default).toEqual((defaults as unknown as Record<string, unknown>)[f.name]);
      }
    }
  });

  it('resolve overrides and reject bad fields by name and value', () => {
    expect(resolveConfig('ppo', PPO_SPEC, { clipCoef: 0.1 }).clipCoef).toBe(0.1);
    expect(() => resolveConfig('ppo', PPO_SPEC, { clipcoef: 0.1 } as never)).toThrow(/unknown field 'clipcoef'/);
    expect(() => resolveConfig('ppo', PPO_SPEC, { numSteps: 2.5 })).toThrow(/'numSteps' = 2.5 is not an integer/);
    expect(() => resolveConfig('ppo', PPO_SPEC, { gamma: 1.5 })).toThrow(/'gamma' = 1.5 is above the maximum 1/);
    expect(() => resolveConfig('ppo', PPO_SPEC, { activation: 'gelu' })).toThrow(/'activation' = "gelu" is not one of tanh, relu/);
  });

  it('parse CLI strings by field type', () => {
    const field = (name: string) => PPO_CONFIG_FIELDS.find((f) => f.name === name)!;
    expect(parseConfigValue(field('learningRate'), '1e-3')).toBe(0.001);
    expect(parseConfigValue(field('normAdv'), 'false')).toBe(false);
    expect(parseConfigValue(field('hiddenSizes'), '32,16')).toEqual([32, 16]);
    expect(() => parseConfigValue(field('numSteps'), 'abc')).toThrow(/--numSteps/);
  });
});

describe('config types from specs', () => {
  it('each field is typed by its default, widened', () => {
    expectTypeOf<PPOConfig['normAdv']>().toEqualTypeOf<boolean>();
    expectTypeOf<PPOConfig['numSteps']>().toEqualTypeOf<number>();
    expectTypeOf<PPOConfig['hiddenSizes']>().toEqualTypeOf<number[]>();
    expectTypeOf<PPOConfig['activation']>().toEqualTypeOf<string>();
    expectTypeOf<DQNConfig['doubleDqn']>().toEqualTypeOf<boolean>();
    expect(Object.keys(PPO_DEFAULTS).sort()).toEqual(Object.keys(PPO_SPEC).sort());
  });
});
