/**
 * The data behind a comparison report: what `lbgym compare` saves as
 * `comparison.json` and what `lbgym report --from DIR` reads back. Every
 * chart, table and file of the report is rendered from a `ReportData` alone.
 *
 * Units: times in seconds; `regret` and `gap` are fractions (0.02 = 2%).
 * A statistic that could not be estimated (e.g. the standard error of one
 * episode) is `NaN` in memory and `null` in JSON.
 */

import type { Estimate } from '../evaluate.js';

/** A sample mean with its standard error and 95% confidence interval (defined with the evaluation that makes it). */
export type { Estimate };

/** One evaluated policy (a learned agent or a baseline) of the comparison table. */
export interface ComparisonRow {
  name: string;
  kind: 'agent' | 'baseline';
  meanReturn: Estimate;
  /** Mean completion time (s) of one-shot envs; absent for envs without completionTime. */
  meanCompletion?: Estimate;
  /** Jain index of per-node finish times (or the env's fairness metric). */
  jain?: Estimate;
  /** Exact relative regret vs the optimum of the env's reward and family over the load grid (fraction, 0.02 = 2%). */
  regret?: number;
  /** Exact share of the optimum's improvement over no balancing that the policy leaves unused, over the grid (fraction). */
  normalizedRegret?: number;
  /** LB-MultiAgent-v0: exact relative regret against the best per-node gains with a common t_b (fraction). */
  perNodeGainsRegret?: number;
  /** (meanCompletion - optimum's meanCompletion) / optimum's, same seeds (Monte-Carlo; fraction). */
  gap?: number;
  /** Every numeric env info key. */
  metrics: Record<string, Estimate>;
}

/** One analytic point: expected completion time `mu` (s) at gain `K` and balancing instant `tb` (s). */
export interface CurvePoint {
  K: number;
  tb: number;
  mu: number;
}

/** One Monte-Carlo point: mean completion time (s) with its 95% CI at `(K, tb)`. */
export interface McPoint {
  K: number;
  tb: number;
  mean: number;
  ci95: [number, number];
}

/** One row of a run's learning curve (from its metrics.csv). */
export interface LearningRow {
  step: number;
  episodic_return?: number;
  regret?: number;
  normalized_regret?: number;
  completion_time?: number;
  jain?: number;
}

/** The learning curve of one run. */
export interface LearningCurve {
  run: string;
  rows: LearningRow[];
}

/** The `(K, tb)` a policy chose at each initial load vector of the grid. */
export interface PolicyMap {
  policy: string;
  points: { loads: number[]; K: number; tb: number }[];
}

export interface ReportData {
  title: string;
  env: string;
  envKwargs: Record<string, unknown>;
  scenario: string;
  seed: number;
  episodes: number;
  createdAt: string;
  rows: ComparisonRow[];
  /** mu(t_b) for several K at `loads`: analytic lines and Monte-Carlo points (the delay paper's figures). */
  tbCurves?: { loads: number[]; analytic: CurvePoint[]; monteCarlo: McPoint[] };
  /** mu against K for several t_b at `loads`. */
  kCurves?: { loads: number[]; analytic: CurvePoint[] };
  /** Learning curves of runs (from metrics.csv). */
  learning: LearningCurve[];
  /** Per policy (incl. 'regeneration-optimal'), the K and t_b chosen over the grid of initial loads. */
  maps: PolicyMap[];
  /** The exact optimum the regret is measured against (one-shot, when the solver applies). */
  exact?: ExactSummary;
  /** The exact fairness/completion frontier and the compared policies on it (one-shot, when the solver applies). */
  frontier?: FrontierData;
  /** E[reward](t_b) for several K at `loads` under the env's reward (analytic), when the reward is not completion. */
  rewardCurves?: { reward: string; loads: number[]; analytic: RewardCurvePoint[] };
  /** `compare --loads`: every policy evaluated again at each offered load (the env's `load` kwarg), same seeds. */
  loadSweep?: LoadSweep;
}

/** The comparison repeated per load level; `fairness` names the metric of the fairness-against-load figure. */
export interface LoadSweep {
  fairness: { key: string; title: string };
  levels: { load: number; rows: ComparisonRow[] }[];
}

/** One analytic point of a reward curve. */
export interface RewardCurvePoint {
  K: number;
  tb: number;
  value: number;
}

/** A point `(E[T], E[J(T_1, T_2)])`, with the action that reaches it when it is one action. */
export interface FrontierPoint {
  mu: number;
  jain: number;
  K?: number;
  tb?: number;
  alpha?: number;
}

/** A compared policy on the frontier charts. */
export interface FrontierPolicy {
  name: string;
  kind: 'agent' | 'baseline';
  /** Monte-Carlo at the frontier's load pair: mean completion time and Jain index of finish times, with 95% CIs. */
  mu: Estimate;
  jain: Estimate;
  /** Exact means over the load grid of the policy's E[T] and E[J]. */
  gridMu?: number;
  gridJain?: number;
}

export interface FrontierData {
  loads: number[];
  /** Exact Pareto frontier at `loads` over (K, t_b, alpha). */
  atLoads: FrontierPoint[];
  /** The same with the paper's plain target only (alpha = 0). */
  atLoadsPlain?: FrontierPoint[];
  /** Supported frontier of load-dependent policies averaged over the load grid. */
  overGrid: FrontierPoint[];
  policies: FrontierPolicy[];
}

/** The reward and family of the exact optimum, and what the widest family gains over it on the load grid. */
export interface ExactSummary {
  reward: string;
  target: string;
  /** The family in words. */
  family: string;
  /** Mean over the grid of the family optimum's expected reward. */
  familyOptimum: number;
  /** Mean over the grid of the widest family's (learned target) optimum. */
  widestOptimum?: number;
  /** Normalised regret of the family's optimum against the widest's (what the family's rule leaves on the table). */
  familyLeavesOfWidest?: number;
  /** Points of the load grid (absent: the two-node 5 x 5 grid). */
  gridPoints?: number;
}

/** The policy name of the analytic optimum; its map is drawn first. */
export const OPTIMAL_POLICY = 'regeneration-optimal';
