/** The front-end dispatch simulator and its per-task rules. */
export * from './rules.js';
export * from './simulator.js';
