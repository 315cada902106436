/**
 * Options of the simulator's dynamic mode (docs/model.md §4.3-§4.4) and their validation.
 * Every field is optional; `resolveDynamicConfig` fills the defaults below and
 * returns a fully required, validated config (errors name the field and value).
 *
 * | option | default | meaning |
 * |---|---|---|
 * | `arrivalRates` | all 0 | external Poisson arrival rate per node (tasks/s) |
 * | `bursty` | off | on/off modulation of every node's arrivals (below) |
 * | `exchangePeriod` | 0.5 | `Delta` (s): every node sends its queue length to every other node at t = 0, Delta, 2 Delta, ...; `Infinity` sends only at t = 0 |
 * | `epoch` | 2 | decision epoch (s): the agent acts at t = 0, epoch, 2 epoch, ... |
 * | `trigger` | `'epoch'` | `'epoch'`: every node balances once per epoch, `delay` s after its start; `'arrival'`: a node balances `delay` s after each external arrival it receives (the delay paper's dynamic policy) |
 * | `failures` | off | `{rate, recoveryRate, mode}` (below) |
 * | `staleAfter` | `3 Delta` with failures, else Infinity | a node believes another is down when its latest message from it was sent more than this many seconds ago |
 *
 * `bursty: {meanOn, meanOff, multiplier}`: each node alternates independent
 * on and off periods, Exp(mean meanOn) and Exp(mean meanOff) seconds; its
 * arrival rate is `multiplier` times higher during on periods than during
 * off periods, scaled so that its long-run mean rate stays `arrivalRates[i]`.
 *
 * `failures: {rate, recoveryRate, mode}`: node i fails after Exp(rate f_i)
 * up-time and recovers after Exp(rate r_i) (`rate`, `recoveryRate`: one
 * number or one per node, 1/s; a rate of 0 never fails). `mode`:
 * - `'hold'` (default): a failed node's queue waits for recovery; batches and
 *   external arrivals reaching it wait in its queue too;
 * - `'lose'`: at failure its queue is dropped, and batches and external
 *   arrivals reaching it while it is down are dropped; all of them are
 *   counted in `lost`.
 */
import { invalid, requirePositive } from '../validation.js';

export type BalanceTrigger = 'epoch' | 'arrival';
export type FailureMode = 'hold' | 'lose';

export interface BurstyOptions {
  /** Mean on-period (s). */
  meanOn: number;
  /** Mean off-period (s). */
  meanOff: number;
  /** Arrival-rate ratio on : off (>= 1). */
  multiplier: number;
}

export interface FailureOptions {
  /** Failure rate f_i (1/s): one for all nodes or one per node. */
  rate: number | number[];
  /** Recovery rate r_i (1/s): one for all nodes or one per node. */
  recoveryRate: number | number[];
  /** @default 'hold' */
  mode?: FailureMode;
}

export interface DynamicOptions {
  arrivalRates?: number[];
  bursty?: BurstyOptions | null;
  exchangePeriod?: number;
  epoch?: number;
  trigger?: BalanceTrigger;
  failures?: FailureOptions | null;
  staleAfter?: number;
}

export interface DynamicConfig {
  readonly arrivalRates: Float64Array;
  readonly bursty: Readonly<BurstyOptions> | null;
  readonly exchangePeriod: number;
  readonly epoch: number;
  readonly trigger: BalanceTrigger;
  readonly failureRates: Float64Array;
  readonly recoveryRates: Float64Array;
  readonly failuresOn: boolean;
  readonly failureMode: FailureMode;
  readonly staleAfter: number;
}

export const DEFAULT_EXCHANGE_PERIOD = 0.5;
export const DEFAULT_EPOCH = 2;

function perNode(v: unknown, n: number, field: string, allowZero: boolean): Float64Array {
  const out = new Float64Array(n);
  const check = (x: unknown, f: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) {
      invalid(f, x, allowZero ? 'a finite number >= 0' : 'a finite number > 0');
    }
    return x;
  };
  if (typeof v === 'number') {
    out.fill(check(v, field));
    return out;
  }
  if (!Array.isArray(v) || v.length !== n) invalid(field, v, `a number or an array of ${n} numbers (one per node)`);
  v.forEach((x: unknown, i) => (out[i] = check(x, `${field}[${i}]`)));
  return out;
}

function positiveOrInfinity(v: unknown, field: string): number {
  if (v === Infinity) return Infinity;
  return requirePositive(v, field);
}

export function resolveDynamicConfig(options: DynamicOptions, n: number, field = 'dynamic'): DynamicConfig {
  if (typeof options !== 'object' || options === null) invalid(field, options, 'an options object');
  const arrivalRates = perNode(options.arrivalRates ?? 0, n, `${field}.arrivalRates`, true);
  let bursty: BurstyOptions | null = null;
  if (options.bursty !== undefined && options.bursty !== null) {
    const b = options.bursty;
    if (typeof b !== 'object') invalid(`${field}.bursty`, b, 'an object {meanOn, meanOff, multiplier}');
    const multiplier = requirePositive(b.multiplier, `${field}.bursty.multiplier`);
    if (multiplier < 1) invalid(`${field}.bursty.multiplier`, multiplier, 'a number >= 1');
    bursty = {
      meanOn: requirePositive(b.meanOn, `${field}.bursty.meanOn`),
      meanOff: requirePositive(b.meanOff, `${field}.bursty.meanOff`),
      multiplier,
    };
  }
  const exchangePeriod = positiveOrInfinity(options.exchangePeriod ?? DEFAULT_EXCHANGE_PERIOD, `${field}.exchangePeriod`);
  const epoch = requirePositive(options.epoch ?? DEFAULT_EPOCH, `${field}.epoch`);
  const trigger = options.trigger ?? 'epoch';
  if (trigger !== 'epoch' && trigger !== 'arrival') invalid(`${field}.trigger`, trigger, "'epoch' or 'arrival'");
  let failureRates: Float64Array = new Float64Array(n);
  let recoveryRates: Float64Array = new Float64Array(n).fill(1);
  let failureMode: FailureMode = 'hold';
  const f = options.failures;
  const failuresOn = f !== undefined && f !== null;
  if (failuresOn) {
    if (typeof f !== 'object') invalid(`${field}.failures`, f, 'an object {rate, recoveryRate, mode}');
    failureRates = perNode(f.rate, n, `${field}.failures.rate`, true);
    recoveryRates = perNode(f.recoveryRate, n, `${field}.failures.recoveryRate`, false);
    const mode = f.mode ?? 'hold';
    if (mode !== 'hold' && mode !== 'lose') invalid(`${field}.failures.mode`, mode, "'hold' or 'lose'");
    failureMode = mode;
  }
  const staleDefault = failuresOn ? 3 * exchangePeriod : Infinity;
  const staleAfter = positiveOrInfinity(options.staleAfter ?? staleDefault, `${field}.staleAfter`);
  return {
    arrivalRates,
    bursty,
    exchangePeriod,
    epoch,
    trigger,
    failureRates,
    recoveryRates,
    failuresOn,
    failureMode,
    staleAfter,
  };
}
