/** What the training tests compare between runs. */
import type { UpdateMetrics } from '../../agents/train.js';

/** A run's per-update metrics without the wall-clock speed, so two runs' histories compare exactly. */
export function comparable(history: readonly UpdateMetrics[]): Omit<UpdateMetrics, 'sps'>[] {
  return history.map(({ sps: _sps, ...rest }) => rest);
}
