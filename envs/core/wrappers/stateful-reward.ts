/**
 * {@link NormalizeReward} (Gymnasium's `wrappers/stateful_reward.py`): scales
 * each reward by `1 / sqrt(var + epsilon)`, where `var` is the running variance
 * of the discounted return `G = gamma * G * (1 - terminated) + reward`. The mean
 * is not subtracted (openai/baselines#538). As in Gymnasium, `G` is zeroed only
 * by termination, not by truncation or reset.
 */
import type { Env, StepResult } from '../env.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { Wrapper } from './wrapper.js';

export interface NormalizeRewardOptions {
  /** Discount of the return whose variance scales the reward. @default 0.99 */
  gamma?: number;
  /** Added to the variance before the square root. @default 1e-8 */
  epsilon?: number;
}

export class NormalizeReward<Obs = Float32Array, Act = Float32Array> extends Wrapper<Obs, Act> {
  readonly gamma: number;
  readonly epsilon: number;
  /** Whether rewards update the statistics; false freezes them (evaluation). */
  update = true;
  /** The running discounted return `G`. */
  discountedReward = 0;
  private readonly rms = new RunningMeanStd(1);

  constructor(env: Env<Obs, Act>, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = options.gamma ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.gamma >= 0 && this.gamma <= 1)) throw new Error(`NormalizeReward: gamma must be in [0, 1], got ${this.gamma}`);
    if (!(this.epsilon >= 0)) throw new Error(`NormalizeReward: epsilon must be non-negative, got ${this.epsilon}`);
  }

  /** A snapshot of the return statistics (save it with the agent). */
  get statistics(): RunningMeanStdState {
    return this.rms.getState();
  }

  /** Restores statistics saved from `statistics`. */
  set statistics(state: RunningMeanStdState) {
    this.rms.setState(state);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.discountedReward = this.discountedReward * this.gamma * (r.terminated ? 0 : 1) + r.reward;
    if (this.update) this.rms.updateScalar(this.discountedReward);
    r.reward = r.reward / Math.sqrt(this.rms.var[0]! + this.epsilon);
    return r;
  }
}
