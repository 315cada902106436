/**
 * What node l knows at its balancing instant (docs/model.md §2.3): its view of
 * node j is Q_j(0) when the message from j has arrived, else the
 * unknown-queue convention (0 by default).
 */
import type { UnknownQueue } from './scenario.js';

/**
 * Fills `views` for node l and returns whether l is informed of every other node.
 * `informedRow[j]` is 1 when l heard from j.
 */
export function viewsOf(
  l: number,
  queue: number,
  initialLoads: ArrayLike<number>,
  informed: Uint8Array,
  rowOffset: number,
  unknownQueue: UnknownQueue,
  views: Float64Array,
): boolean {
  const n = views.length;
  let all = true;
  for (let j = 0; j < n; j++) {
    if (j === l) {
      views[j] = queue;
    } else if (informed[rowOffset + j] === 1) {
      views[j] = initialLoads[j]!;
    } else {
      all = false;
      views[j] = unknownQueue === 'zero' ? 0 : queue;
    }
  }
  return all;
}
