/**
 * On-policy storage for PPO and REINFORCE: `numSteps x numEnvs` transitions,
 * flat at index `t * numEnvs + i`, plus the advantage estimators.
 *
 * Rewards stored here already include the bootstrap of truncated episodes
 * (`r + gamma * V(finalObservation)`), and `episodeEnds[k]` marks a step after
 * which the next stored observation belongs to a new episode; so both
 * estimators below cut their sums at `episodeEnds` and never bootstrap there.
 */

export class RolloutBuffer {
  readonly size: number;
  readonly observations: Float32Array[];
  /** The unclipped Gaussian sample (the log-probability is of this). */
  readonly actions: Float32Array[];
  readonly logProbs: Float32Array;
  readonly rewards: Float32Array;
  readonly values: Float32Array;
  readonly episodeEnds: Uint8Array;
  private cursor = 0;

  constructor(
    readonly numSteps: number,
    readonly numEnvs: number,
  ) {
    this.size = numSteps * numEnvs;
    this.observations = new Array<Float32Array>(this.size);
    this.actions = new Array<Float32Array>(this.size);
    this.logProbs = new Float32Array(this.size);
    this.rewards = new Float32Array(this.size);
    this.values = new Float32Array(this.size);
    this.episodeEnds = new Uint8Array(this.size);
  }

  /** Appends one transition (call `numEnvs` times per step, env order). */
  add(obs: Float32Array, action: Float32Array, logProb: number, reward: number, value: number, episodeEnd: boolean): void {
    const k = this.cursor;
    if (k >= this.size) throw new Error(`RolloutBuffer: full (size ${this.size})`);
    this.observations[k] = obs;
    this.actions[k] = action;
    this.logProbs[k] = logProb;
    this.rewards[k] = reward;
    this.values[k] = value;
    this.episodeEnds[k] = episodeEnd ? 1 : 0;
    this.cursor = k + 1;
  }

  get full(): boolean {
    return this.cursor === this.size;
  }

  clear(): void {
    this.cursor = 0;
  }

  /**
   * Generalised advantage estimation (Schulman et al. 2016):
   * `delta_t = r_t + gamma V(s_{t+1}) (1 - end_t) - V(s_t)`,
   * `A_t = delta_t + gamma lambda (1 - end_t) A_{t+1}`, `returns = A + V`.
   * `lastValues[i]` is V of env i's observation after the rollout.
   */
  computeGae(lastValues: Float32Array, gamma: number, gaeLambda: number): { advantages: Float32Array; returns: Float32Array } {
    const { numSteps: T, numEnvs: N } = this;
    const advantages = new Float32Array(this.size);
    const returns = new Float32Array(this.size);
    for (let i = 0; i < N; i++) {
      let lastGae = 0;
      for (let t = T - 1; t >= 0; t--) {
        const k = t * N + i;
        const notEnd = this.episodeEnds[k] === 1 ? 0 : 1;
        const nextValue = t === T - 1 ? lastValues[i]! : this.values[k + N]!;
        const delta = this.rewards[k]! + gamma * nextValue * notEnd - this.values[k]!;
        lastGae = delta + gamma * gaeLambda * notEnd * lastGae;
        advantages[k] = lastGae;
        returns[k] = lastGae + this.values[k]!;
      }
    }
    return { advantages, returns };
  }

  /**
   * Monte-Carlo discounted returns-to-go `G_t = r_t + gamma G_{t+1} (1 - end_t)`,
   * bootstrapped with `lastValues` only where the rollout cuts an episode.
   */
  computeReturns(lastValues: Float32Array, gamma: number): Float32Array {
    const { numSteps: T, numEnvs: N } = this;
    const returns = new Float32Array(this.size);
    for (let i = 0; i < N; i++) {
      let next = lastValues[i]!;
      for (let t = T - 1; t >= 0; t--) {
        const k = t * N + i;
        next = this.rewards[k]! + (this.episodeEnds[k] === 1 ? 0 : gamma * next);
        returns[k] = next;
      }
    }
    return returns;
  }
}

/** A uniformly random permutation of `0..n-1` (Fisher-Yates) drawn from `uniform`. */
export function permutation(n: number, uniform: () => number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}

/** Rows `index` of `rows` stacked into one flat Float32Array (for `tf.tensor2d`). */
export function gatherRows(rows: readonly Float32Array[], index: ArrayLike<number>, width: number): Float32Array {
  const out = new Float32Array(index.length * width);
  for (let j = 0; j < index.length; j++) out.set(rows[index[j]!]!, j * width);
  return out;
}

/** Entries `index` of `xs`. */
export function gather(xs: Float32Array, index: ArrayLike<number>): Float32Array {
  const out = new Float32Array(index.length);
  for (let j = 0; j < index.length; j++) out[j] = xs[index[j]!]!;
  return out;
}
