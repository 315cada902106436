/**
 * The fairness papers' dispatch settings as presets of `LB-Dispatch-v0` and
 * `LB-DispatchMulti-v0` (kwarg `preset`; docs/model.md §4.9). Every server is
 * a blocked processor-sharing server (`server: 'ps'`) whose cores serve
 * tasks of mean size 0.5 s (per-core rate 2 tasks/s, as in the papers'
 * simulator) and which holds at most two tasks per core in service
 * (`maxActive = 2 cpus`, a FIFO backlog beyond); the agents decide every
 * 0.5 s (the papers' load-balancer period). `load` stays a fraction of the
 * total capacity `sum(cpus * rates)`, 0.9 unless given. A kwarg given beside
 * the preset overrides the preset's value.
 *
 * | preset | dispatchers | servers | cores |
 * |---|---|---|---|
 * | `rlb-2` | 1 | 2 | 4 and 2 |
 * | `marl-7` | 2 | 7 | four of 1, three of 2 |
 * | `marl-24` | 6 | 24 | twelve of 2, twelve of 4 |
 */
import type { DispatchServer } from './sim/dispatch/simulator.js';
import { invalid } from './sim/validation.js';

export interface DispatchPreset {
  readonly dispatchers: number;
  readonly server: DispatchServer;
  readonly rates: readonly number[];
  readonly cpus: readonly number[];
  readonly maxActive: readonly number[];
  readonly delta: number;
}

/** Per-core service rate of the papers' servers (mean task size 0.5 s). */
const CORE_RATE = 2;
/** Tasks in service per core before the backlog. */
const ACTIVE_PER_CORE = 2;

function preset(dispatchers: number, cpus: number[]): DispatchPreset {
  return Object.freeze({
    dispatchers,
    server: 'ps',
    rates: Object.freeze(cpus.map(() => CORE_RATE)),
    cpus: Object.freeze(cpus),
    maxActive: Object.freeze(cpus.map((c) => ACTIVE_PER_CORE * c)),
    delta: 0.5,
  });
}

const repeat = (k: number, v: number): number[] => new Array<number>(k).fill(v);

export const DISPATCH_PRESETS: Readonly<Record<string, DispatchPreset>> = Object.freeze({
  'rlb-2': preset(1, [4, 2]),
  'marl-7': preset(2, [...repeat(4, 1), ...repeat(3, 2)]),
  'marl-24': preset(6, [...repeat(12, 2), ...repeat(12, 4)]),
});

export const DISPATCH_PRESET_NAMES: readonly string[] = Object.keys(DISPATCH_PRESETS);

/** The preset named `name`, or a ConfigError naming `preset`. */
export function dispatchPreset(name: unknown): DispatchPreset {
  const p = typeof name === 'string' && Object.hasOwn(DISPATCH_PRESETS, name) ? DISPATCH_PRESETS[name] : undefined;
  if (p === undefined) invalid('preset', name, `one of ${DISPATCH_PRESET_NAMES.join(', ')}`);
  return p;
}
