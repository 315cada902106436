/**
 * `lbgym sweep` as a library: a grid of settings times seeds, each trained in
 * its own run directory by a pool of worker threads, summarised per setting
 * with the mean and 95% CI across seeds.
 *
 * Sweep file (JSON):
 * ```json
 * { "env": "LB-OneShot-v0", "algo": "ppo", "envKwargs": {},
 *   "base": { "totalSteps": 20000 },
 *   "grid": { "learningRate": [0.0003, 0.001] },
 *   "seeds": [1, 2, 3], "logdir": "runs/sweep" }
 * ```
 * `base` and `grid` hold algorithm config fields; every combination of the
 * grid values (cartesian product) runs once per seed. With `"evaluate":
 * {"episodes": N, "seed": S}` each finished run's deterministic policy is
 * also evaluated on N episodes from seed S (the same episodes for every run),
 * and the summary gives each metric's mean and 95% CI across seeds.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker.js';
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import type { AlgoName } from '../agents/agent.js';
import { ALGOS } from '../agents/train.js';
import { type Estimate, estimate } from './evaluate.js';
import { readJson, writeJsonAtomic } from './runs/run-dir.js';
import { type TrainRunOptions, type TrainRunSummary, validateTrainOptions } from './train-run.js';
import { ConfigError, checkKnownKeys, optionError } from '../envs/sim/validation.js';

export interface SweepFile {
  env: string;
  algo: AlgoName;
  envKwargs?: Record<string, unknown>;
  base?: Record<string, unknown>;
  grid?: Record<string, unknown[]>;
  seeds?: number[];
  logdir?: string;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Evaluate each finished run on `episodes` episodes from `seed` (default 12345). */
  evaluate?: { episodes: number; seed?: number };
}

/** What a sweep worker receives. */
export interface SweepWorkerData {
  options: TrainRunOptions;
  evaluate?: SweepFile['evaluate'];
}

/** A finished job's summary, with its evaluation's means when the sweep evaluates. */
export type SweepRunSummary = TrainRunSummary & { evaluation?: Record<string, number> };

export interface SweepJob {
  setting: Record<string, unknown>;
  seed: number;
  options: TrainRunOptions;
}

export interface SweepRow {
  setting: Record<string, unknown>;
  seeds: number[];
  runs: string[];
  finalReturn: Estimate | null;
  regret: Estimate | null;
  /** Exact normalised regret across seeds (experiments/regret.ts). */
  normalizedRegret: Estimate | null;
  seconds: number;
  /** Seeds of this setting that did not finish (interrupted or not started): not in the estimates. */
  unfinished: number;
  /** With `evaluate`: each evaluation metric (`return` and the final info's numeric keys), across seeds. */
  evaluation?: Record<string, Estimate>;
}

export interface SweepResult {
  logdir: string;
  /** The environment the sweep trained on. */
  env: string;
  rows: SweepRow[];
  failures: { setting: Record<string, unknown>; seed: number; error: string }[];
}

export function loadSweepFile(path: string): SweepFile {
  const f = readJson<SweepFile>(path, '--config');
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw optionError('config', `${path} must hold a JSON object`);
  try {
    checkKnownKeys<SweepFile>(f, { env: true, algo: true, envKwargs: true, base: true, grid: true, seeds: true, logdir: true, backend: true, evaluate: true }, path);
    if (typeof f.evaluate === 'object' && f.evaluate !== null) checkKnownKeys<NonNullable<SweepFile['evaluate']>>(f.evaluate, { episodes: true, seed: true }, `${path}: evaluate`);
  } catch (e) {
    throw optionError('config', (e as ConfigError).message);
  }
  if (typeof f.env !== 'string') throw optionError('config', `${path}: "env" must be an environment id, got ${JSON.stringify(f.env)}`);
  if (!ALGOS.includes(f.algo)) throw optionError('config', `${path}: "algo" must be one of ${ALGOS.join(', ')}, got ${JSON.stringify(f.algo)}`);
  for (const [k, v] of Object.entries(f.grid ?? {})) {
    if (!Array.isArray(v) || v.length === 0) throw optionError('config', `${path}: grid.${k} must be a non-empty array, got ${JSON.stringify(v)}`);
  }
  const ev = f.evaluate;
  if (ev !== undefined && (typeof ev !== 'object' || ev === null || !Number.isInteger(ev.episodes) || ev.episodes < 1 || ev.episodes > 1_000_000)) {
    throw optionError('config', `${path}: "evaluate.episodes" must be an integer in [1, 1000000], got ${JSON.stringify(ev?.episodes)}`);
  }
  if (ev?.seed !== undefined && !(Number.isInteger(ev.seed) && ev.seed >= 0)) throw optionError('config', `${path}: "evaluate.seed" must be an integer >= 0, got ${JSON.stringify(ev.seed)}`);
  const seeds = f.seeds ?? [1];
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0)) {
    throw optionError('config', `${path}: "seeds" must be a non-empty array of integers >= 0, got ${JSON.stringify(f.seeds)}`);
  }
  return f;
}

