/**
 * Per-task dispatch rules of a front-end dispatcher (docs/model.md §4.7, "Front-end
 * dispatch"), as pure functions of the state a rule may see.
 *
 * | rule          | sees                                  | picks node i with                               |
 * |---------------|---------------------------------------|-------------------------------------------------|
 * | `weighted`    | the agent-set weights                 | probability `w_i / sum(w)`                      |
 * | `ecmp`        | nothing                               | probability `1 / n`                             |
 * | `wcmp`        | capacities                            | probability `c_i / sum(c)`                      |
 * | `lsq`         | its own outstanding counts `o`        | min `o_i`                                       |
 * | `sed`         | `o` and capacities                    | min `(1 + o_i) / c_i`                           |
 * | `po2`         | `o` of two distinct nodes drawn uniformly | the one with the smaller `o`                |
 * | `active-wcmp` | true queues polled every `pollInterval` s (stale) | probability proportional to `c_i / (1 + polled_i)` |
 * | `oracle`      | true queues now, capacities           | min `(trueQueue_i + 1) / c_i` (shortest expected finish) |
 * | `sed-speeds`  | `o` and the agent-set speed estimates `s` | min `(1 + o_i) / s_i` (SED on learned speeds) |
 *
 * Capacity `c_i` is `cpus_i * rate_i` (the service rate of a one-core FIFO
 * node). `sed-speeds` is the agent's (`action: 'sed-speeds'`), so it is not a
 * {@link DISPATCH_RULES} name: the envs' `rule` kwarg does not take it. Ties are broken uniformly at random (a draw
 * only when a tie is met). The simulator's hot loop calls these very
 * functions, so the tests on hand-made states test the simulator's choices.
 */
import type { Rng } from '../rng.js';
import { invalid } from '../validation.js';

export const DISPATCH_RULES = ['weighted', 'ecmp', 'wcmp', 'lsq', 'sed', 'po2', 'active-wcmp', 'oracle'] as const;
export type DispatchRule = (typeof DISPATCH_RULES)[number];
/** The classic rules: every rule but the agent-driven `weighted`. */
export const CLASSIC_RULES: readonly DispatchRule[] = DISPATCH_RULES.filter((r) => r !== 'weighted');

/** Every routing rule of the simulator: the dispatch rules and the agent's SED on speed estimates. */
export const ROUTING_RULES = [...DISPATCH_RULES, 'sed-speeds'] as const;
export type RoutingRule = (typeof ROUTING_RULES)[number];

/** Validates a rule name; `field` names it in the error. */
export function validateRule(rule: unknown, field: string): DispatchRule {
  if (typeof rule !== 'string' || !(DISPATCH_RULES as readonly string[]).includes(rule)) {
    invalid(field, rule, `one of ${DISPATCH_RULES.join(', ')}`);
  }
  return rule as DispatchRule;
}

/** Validates a routing rule name (a dispatch rule or `sed-speeds`). */
export function validateRoutingRule(rule: unknown, field: string): RoutingRule {
  if (typeof rule !== 'string' || !(ROUTING_RULES as readonly string[]).includes(rule)) {
    invalid(field, rule, `one of ${ROUTING_RULES.join(', ')}`);
  }
  return rule as RoutingRule;
}

/** The rule's index in {@link ROUTING_RULES} (the simulator switches on it; a dispatch rule's index is its index in {@link DISPATCH_RULES}). */
export function ruleCode(rule: RoutingRule): number {
  return ROUTING_RULES.indexOf(rule);
}

/**
 * Node drawn with probability proportional to the weights, from cumulative
 * weights `cum[off .. off + n)` (non-decreasing, last entry the total > 0) and
 * a uniform `u` in [0, 1).
 */
export function pickCumulative(cum: Float64Array, off: number, n: number, u: number): number {
  const x = u * cum[off + n - 1]!;
  for (let i = 0; i < n - 1; i++) if (x < cum[off + i]!) return i;
  return n - 1;
}

/** Writes the cumulative sums of `w` (length n) into `cum[off ..]`; all-zero weights become uniform. */
export function cumulate(w: ArrayLike<number>, cum: Float64Array, off: number, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i]!;
  if (s > 0) {
    let c = 0;
    for (let i = 0; i < n; i++) cum[off + i] = c += w[i]! / s;
  } else {
    for (let i = 0; i < n; i++) cum[off + i] = (i + 1) / n;
  }
}

/** LSQ: the node with the fewest outstanding tasks `o[off + i]`. */
export function pickLeast(o: ArrayLike<number>, off: number, n: number, rng: Rng): number {
  let best = 0;
  let bestV = o[off]!;
  let ties = 1;
  for (let i = 1; i < n; i++) {
    const v = o[off + i]!;
    if (v < bestV) {
      best = i;
      bestV = v;
      ties = 1;
    } else if (v === bestV && rng.uniform() * ++ties < 1) {
      best = i;
    }
  }
  return best;
}

/**
 * Shortest expected delay on counts `q[off + i]` and rates `c[i]`: min
 * `(1 + q_i) / c_i`. SED with the dispatcher's own outstanding counts and
 * capacities; the oracle with the true queues and capacities; `sed-speeds`
 * with the own counts and the agent's speed estimates (a zero speed gives
 * `Infinity`: never picked unless every speed is zero, then uniform).
 */
export function pickShortestExpected(q: ArrayLike<number>, off: number, c: ArrayLike<number>, n: number, rng: Rng): number {
  let best = 0;
  let bestV = (1 + q[off]!) / c[0]!;
  let ties = 1;
  for (let i = 1; i < n; i++) {
    const v = (1 + q[off + i]!) / c[i]!;
    if (v < bestV) {
      best = i;
      bestV = v;
      ties = 1;
    } else if (v === bestV && rng.uniform() * ++ties < 1) {
      best = i;
    }
  }
  return best;
}

/** Power of two choices: two distinct nodes drawn uniformly, the one with fewer outstanding wins. */
export function pickPowerOfTwo(o: ArrayLike<number>, off: number, n: number, rng: Rng): number {
  const i = Math.floor(rng.uniform() * n);
  let j = Math.floor(rng.uniform() * (n - 1));
  if (j >= i) j++;
  const oi = o[off + i]!;
  const oj = o[off + j]!;
  if (oi < oj) return i;
  if (oj < oi) return j;
  return rng.uniform() < 0.5 ? i : j;
}

/** Active-WCMP weights `c_i / (1 + polled_i)` into `w`. */
export function activeWcmpWeights(c: ArrayLike<number>, polled: ArrayLike<number>, n: number, w: Float64Array): void {
  for (let i = 0; i < n; i++) w[i] = c[i]! / (1 + polled[i]!);
}
