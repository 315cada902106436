/**
 * {@link NormalizeObservation} (Gymnasium's `wrappers/stateful_observation.py`):
 * each observation becomes `(obs - mean) / sqrt(var + epsilon)` with running
 * statistics updated (before normalising) on every reset and step while
 * `update` is true. The observation space becomes an unbounded Box of the
 * same shape, as in Gymnasium.
 */
import type { Env } from '../env.js';
import { Box } from '../spaces/box.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { ObservationWrapper } from './wrapper.js';

export interface NormalizeObservationOptions {
  /** Added to the variance before the square root. @default 1e-8 */
  epsilon?: number;
}

export class NormalizeObservation<Act = Float32Array> extends ObservationWrapper<Float32Array, Act, Float32Array> {
  readonly observationSpace: Box;
  readonly epsilon: number;
  /** Whether observations update the statistics; false freezes them (evaluation). */
  update = true;
  private readonly rms: RunningMeanStd;

  constructor(env: Env<Float32Array, Act>, options: NormalizeObservationOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) {
      throw new Error(`NormalizeObservation: observationSpace must be a Box, got ${inner.toString()}`);
    }
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.epsilon >= 0)) throw new Error(`NormalizeObservation: epsilon must be non-negative, got ${this.epsilon}`);
    this.observationSpace = new Box(-Infinity, Infinity, inner.shape);
    this.rms = new RunningMeanStd(inner.size);
  }

  /** A snapshot of the running statistics (save it with the agent). */
  get statistics(): RunningMeanStdState {
    return this.rms.getState();
  }

  /** Restores statistics saved from `statistics`. */
  set statistics(state: RunningMeanStdState) {
    this.rms.setState(state);
  }

  observation(observation: Float32Array): Float32Array {
    const { rms, epsilon } = this;
    if (this.update) rms.update(observation);
    const out = new Float32Array(observation.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = (observation[i]! - rms.mean[i]!) / Math.sqrt(rms.var[i]! + epsilon);
    }
    return out;
  }
}
