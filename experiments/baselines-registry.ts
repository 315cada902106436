/**
 * Baselines of the environment families other than the one-shot one, by env id.
 */
import { type Baseline, unknownBaseline } from '../baselines/baseline.js';
import { dispatchBaselines, parkBaselines } from '../baselines/dispatch/index.js';
import { dynamicBaselines } from '../baselines/dynamic/index.js';
import { DISPATCH_ID, DISPATCH_MULTI_ID, PARK_LOAD_BALANCE_ID } from '../envs/dispatch-registration.js';
import { DYNAMIC_ID } from '../envs/dynamic-registration.js';
import { resolveScenarioInput } from '../envs/scenario-option.js';
import { MULTI_AGENT_ID } from '../envs/registration.js';
import { oneShotBaselines } from '../baselines/one-shot/index.js';
import { UsageError } from './cli/errors.js';

function pick(all: Baseline[], names: string[] | undefined): Baseline[] {
  if (names === undefined) return all;
  return names.map((n) => {
    const b = all.find((x) => x.name === n);
    if (b === undefined) throw unknownBaseline(n, all.map((x) => x.name));
    return b;
  });
}

export function familyBaselines(envId: string, envKwargs: Record<string, unknown>, names: string[] | undefined, seed: number): Baseline[] {
  if (envId === DYNAMIC_ID) {
    const scenario = resolveScenarioInput(envKwargs['scenario'] ?? 'hetero-4');
    const opts: { queueScale?: number; epoch?: number } = {};
    if (typeof envKwargs['queueScale'] === 'number') opts.queueScale = envKwargs['queueScale'];
    if (typeof envKwargs['epoch'] === 'number') opts.epoch = envKwargs['epoch'];
    const all = dynamicBaselines(scenario, opts).map((b): Baseline => ({
      name: b.name,
      description: b.name,
      policy: b.policy,
      ...(b.envKwargs !== undefined ? { envKwargs: b.envKwargs } : {}),
    }));
    return pick(all, names);
  }
  if (envId === DISPATCH_ID || envId === DISPATCH_MULTI_ID) {
    // Multi-dispatcher: every dispatcher runs the same classic rule.
    const all = dispatchBaselines().map((b): Baseline => ({ name: b.name, description: `classic rule ${b.name}`, policy: b.policy, envKwargs: b.envKwargs }));
    return pick(all, names);
  }
  if (envId === PARK_LOAD_BALANCE_ID) {
    const all = parkBaselines({ seed }).map((b): Baseline => ({
      name: b.name,
      description: `Park heuristic ${b.name}`,
      policy: b.policy as unknown as Baseline['policy'],
    }));
    return pick(all, names);
  }
  if (envId === MULTI_AGENT_ID) {
    // Every node plays the same one-shot rule.
    const all = oneShotBaselines({ scenario: resolveScenarioInput(envKwargs['scenario'] ?? 'hetero-4'), tbMax: Number(envKwargs['tbMax'] ?? 10) }, ['no-balancing', 'blind-full', 'informed-full', 'random'], { seed });
    return pick(all, names);
  }
  throw new UsageError(`--env: no baselines are known for ${envId}`);
}
