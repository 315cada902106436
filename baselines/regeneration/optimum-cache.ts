/**
 * A disk cache of regeneration optima, so the exact regret grid (25 optima,
 * about 0.7 s each) is computed once per scenario and load pair, not once per
 * process. Entries live in `node_modules/.cache/lbgym/optima/` (the usual
 * place for tool caches), keyed by a hash of the scenario and the loads; the
 * cache is best-effort: an unwritable directory just means recomputing.
 * Set LBGYM_NO_CACHE=1 to bypass it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../envs/sim/scenario.js';
import { optimalPolicy, type OptimalPolicyOptions } from './optimal.js';

/** The optimum at one load pair (same shape as OptimalPolicy). */
export interface Optimum {
  K: number;
  tb: number;
  mu: number;
}

const DIR = join('node_modules', '.cache', 'lbgym', 'optima');
/** Bumped when the solver's numerics change. */
const VERSION = 1;

function cachePath(scenario: Scenario, loads: readonly number[], search: OptimalPolicyOptions): string {
  const key = createHash('sha256').update(JSON.stringify({ VERSION, scenario, loads, search })).digest('hex').slice(0, 32);
  return join(DIR, `${key}.json`);
}

/** Whether the optimum for these loads is already on disk. */
export function isOptimumCached(scenario: Scenario, loads: readonly number[], search: OptimalPolicyOptions = {}): boolean {
  return process.env['LBGYM_NO_CACHE'] !== '1' && existsSync(cachePath(scenario, loads, search));
}

export function cachedOptimum(scenario: Scenario, loads: readonly number[], search: OptimalPolicyOptions = {}): Optimum {
  const path = cachePath(scenario, loads, search);
  const useCache = process.env['LBGYM_NO_CACHE'] !== '1';
  if (useCache) {
    try {
      const o = JSON.parse(readFileSync(path, 'utf8')) as Optimum;
      if (typeof o.K === 'number' && typeof o.tb === 'number' && typeof o.mu === 'number') return o;
    } catch {
      // not cached yet
    }
  }
  const o = optimalPolicy(scenario, loads, search);
  const result = { K: o.K, tb: o.tb, mu: o.mu };
  if (useCache) {
    try {
      mkdirSync(DIR, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(result));
      renameSync(tmp, path);
    } catch {
      // best effort
    }
  }
  return result;
}
