/**
 * The agents floor's public API: backend selection, the three algorithms with
 * their configs and field tables, the trainer, and the model file handler.
 */
export { initBackend, backendInfo, tf, type BackendInfo, type BackendName, type BackendPreference } from './backend.js';
export { fileSystemHandler, writeFileAtomic } from './io.js';
export { configDefaults, configFields, parseConfigValue, resolveConfig, type ConfigField, type ConfigSpec, type ConfigType, type ConfigValue } from './config.js';
export { savedAlgo, type AlgoName, type IterationContext, type TrainableAgent, type UpdateStats } from './agent.js';
export { PPOAgent, PPO_CONFIG_FIELDS, PPO_DEFAULTS, PPO_SPEC, type PPOConfig } from './ppo.js';
export { ReinforceAgent, REINFORCE_CONFIG_FIELDS, REINFORCE_DEFAULTS, REINFORCE_SPEC, type ReinforceConfig } from './reinforce.js';
export { DQNAgent, DQN_CONFIG_FIELDS, DQN_DEFAULTS, DQN_SPEC, linearSchedule, type DQNConfig } from './dqn.js';
export { ALGOS, CONFIG_FIELDS, summarizeEpisodes, train, type AlgoAgents, type AlgoConfigs, type EnvSource, type TrainCallbacks, type TrainOptions, type TrainResult, type UpdateMetrics } from './train.js';
export { loadAgent } from './load-agent.js';
