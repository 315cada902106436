/**
 * `lbgym/baselines`: the exact regeneration solver and optimum, and the
 * one-shot, dispatch and dynamic baselines. It does not load TensorFlow.js.
 */
export * from './regeneration/index.js';
export type { Baseline } from './baseline.js';
export { oneShotBaselines, ONE_SHOT_BASELINES, regenerationApplies } from './one-shot/index.js';
export { bestFixedAction } from './one-shot/best-fixed.js';
export { FixedActionPolicy } from './one-shot/fixed-action.js';
export { RandomPolicy } from './one-shot/random-policy.js';
export { dispatchBaselines, parkBaselines, parkBaseline } from './dispatch/index.js';
export { dynamicBaselines } from './dynamic/index.js';
