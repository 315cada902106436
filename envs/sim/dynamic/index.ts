/**
 * The simulator's dynamic mode (docs/model.md §4.3): arrivals, periodic exchange,
 * repeated balancing, failures. (`benchDynamic` lives in ./bench.ts and is
 * not re-exported here: it times the environment, a floor above.)
 */
export * from './dynamic-config.js';
export * from './dynamic-simulator.js';
export { TaskFifo } from './task-fifo.js';
