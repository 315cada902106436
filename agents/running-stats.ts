/**
 * Running mean and variance of vectors (parallel Welford / Chan et al.), used
 * to normalise observations inside an agent: `(x - mean) / sqrt(var + eps)`,
 * clipped to `[-clip, clip]`. The statistics are saved with the agent so a
 * loaded agent normalises exactly as the trained one did.
 */

export interface RunningStatsState {
  readonly count: number;
  readonly mean: number[];
  readonly var: number[];
}

export class RunningMeanStd {
  count: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;

  /** `count` starts at a tiny epsilon so the first update is well defined (as in Gymnasium). */
  constructor(
    readonly size: number,
    readonly epsilon = 1e-8,
    readonly clip = 10,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`RunningMeanStd: size ${size} is not a positive integer`);
    this.count = 1e-4;
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
  }

  /** Folds a batch of `rows` vectors (each of length `size`) into the statistics. */
  update(rows: readonly Float32Array[]): void {
    const n = rows.length;
    if (n === 0) return;
    const d = this.size;
    const bMean = new Float64Array(d);
    const bVar = new Float64Array(d);
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

  /** The normalised copy of `x`. */
  normalize(x: Float32Array): Float32Array {
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const z = (x[i]! - this.mean[i]!) / Math.sqrt(this.var[i]! + this.epsilon);
      out[i] = Math.min(this.clip, Math.max(-this.clip, z));
    }
    return out;
  }

  getState(): RunningStatsState {
    return { count: this.count, mean: Array.from(this.mean), var: Array.from(this.var) };
  }

  setState(s: RunningStatsState): void {
    if (s.mean.length !== this.size || s.var.length !== this.size) {
      throw new Error(`RunningMeanStd: state of length ${s.mean.length} does not fit size ${this.size}`);
    }
    this.count = s.count;
    this.mean.set(s.mean);
    this.var.set(s.var);
  }
}
