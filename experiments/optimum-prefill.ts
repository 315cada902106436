/**
 * Computes the exact optima an evaluation will need, in parallel worker
 * threads, before the evaluation runs: the initial loads of the episodes are
 * replayed from the environment's seeded load stream, the pairs not yet in the
 * disk cache are split over the workers, and the evaluation then reads them
 * from the cache. Tens of milliseconds per pair on one core (the workers'
 * solvers share survival tables between neighbouring loads); this halves the
 * wait of a first `compare` on two cores.
 */
import { OneShotEnv, type OneShotEnvOptions } from '../envs/one-shot-env.js';
import { isNNodeOptimumCached, isOptimumCached, isRewardOptimumCached, type NNodeFamily } from '../baselines/regeneration/optimum-cache.js';
import type { RewardSpec } from '../baselines/regeneration/reward-api.js';
import type { Scenario } from '../envs/sim/scenario.js';
import { startWorker } from './worker.js';

/** The initial load pairs of `episodes` episodes from `seed` (as evaluatePolicy will see them). */
export function episodeLoads(envKwargs: OneShotEnvOptions, seed: number, episodes: number): [number, number][] {
  const env = new OneShotEnv(envKwargs);
  const out: [number, number][] = [];
  for (let e = 0; e < episodes; e++) {
    const { info } = env.reset(e === 0 ? { seed } : {});
    const l = info['loads'] as number[];
    out.push([l[0]!, l[1]!]);
    env.step(new Float32Array(env.actionSpace.size));
  }
  return out;
}

/** Load pairs whose optimum under `spec` an evaluation will need (undefined spec: the paper's completion optimum). */
export interface OptimumJob {
  spec: RewardSpec | undefined;
  /** Initial loads (three or more nodes: the n-node optimum of `family`). */
  pairs: number[][];
  /** @default 'common' */
  family?: NNodeFamily;
}

/** One pair to solve, as the worker receives it. */
export interface OptimumTask {
  spec: RewardSpec | undefined;
  loads: number[];
  family: NNodeFamily;
}

/** `onSolved(done, total)` is called as each pair is solved. */
export async function prefillOptima(scenario: Scenario, jobs: OptimumJob[], workers = 2, onSolved: (done: number, total: number) => void = () => {}): Promise<number> {
  // Without the disk cache the workers' results could not reach the evaluation.
  if (process.env['LBGYM_NO_CACHE'] === '1') return 0;
  const seen = new Set<string>();
  const todo: OptimumTask[] = [];
  for (const job of jobs) {
    for (const p of job.pairs) {
      const family = job.family ?? 'common';
      const key = `${JSON.stringify(job.spec)}|${family}|${p.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const done =
        p.length > 2 || family !== 'common'
          ? isNNodeOptimumCached(scenario, p, job.spec ?? {}, family)
          : job.spec === undefined
            ? isOptimumCached(scenario, p)
            : isRewardOptimumCached(scenario, p, job.spec);
      if (!done) todo.push({ spec: job.spec, loads: p, family });
    }
  }
  if (todo.length < 8 || workers < 2) return 0;
  // Neighbouring loads share the solver's survival tables: hand them out in load order.
  todo.sort((x, y) => x.loads.reduce((c, m, i) => c || m - y.loads[i]!, 0));
  const chunks: OptimumTask[][] = Array.from({ length: workers }, () => []);
  todo.forEach((p, i) => chunks[i % workers]!.push(p));
  let solved = 0;
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const w = startWorker('optimum-worker', { scenario, tasks: chunk });
          w.on('message', (m) => {
            if (m === 'solved') onSolved(++solved, todo.length);
            else resolve();
          });
          w.on('error', reject);
          w.on('exit', () => resolve());
        }),
    ),
  );
  return todo.length;
}
