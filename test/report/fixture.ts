/** A synthetic ReportData with every section filled, and a synthetic run directory. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Estimate, ReportData } from '../../experiments/report/report-data.js';

function est(mean: number, se: number): Estimate {
  return { mean, stdError: se, ci95: [mean - 1.96 * se, mean + 1.96 * se] };
}

export function syntheticReport(): ReportData {
  const Ks = [0.5, 0.8, 1];
  const tbs = [0, 1, 2, 4, 8];
  const mu = (K: number, tb: number) => 80 + 10 * (K - 0.8) ** 2 + (tb - 3) ** 2 / 4;
  return {
    title: 'LB-OneShot-v0 <comparison> & friends',
    env: 'LB-OneShot-v0',
    envKwargs: { reward: 'completion' },
    scenario: 'wireless-lan',
    seed: 7,
    episodes: 1000,
    createdAt: '2025-01-01T00:00:00.000Z',
    rows: [
      {
        name: 'regeneration-optimal',
        kind: 'baseline',
        meanReturn: est(-80.1, 0.3),
        meanCompletion: est(80.1, 0.3),
        jain: est(0.97, 0.001),
        regret: 0,
        gap: 0,
        metrics: { completionTime: est(80.1, 0.3), tasksMoved: est(12.5, 0.2) },
      },
      {
        name: 'ppo <seed 1> & "co"',
        kind: 'agent',
        meanReturn: est(-81.3, 0.35),
        meanCompletion: est(81.3, 0.35),
        jain: est(0.95, 0.002),
        regret: 0.0123,
        normalizedRegret: 0.0456,
        gap: 0.015,
        metrics: { completionTime: est(81.3, 0.35) },
      },
      {
        name: 'no-balancing',
        kind: 'baseline',
        meanReturn: est(-95, 0.5),
        meanCompletion: { mean: 95, stdError: Number.NaN, ci95: [Number.NaN, Number.NaN] },
        metrics: {},
      },
    ],
    tbCurves: {
      loads: [100, 50],
      analytic: Ks.flatMap((K) => tbs.map((tb) => ({ K, tb, mu: mu(K, tb) }))),
      monteCarlo: Ks.flatMap((K) => [0, 4].map((tb) => ({ K, tb, mean: mu(K, tb) + 0.1, ci95: [mu(K, tb) - 0.4, mu(K, tb) + 0.6] as [number, number] }))),
    },
    kCurves: { loads: [100, 50], analytic: tbs.flatMap((tb) => [0, 0.25, 0.5, 0.75, 1].map((K) => ({ K, tb, mu: mu(K, tb) }))) },
    learning: [
      {
        run: 'LB-OneShot-v0__ppo__1__1700000000',
        rows: Array.from({ length: 20 }, (_, i) => ({ step: 1000 * (i + 1), episodic_return: -100 + i, regret: 0.2 / (i + 1) })),
      },
    ],
    maps: ['ppo', 'regeneration-optimal'].map((policy, j) => ({
      policy,
      points: [20, 50, 100].flatMap((a) => [0, 50].map((b) => ({ loads: [a, b], K: 0.5 + 0.2 * j, tb: 1 + j + a / 100 }))),
    })),
  };
}

/** Writes a run directory as `lbgym train` leaves it (metrics.csv, config.json, summary.json). */
export function writeSyntheticRun(dir: string, options: { summary?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  const header = 'step,update,seconds,sps,episodes,episodic_return,episode_length,completion_time,jain,regret,policy_loss';
  const lines = Array.from({ length: 10 }, (_, i) => `${128 * (i + 1)},${i + 1},${i * 0.5},256,${i + 1},${-90 + i},1,${90 - i},0.9,${i % 2 === 0 ? 0.1 / (i + 1) : ''},0.01`);
  writeFileSync(join(dir, 'metrics.csv'), `${[header, ...lines].join('\n')}\n`);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ env: 'LB-OneShot-v0', algo: 'ppo', envKwargs: {}, config: { seed: 3 }, backend: { backend: 'cpu', requested: 'auto', fallbacks: [] } }),
  );
  if (options.summary !== false) {
    writeFileSync(
      join(dir, 'summary.json'),
      JSON.stringify({ runDir: dir, env: 'LB-OneShot-v0', algo: 'ppo', seed: 3, steps: 1280, updates: 10, seconds: 5.2, finalReturn: -81, regret: 0.0101, backend: 'cpu', stopped: false }),
    );
  }
  return dir;
}
