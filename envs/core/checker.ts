/**
 * `checkEnv` and `checkParallelEnv`: the active contract checks (Gymnasium's
 * `utils/env_checker.py` `check_env`, and PettingZoo's parallel API test).
 * Each throws an Error naming the first failed check; otherwise returns.
 *
 * `checkEnv(env)` checks, in order:
 * 1. both spaces are Space objects whose seeded `sample()` is deterministic and
 *    inside the space;
 * 2. `reset({seed})` returns an observation in the space and an info object,
 *    and the same seed twice gives identical observations; `reset()` without a
 *    seed also returns a valid observation;
 * 3. after `reset({seed})`, a step with the action sampled from the action
 *    space seeded with `seed` returns a well-formed result (observation in the
 *    space, finite reward, boolean terminated/truncated, info object), and
 *    doing it twice gives identical observation, reward and flags;
 * 4. a random rollout of `rolloutSteps` steps (resetting at episode ends) stays
 *    well formed;
 * 5. `close()` can be called twice.
 *
 * `checkParallelEnv(env)` checks the same per agent, plus that
 * `observationSpace(agent)` and `actionSpace(agent)` return the same object on
 * every call, that live agents are possible agents, that finished agents leave
 * `agents`, and that `state()` (when present) is a finite Float32Array of fixed
 * length.
 */
import {
  assertInfo,
  assertObservation,
  assertParallelReset,
  assertParallelStep,
  assertStepResult,
  dataEqual,
  describe,
  isSpace,
} from './contract-checks.js';
import type { Env, StepResult } from './env.js';
import type { AgentId, ParallelEnv, ParallelStepResult, PerAgent } from './parallel-env.js';
import type { Space } from './space.js';

export interface CheckEnvOptions {
  /** The seed of the determinism checks. @default 123 */
  seed?: number;
  /** Steps of the random rollout. @default 100 */
  rolloutSteps?: number;
}

function checkSpace(where: string, field: string, space: unknown, seed: number): asserts space is Space<unknown> {
  if (!isSpace(space)) {
    throw new Error(`${where}: ${field} must be a Space (kind, shape, sample, contains, seed), got ${describe(space)}`);
  }
  space.seed(seed);
  const a = structuredClone(space.sample());
  if (!space.contains(a)) throw new Error(`${where}: ${field}.sample() gave ${describe(a)}, which ${field}.contains() rejects`);
  space.seed(seed);
  const b = space.sample();
  if (!dataEqual(a, b)) {
    throw new Error(`${where}: ${field}.sample() after seed(${seed}) is not deterministic: ${describe(a)} then ${describe(b)}`);
  }
}

function checkClose(where: string, close: () => void): void {
  try {
    close();
    close();
  } catch (e) {
    throw new Error(`${where}: close() must be callable twice, but threw: ${(e as Error).message}`);
  }
}

/** Runs the single-agent contract checks on `env`; throws on the first failure. */
export function checkEnv<Obs, Act>(env: Env<Obs, Act>, options: CheckEnvOptions = {}): void {
  const seed = options.seed ?? 123;
  const rolloutSteps = options.rolloutSteps ?? 100;
  const where = `checkEnv(${env.spec?.id ?? 'env'})`;
  checkSpace(where, 'observationSpace', env.observationSpace, seed);
  checkSpace(where, 'actionSpace', env.actionSpace, seed);
  const obsSpace: Space<unknown> = env.observationSpace;

  const resetOnce = (seeded: boolean): unknown => {
    const call = seeded ? `reset({seed: ${seed}})` : 'reset()';
    const r = seeded ? env.reset({ seed }) : env.reset();
    if (typeof r !== 'object' || r === null) throw new Error(`${where}: ${call} must return {observation, info}, got ${describe(r)}`);
    assertObservation(`${where}: ${call}`, obsSpace, r.observation);
    assertInfo(`${where}: ${call}`, r.info);
    return structuredClone(r.observation);
  };
  const first = resetOnce(true);
  const second = resetOnce(true);
  if (!dataEqual(first, second)) {
    throw new Error(`${where}: reset({seed: ${seed}}) twice gave different observations: ${describe(first)} then ${describe(second)}`);
  }
  resetOnce(false);

  const firstStep = (): StepResult<unknown> => {
    env.reset({ seed });
    env.actionSpace.seed(seed);
    const action = env.actionSpace.sample();
    const r = env.step(action);
    assertStepResult(`${where}: first step after reset({seed: ${seed}})`, obsSpace, r);
    return { ...r, observation: structuredClone(r.observation) };
  };
  const s1 = firstStep();
  const s2 = firstStep();
  for (const field of ['observation', 'reward', 'terminated', 'truncated'] as const) {
    if (!dataEqual(s1[field], s2[field])) {
      throw new Error(
        `${where}: the first step after reset({seed: ${seed}}) with the same action is not deterministic: ${field} ${describe(s1[field])} then ${describe(s2[field])}`,
      );
    }
  }

  env.reset({ seed });
  env.actionSpace.seed(seed);
  for (let t = 0; t < rolloutSteps; t++) {
    const r = env.step(env.actionSpace.sample());
    assertStepResult(`${where}: rollout step ${t}`, obsSpace, r);
    if (r.terminated || r.truncated) resetOnce(false);
  }
  checkClose(where, () => env.close());
}

