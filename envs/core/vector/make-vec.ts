/**
 * `makeVec(id, numEnvs, options)`: a {@link SyncVectorEnv} of `numEnvs`
 * registered environments, each built by `make(id, options)` (so each carries
 * the registry's wrappers and time limit).
 */
import { make, type MakeOptions } from '../registry.js';
import { SyncVectorEnv, type SyncVectorEnvOptions } from './sync-vector-env.js';

export type MakeVecOptions = MakeOptions & SyncVectorEnvOptions;

export function makeVec<Act = Float32Array>(id: string, numEnvs: number, options: MakeVecOptions = {}): SyncVectorEnv<Act> {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`makeVec: numEnvs must be a positive integer, got ${numEnvs}`);
  const factories = Array.from({ length: numEnvs }, () => () => make<Float32Array, Act>(id, options));
  return new SyncVectorEnv<Act>(factories, options);
}
