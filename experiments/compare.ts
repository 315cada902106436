/**
 * `lbgym compare` as a library function: evaluates learned agents (run
 * directories) and baselines on the same seeds (common random numbers), and
 * gathers everything the report shows.
 *
 * - Table: mean return, mean completion time with 95% CI, Jain fairness,
 *   exact regret against the regeneration optimum over the load grid (one-shot,
 *   two nodes, exponential delays), and the Monte-Carlo gap to the optimum's
 *   mean completion on the same seeds.
 * - Curves (one-shot, when the solver applies): mu(t_b) for several K,
 *   analytic with Monte-Carlo points, and mu against K.
 * - Learning curves from each run's metrics.csv; maps of the chosen K and t_b
 *   over the load grid, next to the optimal ones.
 * - With `loads` (families with a `load` kwarg, e.g. the dispatch envs):
 *   every policy again at each load level, for the per-load tables and the
 *   fairness-against-load figure.
 * - Baselines also get TensorBoard run directories (`{logdir}/{env}__baseline-{name}__{seed}__{config hash}`, one per configuration)
 *   with the same tags, flat across the runs' step range, so TensorBoard overlays them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { completionCurve, completionSurface, rewardCurve } from '../baselines/regeneration/index.js';
import { frontierAt, gridFrontier } from './frontier.js';
import type { Policy } from '../envs/core/policy.js';
import { spec as envSpec, make, makeParallel } from '../envs/core/registry.js';
import '../envs/index.js';
import { OneShotEnv, type OneShotEnvOptions } from '../envs/one-shot-env.js';
import { MULTI_AGENT_ID, ONE_SHOT_ID } from '../envs/registration.js';
import type { MultiAgentEnvOptions } from '../envs/multi-agent-env.js';
import { monteCarlo } from '../envs/sim/monte-carlo.js';
import { type AgentAct, type Estimate, type EvaluationResult, evaluateParallelPolicy, evaluatePolicy } from './evaluate.js';
import { envFamily, exactEvaluator, familyBaselines } from './env-families.js';
import { loadRunPolicy, type LoadedRun } from './policy-loader.js';
import { RegretEvaluator } from './regret.js';
import { RegenerationOptimal } from '../baselines/regeneration/regeneration-optimal.js';
import { cachedRewardOptimum } from '../baselines/regeneration/optimum-cache.js';
import { episodeLoads, type OptimumJob, prefillOptima } from './optimum-prefill.js';
import { OPTIMAL_POLICY, type ComparisonRow, type FrontierPolicy, type LoadSweep, type ReportData } from './report/report-data.js';
import { readMetricsCsv } from './runs/metrics-csv.js';
import { readJson } from './runs/run-dir.js';
import type { TrainRunSummary } from './train-run.js';
import { EventWriter } from './tensorboard/event-writer.js';
import { LazyProgress, Progress } from './cli/progress.js';
import { optionError } from '../envs/sim/validation.js';

export interface CompareOptions {
  envId?: string;
  envKwargs?: Record<string, unknown>;
  runs?: string[];
  /** Baseline names; undefined = every applicable one. */
  baselines?: string[];
  episodes?: number;
  seed?: number;
  /** Where baselines' TensorBoard directories go; undefined = none. */
  logdir?: string;
  /** Compute the analytic/Monte-Carlo curves. @default true */
  curves?: boolean;
  /** Worker threads that pre-compute the exact optima. @default 2 */
  workers?: number;
  /** Episodes per grid point of the best-fixed search. @default 1000 */
  bestFixedEpisodes?: number;
  /** Progress on stderr (a live bar on a terminal, periodic lines otherwise). @default false */
  progress?: boolean;
  /** Load levels: every policy is evaluated again with the env's `load` kwarg at each (families with a load sweep only). */
  loads?: number[];
}

interface Candidate {
  name: string;
  kind: 'agent' | 'baseline';
  policy: Policy<Float32Array, Float32Array>;
  /** Multi-agent: each agent's action (a baseline plays its policy for every agent). */
  agentAct?: AgentAct;
  envKwargs: Record<string, unknown>;
}

