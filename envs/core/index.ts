/**
 * The public API of envs/core: the gym contract (Env, ParallelEnv, Space,
 * Policy), spaces, the registry, wrappers, the vector env and the checkers.
 */
export type { Env, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from './env.js';
export type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from './parallel-env.js';
export type { ActOptions, Policy } from './policy.js';
export type { Space, SpaceKind } from './space.js';

export { Box, DEFAULT_SPACE_SEED, type BoxBound } from './spaces/box.js';
export { Discrete } from './spaces/discrete.js';
export { MultiDiscrete } from './spaces/multi-discrete.js';
export { Dict, type DictElement, type SpaceElement } from './spaces/dict.js';
export { flatdim, flatten, flattenSpace } from './spaces/flatten.js';

export {
  listEnvs,
  make,
  makeParallel,
  parseEnvId,
  register,
  registerParallel,
  spec,
  type EnvKind,
  type EnvRegistration,
  type Kwargs,
  type MakeOptions,
  type ParallelEnvRegistration,
  type ParsedEnvId,
  type RegisteredSpec,
} from './registry.js';

export { ActionWrapper, BaseWrapper, ObservationWrapper, Wrapper } from './wrappers/wrapper.js';
export {
  OrderEnforcing,
  PassiveEnvChecker,
  RecordEpisodeStatistics,
  TimeLimit,
  type EpisodeStatistics,
  type RecordEpisodeStatisticsOptions,
} from './wrappers/common.js';
export { NormalizeObservation, type NormalizeObservationOptions } from './wrappers/stateful-observation.js';
export { NormalizeReward, type NormalizeRewardOptions } from './wrappers/stateful-reward.js';
export { RunningMeanStd, type RunningMeanStdState } from './wrappers/running-mean-std.js';
export { ClipAction, DiscretizeAction, MAX_DISCRETE_ACTIONS, RescaleAction } from './wrappers/transform-action.js';
export { FlattenObservation } from './wrappers/transform-observation.js';
export {
  ParallelOrderEnforcing,
  ParallelPassiveEnvChecker,
  ParallelTimeLimit,
  ParallelWrapper,
} from './wrappers/parallel-common.js';

export {
  SyncVectorEnv,
  type AutoresetMode,
  type BatchedActionSpace,
  type SyncVectorEnvOptions,
  type VectorResetOptions,
  type VectorResetResult,
  type VectorStepResult,
} from './vector/sync-vector-env.js';
export { makeVec, type MakeVecOptions } from './vector/make-vec.js';

export { checkEnv, checkParallelEnv, type CheckEnvOptions } from './checker.js';
export { dataEqual, isSpace } from './contract-checks.js';
export { findCheckpointable, isCheckpointable, type Checkpointable } from './checkpointable.js';
