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
export { calibrate, type CalibrationOptions, type CalibrationResult, type CalibratedParameter } from './calibration/calibrate.js';
export { readMeasurements, measurementCsv, MEASUREMENT_KINDS, type Measurements, type MeasurementKind } from './calibration/measurements.js';
export { syntheticMeasurements, type MeasurementDesign, type CompletionSetting } from './calibration/synthetic-measurements.js';
export { fitServiceRate } from './calibration/service-fit.js';
export { selectFamily, fitFamily, familyIntervals, FITTED_FAMILIES, type FittedFamily } from './calibration/delay-family-fit.js';
export { selectTransferModel, fitTransferModel, batchTotals } from './calibration/transfer-fit.js';
export { fitCompletionTimes, withSpeedFactor } from './calibration/completion-fit.js';
export { profileInterval, bootstrapIntervals } from './calibration/confidence.js';
export { writeCalibration } from './calibration/calibration-report.js';
