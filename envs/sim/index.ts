/** The simulator: the ground floor of lbgym (knows nothing of RL or tfjs). */
export * from './rng.js';
export * from './validation.js';
export * from './special.js';
export * from './distributions.js';
export * from './transfer-delay.js';
export * from './scenario.js';
export * from './presets.js';
export * from './compiled-scenario.js';
export * from './streams.js';
export * from './balance.js';
export * from './knowledge.js';
export * from './fairness.js';
export * from './episode.js';
export * from './event-queue.js';
export { simulateGeneral, type EventObserver } from './engine.js';
export { simulateFast, fastPathApplies } from './fast-engine.js';
export * from './simulate.js';
export * from './monte-carlo.js';