function checkAgents(where: string, env: ParallelEnv<unknown, unknown>): void {
  const possible = new Set(env.possibleAgents);
  for (const a of env.agents) {
    if (!possible.has(a)) throw new Error(`${where}: live agent ${JSON.stringify(a)} is not in possibleAgents [${env.possibleAgents.join(', ')}]`);
  }
}

function checkState(where: string, env: ParallelEnv<unknown, unknown>, length: number | undefined): number | undefined {
  if (env.state === undefined) return undefined;
  const s = env.state();
  if (!(s instanceof Float32Array)) throw new Error(`${where}: state() must return a Float32Array, got ${describe(s)}`);
  if (length !== undefined && s.length !== length) throw new Error(`${where}: state() length changed from ${length} to ${s.length}`);
  for (let i = 0; i < s.length; i++) {
    if (!Number.isFinite(s[i])) throw new Error(`${where}: state()[${i}] must be finite, got ${s[i]}`);
  }
  return s.length;
}

/** Runs the multi-agent parallel contract checks on `env`; throws on the first failure. */
export function checkParallelEnv<Obs, Act>(parallelEnv: ParallelEnv<Obs, Act>, options: CheckEnvOptions = {}): void {
  const env = parallelEnv as ParallelEnv<unknown, unknown>;
  const seed = options.seed ?? 123;
  const rolloutSteps = options.rolloutSteps ?? 100;
  const where = `checkParallelEnv(${env.spec?.id ?? 'env'})`;
  const possible = env.possibleAgents;
  if (!Array.isArray(possible) || possible.length === 0) {
    throw new Error(`${where}: possibleAgents must be a non-empty array, got ${describe(possible)}`);
  }
  if (new Set(possible).size !== possible.length) throw new Error(`${where}: possibleAgents has duplicates: [${possible.join(', ')}]`);
  possible.forEach((a, i) => {
    for (const kind of ['observationSpace', 'actionSpace'] as const) {
      const s = env[kind](a);
      if (env[kind](a) !== s) throw new Error(`${where}: ${kind}(${JSON.stringify(a)}) must return the same object on every call`);
      checkSpace(where, `${kind}(${JSON.stringify(a)})`, s, seed + i);
    }
  });

  const resetOnce = (seeded: boolean): PerAgent<unknown> => {
    const call = seeded ? `reset({seed: ${seed}})` : 'reset()';
    const r = seeded ? env.reset({ seed }) : env.reset();
    if (env.agents.length === 0) throw new Error(`${where}: ${call} left no live agents`);
    checkAgents(`${where}: ${call}`, env);
    assertParallelReset(`${where}: ${call}`, env, env.agents, r);
    return structuredClone(r.observations);
  };
  const first = resetOnce(true);
  const second = resetOnce(true);
  if (!dataEqual(first, second)) {
    throw new Error(`${where}: reset({seed: ${seed}}) twice gave different observations`);
  }
  resetOnce(false);
  let stateLength = checkState(where, env, undefined);

  const sampleActions = (): PerAgent<unknown> => {
    const actions: PerAgent<unknown> = {};
    for (const a of env.agents) actions[a] = env.actionSpace(a).sample();
    return actions;
  };
  const seedActionSpaces = (): void => possible.forEach((a, i) => env.actionSpace(a).seed(seed + i));
  const stepChecked = (label: string): ParallelStepResult<unknown> => {
    const acted: AgentId[] = [...env.agents];
    const r = env.step(sampleActions());
    assertParallelStep(`${where}: ${label}`, env, acted, r);
    checkAgents(`${where}: ${label}`, env);
    for (const a of acted) {
      if ((r.terminations[a] === true || r.truncations[a] === true) && env.agents.includes(a)) {
        throw new Error(`${where}: ${label}: agent ${a} is done but still in agents`);
      }
    }
    stateLength = checkState(`${where}: ${label}`, env, stateLength);
    return r;
  };
  const firstStep = (): ParallelStepResult<unknown> => {
    env.reset({ seed });
    seedActionSpaces();
    return structuredClone(stepChecked(`first step after reset({seed: ${seed}})`));
  };
  const s1 = firstStep();
  const s2 = firstStep();
  for (const field of ['observations', 'rewards', 'terminations', 'truncations'] as const) {
    if (!dataEqual(s1[field], s2[field])) {
      throw new Error(`${where}: the first step after reset({seed: ${seed}}) with the same actions is not deterministic in ${field}`);
    }
  }

  env.reset({ seed });
  seedActionSpaces();
  for (let t = 0; t < rolloutSteps; t++) {
    stepChecked(`rollout step ${t}`);
    if (env.agents.length === 0) resetOnce(false);
  }
  checkClose(where, () => env.close());
}
