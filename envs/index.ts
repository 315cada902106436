/** lbgym's environments, registered on import, with the gym core. */
import './registration.js';

export * from './core/index.js';
export { OneShotEnv, DEFAULT_ENV_SEED, type OneShotEnvOptions } from './one-shot-env.js';
export { MultiAgentOneShotEnv, MULTI_AGENT_REWARDS, type MultiAgentEnvOptions, type MultiAgentReward } from './multi-agent-env.js';
export { ONE_SHOT_REWARDS, referenceTime, type OneShotReward } from './one-shot-rewards.js';
export { loadSampler, type LoadDistribution } from './load-distribution.js';
export { ONE_SHOT_ID, MULTI_AGENT_ID } from './registration.js';
