/**
 * The agents floor's public API: backend selection, the five algorithms (PPO,
 * REINFORCE, DQN, multi-agent MAPPO, SAC) with their configs and field tables, the
 * runners, the trainer, and the model file handler.
 */
export { initBackend, backendInfo, tf, type BackendInfo, type BackendName, type BackendPreference } from './backend.js';
export { fileSystemHandler, writeFileAtomic } from './io.js';
export { configDefaults, configFields, parseConfigValue, resolveConfig, type ConfigField, type ConfigSpec, type ConfigType, type ConfigValue } from './config.js';
export { RUNNER_JSON, savedAlgo, type AlgoName, type CheckpointedAgent, type IterationContext, type RunnerStateSource, type TrainableAgent, type UpdateStats } from './agent.js';
export { PPOAgent, PPO_CONFIG_FIELDS, PPO_DEFAULTS, PPO_SPEC, type PPOConfig } from './ppo.js';
export { ReinforceAgent, REINFORCE_CONFIG_FIELDS, REINFORCE_DEFAULTS, REINFORCE_SPEC, type ReinforceConfig } from './reinforce.js';
export { DQNAgent, DQN_CONFIG_FIELDS, DQN_DEFAULTS, DQN_SPEC, REPLAY_BIN, linearSchedule, type DQNConfig } from './dqn.js';
export { MAPPOAgent, MAPPO_CONFIG_FIELDS, MAPPO_DEFAULTS, MAPPO_SPEC, type MAPPOConfig } from './mappo.js';
export { SACAgent, SAC_CONFIG_FIELDS, SAC_DEFAULTS, SAC_SPEC, type SACConfig } from './sac.js';
export { EnvRunner, type EpisodeRecord, type RunnerState } from './env-runner.js';
export { ParallelEnvRunner, type ParallelRunnerState } from './parallel-env-runner.js';
export { ALGOS, CONFIG_FIELDS, PARALLEL_ALGOS, summarizeEpisodes, train, type AlgoAgents, type AlgoConfigs, type AlgoEnv, type EnvSource, type TrainCallbacks, type TrainOptions, type TrainResult, type UpdateMetrics } from './train.js';
export { loadAgent } from './load-agent.js';
