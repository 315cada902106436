/**
 * `lbgym/envs`: the simulator, the gym core and the environments (registered
 * on import). It loads neither TensorFlow.js nor the plotting library.
 */
import './registration.js';

export * from './sim/index.js';
export * from './core/index.js';
export { OneShotEnv, DEFAULT_ENV_SEED, type OneShotEnvOptions } from './one-shot-env.js';
export { MultiAgentOneShotEnv, MULTI_AGENT_REWARDS, type MultiAgentEnvOptions, type MultiAgentReward } from './multi-agent-env.js';
export { ONE_SHOT_REWARDS, referenceTime, type OneShotReward } from './one-shot-rewards.js';
export { loadSampler, type LoadDistribution } from './load-distribution.js';
export { ONE_SHOT_ID, MULTI_AGENT_ID } from './registration.js';
export { DynamicEnv, DYNAMIC_REWARDS, type DynamicEnvOptions, type DynamicReward } from './dynamic-env.js';
export { DYNAMIC_ID } from './dynamic-registration.js';
export {
  DispatchEnv,
  DISPATCH_REWARDS,
  DISPATCH_ACTIONS,
  DISPATCH_OBSERVATIONS,
  DEFAULT_DISPATCH_RATES,
  type DispatchAction,
  type DispatchEnvOptions,
  type DispatchObservation,
  type DispatchReward,
} from './dispatch-env.js';
export { dispatchReward } from './dispatch-rewards.js';
export { DISPATCH_PRESETS, DISPATCH_PRESET_NAMES, type DispatchPreset } from './dispatch-presets.js';
export { DISPATCH_SERVERS, DispatchSimulator, type DispatchServer, type DispatchSimOptions } from './sim/dispatch/simulator.js';
export { DispatchMultiEnv, type DispatchMultiEnvOptions } from './dispatch-multi-env.js';
export { ParkLoadBalanceEnv, PARK_SERVICE_RATES, type ParkLoadBalanceOptions } from './park-env.js';
export { DISPATCH_ID, DISPATCH_MULTI_ID, PARK_LOAD_BALANCE_ID } from './dispatch-registration.js';
