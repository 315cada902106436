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
