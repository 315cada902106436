/** Environment throughput: LB-OneShot-v0 steps per second, single and vector of 8. */
import { ONE_SHOT_ID, make, makeVec } from '../envs/index.js';
import { type Figure, bestSeconds } from './figure.js';

export function benchEnvs(): Figure[] {
  const steps = 200_000;
  const env = make(ONE_SHOT_ID, { kwargs: { loads: { kind: 'fixed', loads: [100, 50] } } });
  const action = Float32Array.of(0.9, 5);
  env.reset({ seed: 1 });
  const single = bestSeconds(() => {
    for (let i = 0; i < steps; i++) {
      env.reset();
      env.step(action);
    }
  });
  const numEnvs = 8;
  const vec = makeVec(ONE_SHOT_ID, numEnvs, { kwargs: { loads: { kind: 'fixed', loads: [100, 50] } } });
  const actions = new Float32Array(2 * numEnvs);
  for (let i = 0; i < numEnvs; i++) actions.set(action, 2 * i);
  vec.reset({ seed: 1 });
  // With next-step autoreset every other vector step is a reset step: count both.
  const vsteps = (2 * steps) / numEnvs;
  const vector = bestSeconds(() => {
    for (let i = 0; i < vsteps; i++) vec.step(actions);
  });
  const singleRate = steps / single;
  const vectorRate = (vsteps * numEnvs) / 2 / vector;
  return [
    { label: 'LB-OneShot-v0 (100,50), reset + step, single', value: singleRate, unit: 'steps/s', target: '>= 50,000' },
    { label: 'LB-OneShot-v0 (100,50), SyncVectorEnv x8', value: vectorRate, unit: 'env-steps/s' },
    { label: 'vector overhead per step', value: 100 * (singleRate / vectorRate - 1), unit: '%', target: '<= 20' },
  ];
}