export async function runComparison(options: CompareOptions): Promise<ReportData> {
  const seed = options.seed ?? 0;
  const episodes = options.episodes ?? 1000;
  const loaded: LoadedRun[] = [];
  try {
    for (const dir of options.runs ?? []) loaded.push(await loadRunPolicy(dir));
    const first = loaded[0];
    const envId = options.envId ?? first?.config.env;
    if (envId === undefined) throw optionError('envId', 'required when no runs are given');
    try {
      envSpec(envId);
    } catch (e) {
      throw optionError('envId', `${(e as Error).message}`);
    }
    for (const r of loaded) {
      if (r.config.env !== envId) throw optionError('runs', `${r.dir} was trained on ${r.config.env}, not ${envId}`);
    }
    const envKwargs = options.envKwargs ?? first?.config.envKwargs ?? {};
    const parallel = envSpec(envId).kind === 'parallel';
    const sweep = envFamily(envId)?.loadSweep;
    if (options.loads !== undefined) {
      if (sweep === undefined) throw optionError('loads', `${envId} has no load kwarg to sweep (the dispatch environments have)`);
      if (options.loads.length === 0) throw optionError('loads', 'expected at least one load level');
      options.loads.forEach((l, i) => {
        if (typeof l !== 'number' || !Number.isFinite(l) || l <= 0) throw optionError(`loads[${i}]`, `expected a number > 0, got ${String(l)}`);
        // The env's own check of each level, before any evaluation.
        const kwargs = { ...envKwargs, load: l };
        if (parallel) makeParallel(envId, { kwargs }).close();
        else make(envId, { kwargs }).close();
      });
    }
    const baselines = familyBaselines(envId, { envKwargs, names: options.baselines, seed, bestFixedEpisodes: options.bestFixedEpisodes ?? 1000 });
    const candidates: Candidate[] = [
      ...loaded.map((r): Candidate => ({
        name: r.name,
        kind: 'agent',
        policy: r.policy,
        ...(r.agentAct !== undefined ? { agentAct: r.agentAct } : {}),
        envKwargs: r.config.envKwargs,
      })),
      ...baselines.map((b): Candidate => ({
        name: b.name,
        kind: 'baseline',
        policy: b.policy,
        envKwargs: { ...envKwargs, ...(b.envKwargs ?? {}) },
      })),
    ];
    const regretEval = exactEvaluator(envId, envKwargs);
    // LB-MultiAgent-v0 is also measured against the best per-node gains.
    const perNodeEvalOrWhy = envId === MULTI_AGENT_ID && typeof regretEval !== 'string' ? RegretEvaluator.forMultiAgent(envKwargs as MultiAgentEnvOptions, 'per-node') : undefined;
    const perNodeEval = typeof perNodeEvalOrWhy === 'string' ? undefined : perNodeEvalOrWhy;
    if (typeof regretEval !== 'string') {
      // Optima are solved per initial load pair: do it on every core first
      // (the episodes' pairs for each optimum baseline, the grid for the regret).
      const jobs: OptimumJob[] = [{ spec: regretEval.spec, pairs: regretEval.grid, family: regretEval.family }];
      if (perNodeEval !== undefined) jobs.push({ spec: perNodeEval.spec, pairs: perNodeEval.grid, family: 'per-node' });
      if (twoNodeOneShot(envId, regretEval)) {
        const pairs = episodeLoads(envKwargs as OneShotEnvOptions, seed, episodes);
        for (const b of baselines) {
          if (b.policy instanceof RegenerationOptimal) jobs.push({ spec: b.policy.rewardSpec, pairs });
        }
      }
      const solving = new LazyProgress('exact optima', options.progress === true);
      await prefillOptima(regretEval.scenario, jobs, options.workers ?? 2, (done, total) => solving.update(done, total));
      solving.done();
    }
    const rows: ComparisonRow[] = [];
    const maps: ReportData['maps'] = [];
    // The curves, frontiers and load maps are two-node outputs.
    const twoNode = typeof regretEval !== 'string' && twoNodeOneShot(envId, regretEval);
    const withFrontier = options.curves !== false && twoNode;
    const frontierPolicies: FrontierPolicy[] = [];
    const frontierLoads = typeof regretEval !== 'string' ? [...regretEval.scenario.defaultLoads] : [];
    const evaluating = new Progress(candidates.length, 'policies', process.stderr, 5, options.progress === true);
    for (const c of candidates) {
      evaluating.update(rows.length, `evaluating ${c.name}`);
      const ev = evaluateCandidate(envId, parallel, c, { episodes, seed, envKwargs: c.envKwargs });
      const row: ComparisonRow = { name: c.name, kind: c.kind, meanReturn: ev.return, metrics: ev.metrics };
      const completion = ev.metrics['completionTime'];
      if (completion !== undefined) row.meanCompletion = completion;
      const jain: Estimate | undefined = ev.metrics['jainFinish'] ?? ev.metrics['jain'];
      if (jain !== undefined) row.jain = jain;
      if (typeof regretEval !== 'string') {
        const agentAct = c.agentAct;
        const report =
          envId === ONE_SHOT_ID
            ? regretEval.evaluate(c.policy, new OneShotEnv(c.envKwargs as OneShotEnvOptions).target, { measures: withFrontier })
            : regretEval.evaluate(c.policy, 'plain', agentAct === undefined ? {} : { agentAct: (a, obs) => agentAct(a, obs, { deterministic: true }) });
        row.regret = report.regret;
        if (perNodeEval !== undefined) {
          const perNodeReport = perNodeEval.evaluate(c.policy, 'plain', agentAct === undefined ? {} : { agentAct: (a, obs) => agentAct(a, obs, { deterministic: true }) });
          row.perNodeGainsRegret = perNodeReport.regret;
        }
        if (withFrontier) {
          // The policy on the frontier: Monte-Carlo at the frontier's loads, exact means over the grid.
          const at = evaluatePolicy(envId, c.policy, { episodes: Math.min(episodes, 2000), seed, envKwargs: { ...c.envKwargs, loads: { kind: 'fixed', loads: frontierLoads } } });
          const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
          const mu = at.metrics['completionTime'];
          const jainAt = at.metrics['jainFinish'];
          if (mu !== undefined && jainAt !== undefined) {
            frontierPolicies.push({
              name: c.name,
              kind: c.kind,
              mu,
              jain: jainAt,
              gridMu: mean(report.points.map((p) => p.mu)),
              gridJain: mean(report.points.map((p) => p.jainFinish ?? Number.NaN)),
            });
          }
        }
        if (Number.isFinite(report.normalizedRegret)) row.normalizedRegret = report.normalizedRegret;
        if (twoNode) maps.push({ policy: c.name, points: report.points.map((p) => ({ loads: p.loads, K: p.action.K as number, tb: p.action.tb as number })) });
      }
      rows.push(row);
    }
    evaluating.update(rows.length);
    evaluating.done();
    let loadSweep: LoadSweep | undefined;
    if (options.loads !== undefined && sweep !== undefined) {
      const sweeping = new Progress(options.loads.length * candidates.length, 'load levels', process.stderr, 5, options.progress === true);
      const levels = options.loads.map((load, li) => ({
        load,
        rows: candidates.map((c, ci): ComparisonRow => {
          sweeping.update(li * candidates.length + ci, `load ${load}: ${c.name}`);
          const ev = evaluateCandidate(envId, parallel, c, { episodes, seed, envKwargs: { ...c.envKwargs, load } });
          return { name: c.name, kind: c.kind, meanReturn: ev.return, metrics: ev.metrics };
        }),
      }));
      sweeping.update(options.loads.length * candidates.length);
      sweeping.done();
      loadSweep = { fairness: { key: sweep.fairness.key, title: sweep.fairness.header }, levels };
    }
    if (typeof regretEval !== 'string' && twoNode && !maps.some((m) => m.policy === OPTIMAL_POLICY)) {
      const optima = regretEval.optimum();
      maps.unshift({ policy: OPTIMAL_POLICY, points: regretEval.grid.map((loads, i) => ({ loads, K: optima[i]!.K as number, tb: optima[i]!.tb })) });
    }
    const optimum = rows.find((r) => r.name === 'regeneration-optimal')?.meanCompletion;
    if (optimum !== undefined) {
      for (const r of rows) if (r.meanCompletion !== undefined) r.gap = (r.meanCompletion.mean - optimum.mean) / optimum.mean;
    }
    const data: ReportData = {
      title: `lbgym comparison on ${envId}`,
      env: envId,
      envKwargs,
      scenario: envId === ONE_SHOT_ID ? new OneShotEnv(envKwargs as OneShotEnvOptions).scenario.name : String(envKwargs['scenario'] ?? 'default'),
      seed,
      episodes,
      createdAt: new Date().toISOString(),
      rows,
      learning: loaded
        .filter((r) => existsSync(join(r.dir, 'metrics.csv')))
        .map((r) => ({
          run: r.name,
          rows: withFinalEvaluation(
            r.dir,
            readMetricsCsv(join(r.dir, 'metrics.csv')).map((m) => ({
              step: m.step ?? 0,
              ...(m.episodic_return !== undefined ? { episodic_return: m.episodic_return } : {}),
              ...(m.regret !== undefined ? { regret: m.regret } : {}),
              ...(m.normalized_regret !== undefined ? { normalized_regret: m.normalized_regret } : {}),
              ...(m.completion_time !== undefined ? { completion_time: m.completion_time } : {}),
              ...(m.jain !== undefined ? { jain: m.jain } : {}),
            })),
          ),
        })),
      maps,
      ...(typeof regretEval !== 'string' ? { exact: exactSummary(regretEval) } : {}),
      ...(loadSweep !== undefined ? { loadSweep } : {}),
    };
    if (options.curves !== false && typeof regretEval !== 'string' && twoNode) {
      // Seconds each: the Monte-Carlo checks of the curves and the two exact frontiers.
      const curves = new Progress(4, 'report curves', process.stderr, 5, options.progress === true);
      curves.update(0, 'completion-time curves and Monte-Carlo checks');
      addCurves(data, regretEval, seed);
      curves.update(1, 'frontier at the default loads');
      const tbMax = new OneShotEnv(envKwargs as OneShotEnvOptions).tbMax;
      const at = frontierAt(regretEval.scenario, frontierLoads, tbMax);
      curves.update(2, 'frontier over the load grid');
      const overGrid = gridFrontier(regretEval.scenario, regretEval.grid, tbMax);
      data.frontier = { loads: frontierLoads, atLoads: at.widest, atLoadsPlain: at.plain, overGrid, policies: frontierPolicies };
      curves.update(3, 'reward curves');
      addRewardCurves(data, regretEval);
      curves.update(4);
      curves.done();
    }
    if (options.logdir !== undefined) writeBaselineRuns(options.logdir, envId, seed, data, loaded);
    return data;
  } finally {
    for (const r of loaded) r.dispose();
  }
}

