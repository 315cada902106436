/**
 * lbgym's library entry point. The layers, bottom up:
 * - the simulator (envs/sim),
 * - the gym contract and environments (envs/core, envs),
 * - baselines (analytic regeneration-optimal policy, heuristics) and agents (tfjs),
 * - experiments (training runs, comparison, TensorBoard writer).
 */
export * from './envs/sim/index.js';
export * from './envs/index.js';
export * from './baselines/regeneration/index.js';
export type { Baseline } from './baselines/baseline.js';
export { oneShotBaselines, ONE_SHOT_BASELINES, regenerationApplies } from './baselines/one-shot/index.js';
export { bestFixedAction } from './baselines/one-shot/best-fixed.js';
export { FixedActionPolicy } from './baselines/one-shot/fixed-action.js';
export { RandomPolicy } from './baselines/one-shot/random-policy.js';
export { dispatchBaselines, parkBaselines, parkBaseline } from './baselines/dispatch/index.js';
export { dynamicBaselines } from './baselines/dynamic/index.js';
export * from './agents/index.js';
export { runTraining, type TrainRunOptions, type TrainRunSummary, type RunConfig } from './experiments/train-run.js';
export { runComparison, type CompareOptions } from './experiments/compare.js';
export { evaluatePolicy, type EvaluationOptions, type EvaluationResult } from './experiments/evaluate.js';
export { RegretEvaluator, type RegretReport } from './experiments/regret.js';
export { runSweep, type SweepFile, type SweepResult } from './experiments/sweep.js';
export { EventWriter, readScalars, readEvents } from './experiments/tensorboard/index.js';
export { writeReport } from './experiments/report/write-report.js';
