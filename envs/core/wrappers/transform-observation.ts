/**
 * {@link FlattenObservation} (Gymnasium's `wrappers/transform_observation.py`):
 * flattens any Box, Discrete, MultiDiscrete or Dict observation into one
 * float32 vector, with `flattenSpace` as the new observation space.
 */
import type { Env } from '../env.js';
import type { Space } from '../space.js';
import type { Box } from '../spaces/box.js';
import { flatten, flattenSpace } from '../spaces/flatten.js';
import { ObservationWrapper } from './wrapper.js';

export class FlattenObservation<InnerObs = unknown, Act = Float32Array> extends ObservationWrapper<Float32Array, Act, InnerObs> {
  readonly observationSpace: Box;
  private readonly inner: Space<InnerObs>;

  constructor(env: Env<InnerObs, Act>) {
    super(env);
    this.inner = env.observationSpace;
    this.observationSpace = flattenSpace(env.observationSpace);
  }

  observation(observation: InnerObs): Float32Array {
    return flatten(this.inner, observation, new Float32Array(this.observationSpace.size));
  }
}
