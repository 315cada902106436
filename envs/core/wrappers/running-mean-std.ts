/**
 * Running mean and (population) variance of a vector stream, started as
 * Gymnasium's `RunningMeanStd` is (mean 0, variance 1, a prior count
 * `epsilon = 1e-4`): one sample at a time with Welford's rule (the
 * normalisation wrappers, which then give Gymnasium's numbers), or a batch at
 * a time with Chan et al.'s parallel rule (the agents' observation
 * normalisers, saved with the agent so a loaded agent normalises as the
 * trained one did).
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
  /** Scratch of `updateBatch` (called once per environment step by the agents). */
  private readonly batchMean: Float64Array;
  private readonly batchVar: Float64Array;

  constructor(
    readonly size: number,
    epsilon = 1e-4,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`RunningMeanStd: size must be a positive integer, got ${size}`);
    if (!(epsilon > 0)) throw new Error(`RunningMeanStd: epsilon must be positive, got ${epsilon}`);
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
    this.batchMean = new Float64Array(size);
    this.batchVar = new Float64Array(size);
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

  /** Folds a batch of vectors (each of length `size`) into the statistics. */
  updateBatch(rows: readonly ArrayLike<number>[]): void {
    const n = rows.length;
    if (n === 0) return;
    const d = this.size;
    const bMean = this.batchMean.fill(0);
    const bVar = this.batchVar.fill(0);
    for (const r of rows) {
      if (r.length !== d) throw new Error(`RunningMeanStd: observation length ${r.length} != ${d}`);
      for (let i = 0; i < d; i++) bMean[i]! += r[i]! / n;
    }
    for (const r of rows) {
      for (let i = 0; i < d; i++) bVar[i]! += (r[i]! - bMean[i]!) ** 2 / n;
    }
    const total = this.count + n;
    for (let i = 0; i < d; i++) {
      const delta = bMean[i]! - this.mean[i]!;
      const m2 = this.var[i]! * this.count + bVar[i]! * n + (delta * delta * this.count * n) / total;
      this.mean[i] = this.mean[i]! + (delta * n) / total;
      this.var[i] = m2 / total;
    }
    this.count = total;
  }

  /** The normalised copy of `x`: `(x - mean) / sqrt(var + epsilon)`, clipped to `[-clip, clip]`. */
  normalize(x: ArrayLike<number>, epsilon = 1e-8, clip = 10): Float32Array {
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const z = (x[i]! - this.mean[i]!) / Math.sqrt(this.var[i]! + epsilon);
      out[i] = Math.min(clip, Math.max(-clip, z));
    }
    return out;
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
