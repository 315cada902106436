/**
 * lbgym's library entry point: everything, from the subpath entry points
 * (one per layer, bottom up). Importing the root loads TensorFlow.js (the
 * agents) and the plotting library (the report); a program that needs only
 * the environments or the solver imports `lbgym/envs` or `lbgym/baselines`,
 * which load neither.
 * - `lbgym/envs`: the simulator (envs/sim), the gym contract and the environments (envs/core, envs);
 * - `lbgym/baselines`: the exact regeneration-optimal policy and the heuristics;
 * - `lbgym/agents`: PPO, REINFORCE, DQN, MAPPO, SAC (tfjs);
 * - `lbgym/experiments`: training runs, comparison, sweeps, TensorBoard writer, report.
 */
export * from './envs/index.js';
export * from './baselines/index.js';
export * from './agents/index.js';
export * from './experiments/index.js';