/** One candidate's evaluation on the common seeds (a multi-agent baseline plays its policy for every agent). */
function evaluateCandidate(envId: string, parallel: boolean, c: Candidate, options: { episodes: number; seed: number; envKwargs: Record<string, unknown> }): EvaluationResult {
  return parallel ? evaluateParallelPolicy(envId, c.agentAct ?? ((_a, obs, o) => c.policy.act(obs, o)), options) : evaluatePolicy(envId, c.policy, options);
}

/** Two nodes on LB-OneShot-v0: the curves, frontiers, load maps and the widest family's summary apply. */
function twoNodeOneShot(envId: string, regretEval: RegretEvaluator): boolean {
  return envId === ONE_SHOT_ID && regretEval.n === 2;
}

/**
 * Which family the optimum was taken over, and what the widest family
 * (the learned target mix) gains on the grid: the normalised regret of the
 * family's optimum against the widest optimum.
 */
function exactSummary(regretEval: RegretEvaluator): NonNullable<ReportData['exact']> {
  const family = regretEval.optimum();
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary: NonNullable<ReportData['exact']> = {
    reward: regretEval.spec.reward ?? 'completion',
    target: regretEval.target,
    family: regretEval.familyLabel(),
    familyOptimum: mean(family.map((o) => o.value)),
    ...(regretEval.n === 2 ? {} : { gridPoints: regretEval.grid.length }),
  };
  if (regretEval.target !== 'learned' && regretEval.n === 2 && regretEval.family === 'common') {
    const widest = regretEval.grid.map((loads) => cachedRewardOptimum(regretEval.scenario, loads, { ...regretEval.spec, target: 'learned' }));
    summary.widestOptimum = mean(widest.map((o) => o.value));
    const noBalancing = regretEval.evaluate({ name: 'no-balancing', act: () => Float32Array.of(0, 0) }, 'plain').points.map((p) => p.noBalancing);
    let gap = 0;
    let room = 0;
    widest.forEach((w, i) => {
      gap += w.value - family[i]!.value;
      room += w.value - noBalancing[i]!;
    });
    if (room > 0) summary.familyLeavesOfWidest = gap / room;
  }
  return summary;
}

