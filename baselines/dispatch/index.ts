/** Baselines of the front-end dispatch and Park environments, and their benchmark. */
export * from './dispatch-baselines.js';
export * from './park-baselines.js';
