/**
 * The algorithm table: everything the rest of lbgym knows about an
 * algorithm, in one row. The trainer creates and loads agents from it, the
 * CLI derives its flags (`fields`) and checks an environment against it
 * (`envKind`, `actions`), and a run's policy is rebuilt from it.
 *
 * Adding an algorithm is one file (its agent, config spec and fields) and one
 * row here (see docs/architecture.md for a worked example).
 */
import type { Env } from '../envs/core/env.js';
import type { ParallelEnv } from '../envs/core/parallel-env.js';
import type { AlgoName } from './agent.js';
import type { ConfigField, ConfigSpec } from './config.js';
import { DQNAgent, DQN_CONFIG_FIELDS, DQN_SPEC, type DQNConfig } from './dqn.js';
import { MAPPOAgent, MAPPO_CONFIG_FIELDS, MAPPO_SPEC, type MAPPOConfig } from './mappo.js';
import { PPOAgent, PPO_CONFIG_FIELDS, PPO_SPEC, type PPOConfig } from './ppo.js';
import { ReinforceAgent, REINFORCE_CONFIG_FIELDS, REINFORCE_SPEC, type ReinforceConfig } from './reinforce.js';
import { SACAgent, SAC_CONFIG_FIELDS, SAC_SPEC, type SACConfig } from './sac.js';

/** The config type of each algorithm. */
export interface AlgoConfigs {
  ppo: PPOConfig;
  reinforce: ReinforceConfig;
  dqn: DQNConfig;
  mappo: MAPPOConfig;
  sac: SACConfig;
}

/** The agent type of each algorithm. */
export interface AlgoAgents {
  ppo: PPOAgent;
  reinforce: ReinforceAgent;
  dqn: DQNAgent;
  mappo: MAPPOAgent;
  sac: SACAgent;
}

export interface Algorithm<A extends AlgoName> {
  readonly name: A;
  /** The typed config: fields, defaults, ranges. */
  readonly spec: ConfigSpec<AlgoConfigs[A]>;
  /** The spec's fields, in order (the CLI's flags). */
  readonly fields: readonly ConfigField[];
  /** `single`: trains on an `Env`; `parallel`: on a multi-agent `ParallelEnv`; `any`: on either (one learner per agent of a `ParallelEnv`). */
  readonly envKind: 'single' | 'parallel' | 'any';
  /**
   * The action spaces it trains on: `box` (continuous) or `discrete`.
   * `discretizesBox`: a Box action space is put on a grid (`--bins`) first.
   */
  readonly actions: 'box' | 'discrete';
  readonly discretizesBox: boolean;
  create(env: unknown, config: Partial<AlgoConfigs[A]>): AlgoAgents[A];
  load(dir: string): Promise<AlgoAgents[A]>;
}

export const ALGORITHMS: { readonly [A in AlgoName]: Algorithm<A> } = {
  ppo: {
    name: 'ppo',
    spec: PPO_SPEC,
    fields: PPO_CONFIG_FIELDS,
    envKind: 'single',
    actions: 'box',
    discretizesBox: false,
    create: (env, config) => PPOAgent.create(env as Env<Float32Array, Float32Array>, config),
    load: (dir) => PPOAgent.load(dir),
  },
  reinforce: {
    name: 'reinforce',
    spec: REINFORCE_SPEC,
    fields: REINFORCE_CONFIG_FIELDS,
    envKind: 'single',
    actions: 'box',
    discretizesBox: false,
    create: (env, config) => ReinforceAgent.create(env as Env<Float32Array, Float32Array>, config),
    load: (dir) => ReinforceAgent.load(dir),
  },
  dqn: {
    name: 'dqn',
    spec: DQN_SPEC,
    fields: DQN_CONFIG_FIELDS,
    envKind: 'single',
    actions: 'discrete',
    discretizesBox: true,
    create: (env, config) => DQNAgent.create(env as Env<Float32Array, number>, config),
    load: (dir) => DQNAgent.load(dir),
  },
  mappo: {
    name: 'mappo',
    spec: MAPPO_SPEC,
    fields: MAPPO_CONFIG_FIELDS,
    envKind: 'parallel',
    actions: 'box',
    discretizesBox: false,
    create: (env, config) => MAPPOAgent.create(env as ParallelEnv<Float32Array, Float32Array>, config),
    load: (dir) => MAPPOAgent.load(dir),
  },
  sac: {
    name: 'sac',
    spec: SAC_SPEC,
    fields: SAC_CONFIG_FIELDS,
    envKind: 'any',
    actions: 'box',
    discretizesBox: false,
    create: (env, config) => SACAgent.create(env as Env<Float32Array, Float32Array> | ParallelEnv<Float32Array, Float32Array>, config),
    load: (dir) => SACAgent.load(dir),
  },
};

/** Does `algo` train on multi-agent `ParallelEnv`s (`parallel` or `any`)? */
export function trainsOnParallel(algo: AlgoName): boolean {
  return ALGORITHMS[algo].envKind !== 'single';
}

/** Does `algo` train on single-agent `Env`s (`single` or `any`)? */
export function trainsOnSingle(algo: AlgoName): boolean {
  return ALGORITHMS[algo].envKind !== 'parallel';
}

/** Every algorithm name, in the table's order. */
export const ALGOS: readonly AlgoName[] = Object.keys(ALGORITHMS) as AlgoName[];

/** The row of `name`, or undefined when it is not an algorithm. */
export function algorithm(name: string): Algorithm<AlgoName> | undefined {
  return (ALGOS as readonly string[]).includes(name) ? (ALGORITHMS[name as AlgoName] as Algorithm<AlgoName>) : undefined;
}
