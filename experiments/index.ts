/**
 * `lbgym/experiments`: training runs, comparison, evaluation, exact regret,
 * sweeps, the TensorBoard writer and the report (loads TensorFlow.js and the
 * plotting library).
 */
export { runTraining, type TrainRunOptions, type TrainRunSummary, type RunConfig } from './train-run.js';
export { runComparison, type CompareOptions } from './compare.js';
export { evaluateParallelPolicy, evaluatePolicy, type AgentAct, type EvaluationOptions, type EvaluationResult } from './evaluate.js';
export { RegretEvaluator, type RegretReport } from './regret.js';
export { runSweep, type SweepFile, type SweepResult } from './sweep.js';
export { EventWriter, readScalars, readEvents } from './tensorboard/index.js';
export { writeReport } from './report/write-report.js';
