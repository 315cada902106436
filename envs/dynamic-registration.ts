/**
 * Registers the dynamic-mode environments. Not imported for its side effect:
 * call `registerDynamicEnvs()` (idempotent: ids already registered are skipped).
 *
 * | id | kind | step limit | default kwargs |
 * |---|---|---|---|
 * | `LB-Dynamic-v0` | Env | 200 epochs (TimeLimit truncates) | hetero-4, load 0.8 spread 0.4/0.3/0.2/0.1, epoch 2 s, Delta 0.5 s, reward jain, failures off |
 */
import { listEnvs, register } from './core/registry.js';
import { DynamicEnv, type DynamicEnvOptions } from './dynamic-env.js';

export const DYNAMIC_ID = 'LB-Dynamic-v0';
/** Epochs per episode of `LB-Dynamic-v0`. */
export const DYNAMIC_HORIZON = 200;

export function registerDynamicEnvs(): void {
  const ids = new Set(listEnvs().map((s) => s.id));
  if (!ids.has(DYNAMIC_ID)) {
    register(DYNAMIC_ID, {
      entryPoint: (kwargs) => new DynamicEnv(kwargs as DynamicEnvOptions),
      maxEpisodeSteps: DYNAMIC_HORIZON,
    });
  }
}
