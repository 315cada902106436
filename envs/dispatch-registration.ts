/**
 * Registers the front-end dispatch and Park environments. The lead calls
 * `registerDispatchEnvs()` from envs/registration.ts; calling it twice is
 * harmless (ids already registered are skipped).
 *
 * | id | kind | step limit | default kwargs |
 * |---|---|---|---|
 * | `LB-Dispatch-v0` | Env | 200 decisions | 8 nodes (rates 1,1,2,2,4,4,8,8), load 0.9, delta 1 s, rule weighted, reward jain |
 * | `LB-DispatchMulti-v0` | ParallelEnv | 200 decisions | as above, 2 dispatchers, reward variance |
 * | `Park-LoadBalance-v0` | Env | none (terminates after 1000 jobs) | Park's defaults |
 *
 * The dispatch envs take the fairness papers' settings through `preset` (envs/dispatch-presets.ts).
 */
import { listEnvs, register, registerParallel } from './core/registry.js';
import { DispatchEnv, type DispatchEnvOptions } from './dispatch-env.js';
import { DispatchMultiEnv, type DispatchMultiEnvOptions } from './dispatch-multi-env.js';
import { ParkLoadBalanceEnv, type ParkLoadBalanceOptions } from './park-env.js';

export const DISPATCH_ID = 'LB-Dispatch-v0';
export const DISPATCH_MULTI_ID = 'LB-DispatchMulti-v0';
export const PARK_LOAD_BALANCE_ID = 'Park-LoadBalance-v0';
/** Decision steps per episode of the dispatch environments. */
export const DISPATCH_HORIZON = 200;

export function registerDispatchEnvs(): void {
  const ids = new Set(listEnvs().map((s) => s.id));
  if (!ids.has(DISPATCH_ID)) {
    register(DISPATCH_ID, {
      entryPoint: (kwargs) => new DispatchEnv(kwargs as DispatchEnvOptions),
      maxEpisodeSteps: DISPATCH_HORIZON,
    });
  }
  if (!ids.has(DISPATCH_MULTI_ID)) {
    registerParallel(DISPATCH_MULTI_ID, {
      entryPoint: (kwargs) => new DispatchMultiEnv(kwargs as DispatchMultiEnvOptions),
      maxEpisodeSteps: DISPATCH_HORIZON,
    });
  }
  if (!ids.has(PARK_LOAD_BALANCE_ID)) {
    register<Float32Array, number>(PARK_LOAD_BALANCE_ID, {
      entryPoint: (kwargs) => new ParkLoadBalanceEnv(kwargs as ParkLoadBalanceOptions),
    });
  }
}
