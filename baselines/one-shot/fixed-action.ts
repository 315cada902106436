/** A policy that always plays the same one-shot action `[K, t_b]`. */
import type { Policy } from '../../envs/core/policy.js';

export class FixedActionPolicy implements Policy {
  private readonly action: Float32Array;
  constructor(
    readonly name: string,
    readonly K: number,
    readonly tb: number,
  ) {
    this.action = Float32Array.of(K, tb);
  }
  act(): Float32Array {
    return this.action.slice();
  }
}
