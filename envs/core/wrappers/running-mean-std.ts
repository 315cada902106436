/**
 * Running mean and (population) variance of a vector stream, updated one
 * sample at a time with Welford's rule, started as Gymnasium's
 * `RunningMeanStd` is (mean 0, variance 1, a prior count `epsilon = 1e-4`), so
 * the normalisation wrappers give Gymnasium's numbers.
 */

/** A JSON-friendly snapshot of the statistics, for saving with an agent. */
export interface RunningMeanStdState {
  mean: number[];
  var: number[];
  count: number;
}

export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(
    readonly size: number,
    epsilon = 1e-4,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`RunningMeanStd: size must be a positive integer, got ${size}`);
    if (!(epsilon > 0)) throw new Error(`RunningMeanStd: epsilon must be positive, got ${epsilon}`);
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Adds one sample `x` (length `size`). */
  update(x: ArrayLike<number>): void {
    const n = this.count;
    const total = n + 1;
    for (let i = 0; i < this.size; i++) {
      const delta = x[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + delta / total;
      this.var[i] = (this.var[i]! * n + (delta * delta * n) / total) / total;
    }
    this.count = total;
  }

  /** Adds one scalar sample (for `size` 1), without an array. */
  updateScalar(x: number): void {
    const n = this.count;
    const total = n + 1;
    const delta = x - this.mean[0]!;
    this.mean[0] = this.mean[0]! + delta / total;
    this.var[0] = (this.var[0]! * n + (delta * delta * n) / total) / total;
    this.count = total;
  }

  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** Restores a snapshot from `getState` (same size). */
  setState(state: RunningMeanStdState): void {
    if (state.mean.length !== this.size) throw new Error(`RunningMeanStd: state.mean has length ${state.mean.length}, expected ${this.size}`);
    if (state.var.length !== this.size) throw new Error(`RunningMeanStd: state.var has length ${state.var.length}, expected ${this.size}`);
    if (!(state.count > 0)) throw new Error(`RunningMeanStd: state.count must be positive, got ${state.count}`);
    state.var.forEach((v, i) => {
      if (!(v >= 0)) throw new Error(`RunningMeanStd: state.var[${i}] must be non-negative, got ${v}`);
    });
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
