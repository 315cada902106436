/**
 * Fuzzing of scenario JSON and env kwargs (fast-check, fixed seeds): any
 * input gives a validated object or a ConfigError naming a field, never
 * another exception, and returns promptly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { make, makeParallel } from '../../envs/core/registry.js';
import '../../envs/index.js';
import { preset } from '../../envs/sim/presets.js';
import { validateScenario } from '../../envs/sim/scenario.js';
import { ConfigError } from '../../envs/sim/validation.js';

/** JSON-like values, small, with the numbers that break validators (NaN, -0, huge, fractional). */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer({ min: -5, max: 5000 }),
    fc.constantFrom(0, -1, 1e300, 1e-300, Number.NaN, Number.POSITIVE_INFINITY, 0.5, 2, 3),
    fc.string({ maxLength: 8 }),
    fc.constantFrom('exponential', 'lognormal', 'pareto', 'deterministic', 'empirical', 'uniform', 'fixed', 'list', 'plain', 'capacity', 'learned', 'jain-finish', 'floor-linear', 'constant'),
    fc.constantFrom('ps', 'fifo', 'rlb-2', 'marl-7', 'marl-24', 'sed-speeds', 'weights', 'paper', 'basic', 'product', 'log-variance', 'log', 'linear'),
  ),
  tree: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('tree'), { maxKeys: 4 })),
})).tree;

/** A valid object with one key replaced, added or removed, possibly deep. */
function mutated(base: Record<string, unknown>, keys: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.constantFrom(...keys, 'typo', 'nodes.0.service', 'transfer.model', 'comm'), value, fc.boolean()).map(([key, v, remove]) => {
    const out = structuredClone(base);
    const path = key.split('.');
    let o: Record<string, unknown> = out;
    for (const p of path.slice(0, -1)) {
      const next = o[p];
      if (typeof next !== 'object' || next === null) return out;
      o = next as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (remove) delete o[last];
    else o[last] = v;
    return out;
  });
}

function onlyConfigErrors(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // One line that starts with the field.
    expect(e.message).toMatch(/^[^\s:][^\n]*: [^\n]+$/);
  }
}

describe('fuzzing the validators', () => {
  it('scenario JSON: a Scenario or a ConfigError', () => {
    const base = preset('wireless-lan') as unknown as Record<string, unknown>;
    fc.assert(
      fc.property(mutated(base, Object.keys(base)), (s) => {
        onlyConfigErrors(() => validateScenario(JSON.parse(JSON.stringify(s)) as unknown));
      }),
      { seed: 20261201, numRuns: 400 },
    );
  });

  const envs: [string, Record<string, unknown>][] = [
    ['LB-OneShot-v0', { reward: 'jain-finish', target: 'learned', loads: { kind: 'uniform', low: 0, high: 20 }, tbMax: 5, scenario: 'wireless-lan' }],
    ['LB-MultiAgent-v0', { scenario: 'hetero-4', loads: { kind: 'uniform', low: 0, high: 20 } }],
    ['LB-Dispatch-v0', { rates: [1, 2, 3], load: 0.8, rule: 'weights' }],
    ['LB-Dynamic-v0', { scenario: 'hetero-4', load: 0.7 }],
    ['LB-Dispatch-v0', { preset: 'rlb-2', server: 'ps', cpus: [4, 2], maxActive: [8, 4], action: 'sed-speeds', speedScale: 'log', speedOctaves: 2, observation: 'paper', reward: 'g-index', obsDiscount: 0.5, reservoirSize: 8 }],
    ['LB-DispatchMulti-v0', { preset: 'marl-7', observation: 'paper', reward: 'bossaer', load: 0.8 }],
  ];
  for (const [id, kwargs] of envs) {
    it(`${id} kwargs: an environment that resets and steps, or a ConfigError`, () => {
      fc.assert(
        fc.property(mutated(kwargs, Object.keys(kwargs)), (k) => {
          onlyConfigErrors(() => {
            if (id === 'LB-MultiAgent-v0' || id === 'LB-DispatchMulti-v0') {
              const env = makeParallel(id, { kwargs: k, maxEpisodeSteps: 3 });
              env.reset({ seed: 1 });
              env.step(Object.fromEntries(env.agents.map((a) => [a, env.actionSpace(a).sample()])));
              env.close();
              return;
            }
            const env = make(id, { kwargs: k, maxEpisodeSteps: 3 });
            env.reset({ seed: 1 });
            env.step(env.actionSpace.sample() as never);
            env.close();
          });
        }),
        { seed: 7, numRuns: 150 },
      );
    });
  }
});
