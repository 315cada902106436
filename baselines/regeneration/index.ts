/** The exact two-node solver and the regeneration-optimal baseline (docs/model.md §3). */
export { expectedCompletion, completionCurve, completionSurface, type OneShotPoint } from './api.js';
export {
  optimalPolicy,
  type OptimalPolicy,
  type OptimalPolicyOptions,
  DEFAULT_K_GRID,
  DEFAULT_TB_GRID,
} from './optimal.js';
export {
  RegenerationOptimal,
  type RegenerationOptimalOptions,
  DEFAULT_LOAD_SCALE,
} from './regeneration-optimal.js';
export { RegenerationSolver, type SolverDomain, type SolverNumerics } from './solver.js';
export { twoNodeModel, type TwoNodeModel } from './two-node-model.js';
export { paperTable, PAPER_WORKLOADS, type PaperTableRow } from './paper-table.js';
export { cachedOptimum, type Optimum } from './optimum-cache.js';
export {
  expectedReward,
  expectedRewardReport,
  rewardCurve,
  resolveRewardSpec,
  type RewardSpec,
  type OneShotDecision,
  type ExpectedRewardReport,
  type RewardCurvePoint,
} from './reward-api.js';
export { rewardOptimum, type RewardOptimum, type RewardOptimumOptions } from './reward-optimum.js';
export { RewardSolver, type ExpectedMeasures } from './reward-solver.js';
export { rewardPaperTable, type RewardPaperTableRow } from './paper-table.js';
export { cachedRewardOptimum, optimaCacheDir } from './optimum-cache.js';
export {
  nNodeRewardReport,
  nNodeRewardOptimum,
  nNodeGainsOptimum,
  N_NODE_K_STEP,
  type NNodeAction,
  type NNodeRewardOptimum,
} from './n-node-api.js';
export { NNodeSolver, type NNodeDomain, type NNodeNumerics } from './n-node-solver.js';
export { nNodeModel, type NNodeModel } from './n-node-model.js';
export { cachedNNodeOptimum, type NNodeFamily } from './optimum-cache.js';