/**
 * Every (setting, seed) job of a sweep file. Each job is validated as `train`
 * validates a fresh run (env, kwargs, algorithm, config) before any directory
 * or worker exists; errors name the sweep setting.
 */
export function sweepJobs(f: SweepFile, logdir: string): SweepJob[] {
  const entries = Object.entries(f.grid ?? {});
  let settings: Record<string, unknown>[] = [{}];
  for (const [k, values] of entries) settings = settings.flatMap((s) => values.map((v) => ({ ...s, [k]: v })));
  const jobs: SweepJob[] = [];
  for (const setting of settings) {
    for (const seed of f.seeds ?? [1]) {
      const config = { ...(f.base ?? {}), ...setting, seed };
      const group = Object.keys(setting).length === 0 ? 'base' : Object.entries(setting).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
      const options: TrainRunOptions = { envId: f.env, algo: f.algo, config, envKwargs: f.envKwargs ?? {}, logdir, backend: f.backend ?? 'auto', progress: false, group };
      try {
        validateTrainOptions(options);
      } catch (e) {
        // The sweep file's key for the environment is `env`.
        throw optionError('config', `setting ${JSON.stringify(setting)}: ${(e as Error).message.replace(/^envId: /, 'env: ')}`);
      }
      jobs.push({ setting, seed, options });
    }
  }
  return jobs;
}

function makeWorker(options: TrainRunOptions, evaluate: SweepFile['evaluate']): Worker {
  return startWorker('sweep-worker', { options, ...(evaluate !== undefined ? { evaluate } : {}) } satisfies SweepWorkerData);
}

/** Each key present in every run's evaluation, as a mean and CI across the runs (none without runs). */
function acrossSeeds(evaluations: Record<string, number>[]): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  if (evaluations.length === 0) return out;
  for (const k of Object.keys(evaluations[0]!).sort()) {
    const xs = evaluations.map((e) => e[k]);
    if (xs.every((x): x is number => typeof x === 'number')) out[k] = estimate(xs);
  }
  return out;
}

/** What `sweep-state.json` holds: the sweep file and each job's outcome so far (for `lbgym sweep --resume`). */
export interface SweepState {
  file: SweepFile;
  jobs: { setting: Record<string, unknown>; seed: number; status: 'pending' | 'done' | 'stopped' | 'failed'; runDir?: string; summary?: SweepRunSummary; error?: string }[];
}

export const SWEEP_STATE = 'sweep-state.json';

/** Reads a sweep directory's state (usage errors name the file). */
export function loadSweepState(dir: string): SweepState {
  const path = join(dir, SWEEP_STATE);
  if (!existsSync(path)) throw optionError('resume', `${dir} is not a sweep directory (no ${SWEEP_STATE})`);
  const state = readJson<SweepState>(path, '--resume');
  if (typeof state !== 'object' || state === null || !Array.isArray(state.jobs) || typeof state.file !== 'object') {
    throw optionError('resume', `${path} is not an lbgym sweep state`);
  }
  return state;
}

/**
 * Runs the jobs on `workers` threads; `onDone` is called as each finishes.
 * The state of every job is kept in `{logdir}/sweep-state.json`, so an
 * interrupted sweep can be resumed (`previous`: that state): finished jobs
 * are kept, stopped ones continue from their checkpoints, the others run.
 */
