/**
 * Registers lbgym's environments (imported for its side effect by envs/index.ts).
 * The one-shot environments terminate by themselves after one step, so they
 * carry no step limit (a TimeLimit of 1 would mark every episode truncated).
 *
 * | id | kind | default kwargs |
 * |---|---|---|
 * | `LB-OneShot-v0` | Env | wireless-lan, loads uniform 0..100, reward completion |
 * | `LB-MultiAgent-v0` | ParallelEnv | hetero-4, loads uniform 0..100, reward variance |
 * | `LB-Dynamic-v0` | Env (200 epochs) | hetero-4, arrivals at load 0.8, reward Jain of backlog (envs/dynamic-env.ts) |
 * | `LB-Dispatch-v0` | Env (200 steps) | 8 nodes (rates 1,1,2,2,4,4,8,8), load 0.9, weights every 1 s, reward Jain of observed completion times |
 * | `LB-DispatchMulti-v0` | ParallelEnv (200 steps) | 2 dispatchers, shared fairness potential |
 * | `Park-LoadBalance-v0` | Env (1000 jobs) | Park's load_balance defaults |
 */
import { listEnvs, register, registerParallel } from './core/registry.js';
import { type MultiAgentEnvOptions, MultiAgentOneShotEnv } from './multi-agent-env.js';
import { OneShotEnv, type OneShotEnvOptions } from './one-shot-env.js';
import { registerDispatchEnvs } from './dispatch-registration.js';
import { registerDynamicEnvs } from './dynamic-registration.js';

export const ONE_SHOT_ID = 'LB-OneShot-v0';
export const MULTI_AGENT_ID = 'LB-MultiAgent-v0';

function registerOnce(): void {
  const ids = new Set(listEnvs().map((s) => s.id));
  if (!ids.has(ONE_SHOT_ID)) {
    register(ONE_SHOT_ID, { entryPoint: (kwargs) => new OneShotEnv(kwargs as OneShotEnvOptions) });
  }
  if (!ids.has(MULTI_AGENT_ID)) {
    registerParallel(MULTI_AGENT_ID, {
      entryPoint: (kwargs) => new MultiAgentOneShotEnv(kwargs as MultiAgentEnvOptions),
    });
  }
}

registerOnce();
registerDynamicEnvs();
registerDispatchEnvs();
