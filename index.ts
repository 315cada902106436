/**
 * lbgym's library entry point. The layers, bottom up:
 * - the simulator (envs/sim),
 * - the gym contract and environments (envs/core, envs),
 * - baselines (analytic regeneration-optimal policy, heuristics) and agents,
 * - experiments (CLI, runs, TensorBoard).
 */
export * from './envs/sim/index.js';
export type { Env, Info, ResetOptions, ResetResult, StepResult } from './envs/core/env.js';
export type { Space, SpaceKind } from './envs/core/space.js';
export type { Policy, ActOptions } from './envs/core/policy.js';
export type { ParallelEnv, AgentId, PerAgent } from './envs/core/parallel-env.js';