export async function runSweep(
  f: SweepFile,
  workers: number,
  onDone: (job: SweepJob, summary: SweepRunSummary | Error, done: number, total: number) => void = () => {},
  shouldStop: () => boolean = () => false,
  previous?: SweepState,
): Promise<SweepResult> {
  const logdir = f.logdir ?? join('runs', `sweep-${Math.floor(Date.now() / 1000)}`);
  const jobs = sweepJobs(f, logdir);
  mkdirSync(logdir, { recursive: true });
  const results = new Map<SweepJob, SweepRunSummary | Error>();
  const state: SweepState = { file: { ...f, logdir }, jobs: jobs.map((j) => ({ setting: j.setting, seed: j.seed, status: 'pending' })) };
  const entryOf = (j: SweepJob) => state.jobs[jobs.indexOf(j)]!;
  const saveState = (): void => writeJsonAtomic(join(logdir, SWEEP_STATE), state);
  const todo: SweepJob[] = [];
  for (const j of jobs) {
    const before = previous?.jobs.find((p) => p.seed === j.seed && JSON.stringify(p.setting) === JSON.stringify(j.setting));
    if (before?.status === 'done' && before.summary !== undefined) {
      results.set(j, before.summary);
      Object.assign(entryOf(j), before);
      continue;
    }
    // A stopped run continues from its checkpoint, in the same directory.
    if (before?.status === 'stopped' && before.runDir !== undefined) j.options = { ...j.options, config: {}, resume: before.runDir };
    todo.push(j);
  }
  saveState();
  let next = 0;
  let done = results.size;
  const runOne = (job: SweepJob): Promise<void> =>
    new Promise((resolve) => {
      const w = makeWorker(job.options, f.evaluate);
      let settled = false;
      const finish = (r: SweepRunSummary | Error): void => {
        if (settled) return;
        settled = true;
        results.set(job, r);
        const entry = entryOf(job);
        if (r instanceof Error) Object.assign(entry, { status: 'failed', error: r.message });
        else Object.assign(entry, { status: r.stopped ? 'stopped' : 'done', runDir: r.runDir, summary: r });
        saveState();
        done++;
        onDone(job, r, done, jobs.length);
        resolve();
      };
      const poll = setInterval(() => {
        if (shouldStop()) w.postMessage('stop');
      }, 200);
      w.on('message', (m: { summary?: SweepRunSummary; error?: string }) => {
        if (m.summary !== undefined) finish(m.summary);
        else finish(new Error(m.error ?? 'unknown worker error'));
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        clearInterval(poll);
        finish(new Error(`worker exited with code ${code}`));
      });
    });
  const lane = async (): Promise<void> => {
    while (next < todo.length && !shouldStop()) await runOne(todo[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, todo.length)) }, lane));

  const result = summarizeSweep(f, logdir, jobs, results);
  writeJsonAtomic(join(logdir, 'sweep.json'), result);
  return result;
}

/** The sweep's summary rows from each job's outcome (`results`: a summary or an error; missing: not run), as `runSweep` and `runRaySweep` give it. */
export function summarizeSweep(f: SweepFile, logdir: string, jobs: readonly SweepJob[], results: ReadonlyMap<SweepJob, SweepRunSummary | Error>): SweepResult {
  const rows: SweepRow[] = [];
  const failures: SweepResult['failures'] = [];
  const key = (s: Record<string, unknown>): string => JSON.stringify(s);
  const bySetting = new Map<string, SweepJob[]>();
  for (const j of jobs) bySetting.set(key(j.setting), [...(bySetting.get(key(j.setting)) ?? []), j]);
  for (const group of bySetting.values()) {
    // Only finished runs count: a stopped (interrupted) run's return is partial.
    const ok: SweepRunSummary[] = [];
    let unfinished = 0;
    for (const j of group) {
      const r = results.get(j);
      if (r === undefined) unfinished++;
      else if (r instanceof Error) failures.push({ setting: j.setting, seed: j.seed, error: r.message });
      else if (r.stopped) unfinished++;
      else ok.push(r);
    }
    const returns = ok.map((s) => s.finalReturn).filter((x): x is number => x !== null);
    const regrets = ok.map((s) => s.regret).filter((x): x is number => x !== undefined);
    const normalized = ok.map((s) => s.normalizedRegret).filter((x): x is number => x !== undefined);
    rows.push({
      setting: group[0]!.setting,
      seeds: ok.map((s) => s.seed),
      runs: ok.map((s) => s.runDir),
      finalReturn: returns.length > 0 ? estimate(returns) : null,
      regret: regrets.length > 0 ? estimate(regrets) : null,
      normalizedRegret: normalized.length > 0 ? estimate(normalized) : null,
      seconds: ok.reduce((a, s) => a + s.seconds, 0) / Math.max(1, ok.length),
      unfinished,
      ...(f.evaluate !== undefined ? { evaluation: acrossSeeds(ok.map((s) => s.evaluation ?? {})) } : {}),
    });
  }
  return { logdir, env: f.env, rows, failures };
}
