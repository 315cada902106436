/**
 * A disk cache of exact optima, so the exact regret grid (25 optima, or the
 * n-node grid) and the optimum baseline's load pairs are solved once per
 * scenario, reward and loads, not once per process.
 *
 * Entries live in `$LBGYM_CACHE_DIR/optima/` when that variable is set, else
 * in the per-user cache directory (`$XDG_CACHE_HOME/lbgym` or
 * `~/.cache/lbgym`), keyed by a hash of the scenario, the reward spec, the
 * search options and the loads. Writes go to a temporary file unique to the
 * process and thread and are renamed into place, so concurrent writers never
 * see a partial entry. The cache is best-effort: an unwritable directory just
 * means recomputing. Set LBGYM_NO_CACHE=1 to bypass it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../envs/sim/atomic-file.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { type NNodeRewardOptimum, nNodeGainsOptimum, nNodeRewardOptimum } from './n-node-api.js';
import { optimalPolicy, type OptimalPolicyOptions } from './optimal.js';
import { type RewardSpec, resolveRewardSpec } from './reward-api.js';
import { type RewardOptimum, type RewardOptimumOptions, rewardOptimum } from './reward-optimum.js';

/** The completion optimum at one load pair (same shape as OptimalPolicy). */
export interface Optimum {
  K: number;
  tb: number;
  mu: number;
}

/** Bumped when the solver's numerics change. */
const VERSION = 6;

/** The cache directory of optima (see the file comment). */
export function optimaCacheDir(): string {
  const explicit = process.env['LBGYM_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return join(explicit, 'optima');
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'lbgym', 'optima');
}

function useCache(): boolean {
  return process.env['LBGYM_NO_CACHE'] !== '1';
}

function cachePath(key: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify({ VERSION, key })).digest('hex').slice(0, 32);
  return join(optimaCacheDir(), `${hash}.json`);
}

/** Reads an entry, or computes, stores and returns it. */
function cached<T extends object>(key: unknown, valid: (o: T) => boolean, compute: () => T): T {
  const path = cachePath(key);
  if (useCache()) {
    try {
      const o = JSON.parse(readFileSync(path, 'utf8')) as T;
      if (valid(o)) return o;
    } catch {
      // not cached yet
    }
  }
  const result = compute();
  if (useCache()) {
    try {
      mkdirSync(optimaCacheDir(), { recursive: true });
      writeFileAtomic(path, JSON.stringify(result));
    } catch {
      // An unwritable cache only costs a recomputation.
    }
  }
  return result;
}

const completionKey = (scenario: Scenario, loads: readonly number[], search: OptimalPolicyOptions): unknown => ({ kind: 'completion', scenario, loads, search });

/** Whether the completion optimum for these loads is already on disk. */
export function isOptimumCached(scenario: Scenario, loads: readonly number[], search: OptimalPolicyOptions = {}): boolean {
  return useCache() && existsSync(cachePath(completionKey(scenario, loads, search)));
}

/** The regeneration-optimal (completion) policy at one load pair, cached. */
export function cachedOptimum(scenario: Scenario, loads: readonly number[], search: OptimalPolicyOptions = {}): Optimum {
  return cached<Optimum>(
    completionKey(scenario, loads, search),
    (o) => typeof o.K === 'number' && typeof o.tb === 'number' && typeof o.mu === 'number',
    () => {
      const o = optimalPolicy(scenario, loads, search);
      return { K: o.K, tb: o.tb, mu: o.mu };
    },
  );
}

const rewardKey = (scenario: Scenario, loads: readonly number[], spec: RewardSpec, search: RewardOptimumOptions): unknown => ({
  kind: 'reward',
  scenario,
  loads,
  spec: resolveRewardSpec(scenario, spec),
  search,
});

/** Whether the optimum of this reward spec at these loads is already on disk. */
export function isRewardOptimumCached(scenario: Scenario, loads: readonly number[], spec: RewardSpec, search: RewardOptimumOptions = {}): boolean {
  return useCache() && existsSync(cachePath(rewardKey(scenario, loads, spec, search)));
}

/** The optimum of a reward over its target family at one load pair (reward-optimum.ts), cached. */
export function cachedRewardOptimum(scenario: Scenario, loads: readonly number[], spec: RewardSpec = {}, search: RewardOptimumOptions = {}): RewardOptimum {
  return cached<RewardOptimum>(
    rewardKey(scenario, loads, spec, search),
    (o) => typeof o.K === 'number' && typeof o.tb === 'number' && typeof o.value === 'number' && typeof o.mu === 'number',
    () => rewardOptimum(scenario, loads, spec, search),
  );
}

/** The optimum families of the n-node solver: a common (K, t_b), or per-node gains with a common t_b. */
export type NNodeFamily = 'common' | 'per-node';

const nNodeKey = (scenario: Scenario, loads: readonly number[], spec: RewardSpec, family: NNodeFamily): unknown => ({
  kind: 'n-node',
  family,
  scenario,
  loads,
  spec: resolveRewardSpec(scenario, spec),
});

/** Whether the n-node optimum of this family at these loads is already on disk. */
export function isNNodeOptimumCached(scenario: Scenario, loads: readonly number[], spec: RewardSpec, family: NNodeFamily = 'common'): boolean {
  return useCache() && existsSync(cachePath(nNodeKey(scenario, loads, spec, family)));
}

/** The optimum of a reward for three or more nodes (n-node-api.ts) over `family`, cached. */
export function cachedNNodeOptimum(scenario: Scenario, loads: readonly number[], spec: RewardSpec = {}, family: NNodeFamily = 'common'): NNodeRewardOptimum {
  return cached<NNodeRewardOptimum>(
    nNodeKey(scenario, loads, spec, family),
    (o) => (typeof o.K === 'number' || Array.isArray(o.K)) && typeof o.tb === 'number' && typeof o.value === 'number' && typeof o.mu === 'number',
    () => (family === 'common' ? nNodeRewardOptimum(scenario, loads, spec) : nNodeGainsOptimum(scenario, loads, spec)),
  );
}
