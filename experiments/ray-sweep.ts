/**
 * `lbgym sweep --ray ADDRESS`: the sweep's (setting, seed) jobs as Ray Tune
 * trials on a Ray cluster (python/lbgym/tune.py), instead of local worker
 * threads. Each trial runs `lbgym train` on whichever node Ray places it,
 * in its own log directory `{logdir}/trial-{i}`, and reports every update's
 * metrics row (its metrics.csv) to `tune.report`, so Tune's schedulers can
 * stop bad trials early. The trials' summaries come back here and are
 * summarised exactly as `lbgym sweep` does (summarizeSweep): the same
 * sweep.json, sweep-state.json, sweep.csv and table.
 *
 * The plan handed to Python is `{logdir}/ray-plan.json`; the trials' outcomes
 * come back in `{logdir}/ray-results.json` (with the Ray node of each).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionError } from '../envs/sim/validation.js';
import { readJson, writeJsonAtomic } from './runs/run-dir.js';
import { SWEEP_STATE, type SweepFile, type SweepJob, type SweepResult, type SweepRunSummary, type SweepState, summarizeSweep, sweepJobs } from './sweep.js';

/** One trial of the plan: the `lbgym train --config` file it runs. */
export interface RayPlanJob {
  index: number;
  setting: Record<string, unknown>;
  seed: number;
  train: Record<string, unknown>;
}

export interface RayPlan {
  address: string;
  logdir: string;
  jobs: RayPlanJob[];
  /** Tune scheduler options passed through (`--scheduler asha`, metric, mode). */
  scheduler?: { name: 'asha'; metric: string; mode: 'max' | 'min' };
}

export interface RayTrialOutcome {
  index: number;
  node?: string;
  summary?: SweepRunSummary;
  error?: string;
}

/** The lbgym package root (the source tree or the installed package; dist/ sits in it). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function rayPlan(f: SweepFile, address: string, logdir: string, jobs: readonly SweepJob[]): RayPlan {
  return {
    address,
    logdir: resolve(logdir),
    jobs: jobs.map((j, index) => ({
      index,
      setting: j.setting,
      seed: j.seed,
      train: { env: f.env, algo: f.algo, envKwargs: f.envKwargs ?? {}, backend: f.backend ?? 'auto', logdir: resolve(logdir, `trial-${index}`), ...j.options.config },
    })),
  };
}

/** Runs the sweep on the Ray cluster at `address` through `python -m lbgym.tune --plan`; the trials' nodes are returned with the result. */
export function runRaySweep(f: SweepFile, address: string, python: string, scheduler?: RayPlan['scheduler']): { result: SweepResult; nodes: (string | undefined)[] } {
  if (f.evaluate !== undefined) throw optionError('config', '"evaluate" is not supported with --ray (evaluate the runs afterwards with lbgym eval, or sweep locally)');
  const logdir = f.logdir ?? join('runs', `sweep-${Math.floor(Date.now() / 1000)}`);
  const jobs = sweepJobs(f, logdir);
  mkdirSync(logdir, { recursive: true });
  const plan = { ...rayPlan(f, address, logdir, jobs), ...(scheduler !== undefined ? { scheduler } : {}) };
  const planPath = resolve(logdir, 'ray-plan.json');
  const resultsPath = resolve(logdir, 'ray-results.json');
  writeJsonAtomic(planPath, plan);
  const r = spawnSync(python, ['-m', 'lbgym.tune', '--plan', planPath, '--results', resultsPath], {
    // Ray's own output goes to stderr: stdout carries only the summary (or --json).
    stdio: ['ignore', 2, 2],
    env: { ...process.env, LBGYM_HOME: process.env['LBGYM_HOME'] ?? packageRoot(), LBGYM_NODE: process.env['LBGYM_NODE'] ?? process.execPath },
  });
  if (r.error !== undefined) throw new Error(`--ray: cannot run ${python} -m lbgym.tune (${r.error.message}); set LBGYM_PYTHON to a Python with lbgym and ray[tune] installed`);
  if (r.status !== 0 || !existsSync(resultsPath)) throw new Error(`--ray: ${python} -m lbgym.tune exited with code ${r.status} (see its output above)`);
  const outcomes = readJson<RayTrialOutcome[]>(resultsPath, '--ray');
  const results = new Map<SweepJob, SweepRunSummary | Error>();
  const state: SweepState = { file: { ...f, logdir }, jobs: [] };
  const nodes: (string | undefined)[] = [];
  jobs.forEach((job, i) => {
    const o = outcomes.find((x) => x.index === i);
    nodes.push(o?.node);
    if (o?.summary !== undefined) {
      results.set(job, o.summary);
      state.jobs.push({ setting: job.setting, seed: job.seed, status: o.summary.stopped ? 'stopped' : 'done', runDir: o.summary.runDir, summary: o.summary });
    } else {
      const error = o?.error ?? 'the trial did not report a summary';
      results.set(job, new Error(error));
      state.jobs.push({ setting: job.setting, seed: job.seed, status: 'failed', error });
    }
  });
  writeJsonAtomic(join(logdir, SWEEP_STATE), state);
  const result = summarizeSweep(f, logdir, jobs, results);
  writeJsonAtomic(join(logdir, 'sweep.json'), result);
  return { result, nodes };
}
