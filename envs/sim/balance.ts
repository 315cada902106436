/**
 * The balancing arithmetic of docs/model.md §2.3, shared by the simulator and the
 * analytical solver so both mean exactly the same thing.
 *
 * Node `l`, holding `queue` tasks at its balancing instant, with views
 * `views[j]` of the other nodes (Q_j(0) when informed, the unknown-queue
 * convention when blind) and gain `K`:
 * - target: plain `avg_l = (queue + sum_{j != l} views[j]) / n`, or
 *   capacity-weighted `weight_l * (queue + sum views)`;
 * - `excess_l = max(0, queue - target)`;
 * - partition `p_kl`: 1 when n = 2; for n > 2, `(1 - views[k]/S) / (n - 2)` when
 *   `l` is informed of every other node and `S = sum_{j != l} views[j] > 0`,
 *   else `1 / (n - 1)`;
 * - `L_kl = floor(K p_kl excess_l)`. A tolerance of 1e-9 is added before the
 *   floor so that products such as 0.7 * 10 = 6.9999999 count as 7.
 */

export const FLOOR_TOLERANCE = 1e-9;

/** `excess_l`: how many tasks node l holds above its target. */
export function excessOf(
  l: number,
  queue: number,
  views: ArrayLike<number>,
  weights: ArrayLike<number> | null,
): number {
  const n = views.length;
  let total = queue;
  for (let j = 0; j < n; j++) if (j !== l) total += views[j]!;
  const target = weights === null ? total / n : weights[l]! * total;
  const e = queue - target;
  return e > 0 ? e : 0;
}

/** `p_kl`: the share of l's excess that goes to node k (k != l). */
export function partitionShare(
  l: number,
  k: number,
  views: ArrayLike<number>,
  informedOfAll: boolean,
): number {
  const n = views.length;
  if (n === 2) return 1;
  if (informedOfAll) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== l) s += views[j]!;
    if (s > 0) return (1 - views[k]! / s) / (n - 2);
  }
  return 1 / (n - 1);
}

/** `floor(K p excess)` with the documented tolerance. */
export function batchSize(K: number, share: number, excess: number): number {
  const x = K * share * excess;
  return x <= 0 ? 0 : Math.floor(x + FLOOR_TOLERANCE);
}

/**
 * Writes `L_kl` for every k into `out` (out[l] = 0) and returns the total that
 * leaves node l.
 */
export function balanceNode(
  l: number,
  queue: number,
  views: ArrayLike<number>,
  informedOfAll: boolean,
  K: number,
  weights: ArrayLike<number> | null,
  out: Int32Array | number[],
): number {
  const n = views.length;
  const excess = excessOf(l, queue, views, weights);
  let total = 0;
  for (let k = 0; k < n; k++) {
    if (k === l || excess === 0 || K === 0) {
      out[k] = 0;
      continue;
    }
    const L = batchSize(K, partitionShare(l, k, views, informedOfAll), excess);
    out[k] = L;
    total += L;
  }
  return total;
}

/**
 * Two-node shortcut: the batch node `l` sends to the other node when it holds
 * `queue` and views the other as `view` (same arithmetic as balanceNode).
 */
export function twoNodeBatch(queue: number, view: number, K: number, weightSelf: number | null): number {
  const total = queue + view;
  const target = weightSelf === null ? total / 2 : weightSelf * total;
  const excess = queue - target;
  return excess > 0 ? batchSize(K, 1, excess) : 0;
}

/**
 * The target rules of LB-OneShot-v0's `target` option: `plain` (the paper's
 * average), `capacity` (capacity-weighted) and `learned`, where a third action
 * component alpha in [0, 1] mixes them:
 * `target_l = ((1 - alpha) / n + alpha * lambda_l / sum(lambda)) * total`,
 * i.e. `(1 - alpha) * plain + alpha * capacity-weighted`.
 */
export const TARGET_RULES = ['plain', 'capacity', 'learned'] as const;
export type TargetRule = (typeof TARGET_RULES)[number];

/**
 * Writes the weights of the mixed target `(1 - alpha) / n + alpha * lambda_l / sum(lambda)`
 * into `out` (alpha = 1 gives the capacity weights exactly; alpha = 0 gives
 * 1/n, the plain average up to rounding for n > 2 and exactly for n = 2).
 */
export function mixedTargetWeights(rates: ArrayLike<number>, alpha: number, out: Float64Array): Float64Array {
  const n = rates.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rates[i]!;
  for (let i = 0; i < n; i++) out[i] = alpha === 1 ? rates[i]! / sum : (1 - alpha) / n + (alpha * rates[i]!) / sum;
  return out;
}