/** E[reward](t_b) at K in {0.25, 0.5, 0.75, 1} under the env's reward (not for completion: tbCurves show it). */
function addRewardCurves(data: ReportData, regretEval: RegretEvaluator): void {
  const reward = regretEval.spec.reward ?? 'completion';
  if (reward === 'completion') return;
  const loads = [...regretEval.scenario.defaultLoads];
  const tbGrid = Array.from({ length: Math.floor(regretEval.tbMax / 0.25) + 1 }, (_, i) => i * 0.25);
  const spec = { ...regretEval.spec, target: regretEval.target === 'learned' ? ('plain' as const) : regretEval.target };
  const analytic = [0.25, 0.5, 0.75, 1].flatMap((K) => rewardCurve(regretEval.scenario, loads, { K, tbGrid }, spec).map((p) => ({ K, tb: p.tb, value: p.value })));
  data.rewardCurves = { reward, loads, analytic };
}

/** mu(t_b) for K in {0.25, 0.5, 0.75, 1} (analytic lines, Monte-Carlo points) and mu(K) for a few t_b. */
function addCurves(data: ReportData, regretEval: RegretEvaluator, seed: number): void {
  const scenario = regretEval.scenario;
  const loads = scenario.defaultLoads;
  const Ks = [0.25, 0.5, 0.75, 1];
  const tbGrid = Array.from({ length: 101 }, (_, i) => i * 0.1);
  const analytic = Ks.flatMap((K) => completionCurve(scenario, loads, { K, tbGrid }).map((mu, j) => ({ K, tb: tbGrid[j]!, mu })));
  const mcTbs = [0, 0.1, 0.25, 0.5, 1, 2, 4, 6, 8, 10];
  const monteCarloPts = Ks.flatMap((K) =>
    mcTbs.map((tb) => {
      const r = monteCarlo(scenario, loads, { K, tb }, { episodes: 20_000, seed });
      return { K, tb, mean: r.meanCompletion, ci95: r.ci95 };
    }),
  );
  data.tbCurves = { loads, analytic, monteCarlo: monteCarloPts };
  const KGrid = Array.from({ length: 41 }, (_, i) => i / 40);
  const tbs = [0, 0.12, 1, 5];
  const surface = completionSurface(scenario, loads, { KGrid, tbGrid: tbs });
  data.kCurves = { loads, analytic: KGrid.flatMap((K, i) => tbs.map((tb, j) => ({ K, tb, mu: surface[i]![j]! }))) };
}

