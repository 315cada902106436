/** Uniformly random `[K, t_b]` in `[0, 1] x [0, tbMax]`, from a seeded stream. */
import type { Policy } from '../../envs/core/policy.js';
import { type Rng, streamFor } from '../../envs/sim/rng.js';

export class RandomPolicy implements Policy {
  readonly name = 'random';
  private readonly rng: Rng;
  constructor(
    readonly tbMax: number,
    seed: number,
  ) {
    this.rng = streamFor(seed, 'policy');
  }
  act(): Float32Array {
    return Float32Array.of(this.rng.uniform(), this.rng.uniform() * this.tbMax);
  }
}