type LearningRow = ReportData['learning'][number]['rows'][number];

/**
 * The learning curve ends at the run's final exact evaluation (summary.json),
 * which follows the last update's row: the curve and the table then agree.
 */
function withFinalEvaluation(dir: string, rows: LearningRow[]): LearningRow[] {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) return rows;
  const summary = readJson<Partial<TrainRunSummary>>(path, '--run');
  if (typeof summary.steps !== 'number' || summary.regret === undefined) return rows;
  const final = { regret: summary.regret, ...(summary.normalizedRegret !== undefined ? { normalized_regret: summary.normalizedRegret } : {}) };
  const last = rows[rows.length - 1];
  if (last !== undefined && last.step === summary.steps) return [...rows.slice(0, -1), { ...last, ...final }];
  return [...rows, { step: summary.steps, ...final }];
}

/**
 * Baselines as flat TensorBoard runs across the agents' step range: one
 * directory per baseline and configuration (env, kwargs, episodes, seed),
 * `{env}__baseline-{name}__{seed}__{config hash}`, rewritten by a later
 * compare of the same configuration rather than added again.
 */
function writeBaselineRuns(logdir: string, envId: string, seed: number, data: ReportData, runs: LoadedRun[]): void {
  let maxStep = 1;
  for (const l of data.learning) for (const r of l.rows) maxStep = Math.max(maxStep, r.step);
  const agents = new Set(runs.map((r) => r.name));
  const config = createHash('sha256').update(JSON.stringify({ envId, envKwargs: data.envKwargs, episodes: data.episodes, seed })).digest('hex').slice(0, 10);
  for (const row of data.rows) {
    if (agents.has(row.name)) continue;
    const dir = join(logdir, `${envId.replace(/\//g, '_')}__baseline-${row.name}__${seed}__${config}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const w = new EventWriter(dir);
    for (const step of [0, maxStep]) {
      w.addScalar('charts/episodic_return', row.meanReturn.mean, step);
      if (row.meanCompletion !== undefined) w.addScalar('charts/completion_time', row.meanCompletion.mean, step);
      if (row.jain !== undefined) w.addScalar('charts/jain', row.jain.mean, step);
      if (row.regret !== undefined) w.addScalar('charts/regret', row.regret, step);
      if (row.normalizedRegret !== undefined) w.addScalar('charts/normalized_regret', row.normalizedRegret, step);
    }
    w.close();
  }
}
