/**
 * The PPO update (agents/ppo.ts's `ppoUpdate`) computed in plain JavaScript:
 * the same minibatches from the same stream, the same losses, gradients,
 * global-norm clipping and Adam step, with the gradients derived by hand
 * (below) instead of by tfjs's autodiff, on the shared actor-critic kernel
 * (agents/actor-critic-js.ts). On the wasm backend it is several times faster
 * than the graph (`npm run bench -- training`): a 64-row minibatch of a
 * 64x64 network is a few hundred thousand multiply-adds, which tfjs spreads
 * over some 300 dispatched ops. Results agree with the graph's update up to
 * float32 rounding (test/agents/ppo-update-js.test.ts).
 *
 * Gradients, per minibatch of n rows, with the log-ratio q = log pi -
 * log pi_old and r = exp(q):
 * - surrogate `max(-A r, -A clip(r))`: d/dr = -A / n where the first term is
 *   the max (ties included, as tf.maximum), else -A / n where r is within the
 *   clip range, else 0; d/d log pi = r d/dr;
 * - value loss `0.5 max((v - R)^2, (v_c - R)^2)` with v_c = v_old +
 *   clip(v - v_old): d/dv = (v - R) / n, or (v_c - R) / n inside the clip range;
 * - entropy `sum(logStd) + const`: d/d logStd = 1.
 */
import { ActorCriticKernel, MinibatchMeans } from './actor-critic-js.js';
import type { UpdateStats } from './agent.js';
import { permutation } from './rollout-buffer.js';
import type { PPOBatch, PPONetworks } from './ppo.js';
import type { PPOUpdateConfig } from './shared-config.js';
import type { Rng } from '../envs/sim/rng.js';

/** Copies rows `idx` of `rows` into `out` (row-major doubles). */
export function gatherInto(rows: readonly Float32Array[], idx: ArrayLike<number>, width: number, out: Float64Array): void {
  for (let r = 0; r < idx.length; r++) {
    const row = rows[idx[r]!]!;
    for (let i = 0; i < width; i++) out[r * width + i] = row[i]!;
  }
}

export function ppoUpdateJs(c: PPOUpdateConfig & { readonly numMinibatches: number }, nets: PPONetworks, batch: PPOBatch, rng: Rng): UpdateStats {
  const { rollout, criticInputs, advantages, returns } = batch;
  const B = rollout.size;
  const d = rollout.observations[0]!.length;
  const dC = criticInputs[0]!.length;
  const n = Math.max(1, Math.floor(B / c.numMinibatches));
  const k = new ActorCriticKernel(nets, n);
  if (k.actor.inputSize !== d || k.actor.outputSize !== rollout.actions[0]!.length || k.critic.inputSize !== dC) {
    throw new Error('ppo-update-js: the networks do not fit the batch');
  }
  const obs = new Float64Array(n * d);
  const criticObs = new Float64Array(n * dC);
  const adv = new Float64Array(n);
  const means = new MinibatchMeans();
  for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
    const order = permutation(B, () => rng.uniform());
    let epochKl = 0;
    let epochMb = 0;
    for (let start = 0; start + n <= B; start += n) {
      const idx = order.subarray(start, start + n);
      gatherInto(rollout.observations, idx, d, obs);
      gatherInto(criticInputs, idx, dC, criticObs);
      for (let r = 0; r < n; r++) adv[r] = advantages[idx[r]!]!;
      if (c.normAdv && n > 1) {
        let mean = 0;
        for (let r = 0; r < n; r++) mean += adv[r]! / n;
        let variance = 0;
        for (let r = 0; r < n; r++) variance += (adv[r]! - mean) ** 2 / n;
        const std = Math.sqrt((variance * n) / (n - 1));
        for (let r = 0; r < n; r++) adv[r] = (adv[r]! - mean) / (std + 1e-8);
      }
      k.sigmas();
      const mu = k.actor.forward(obs, n);
      const value = k.critic.forward(criticObs, n);
      let pgLoss = 0;
      let vLoss = 0;
      let approxKl = 0;
      let clipFrac = 0;
      for (let r = 0; r < n; r++) {
        const i = idx[r]!;
        const u = rollout.actions[i]!;
        const logRatio = k.logProb(u, mu, r) - rollout.logProbs[i]!;
        const ratio = Math.exp(logRatio);
        const A = adv[r]!;
        const pg1 = -A * ratio;
        const pg2 = -A * Math.min(1 + c.clipCoef, Math.max(1 - c.clipCoef, ratio));
        pgLoss += Math.max(pg1, pg2) / n;
        const inClip = ratio >= 1 - c.clipCoef && ratio <= 1 + c.clipCoef;
        k.addLogProbGradient(u, mu, r, (pg1 >= pg2 || inClip ? -A / n : 0) * ratio);
        const v = value[r]!;
        const ret = returns[i]!;
        if (c.clipVloss) {
          const old = rollout.values[i]!;
          const diff = v - old;
          const vc = old + Math.min(c.clipCoef, Math.max(-c.clipCoef, diff));
          const unclippedLoss = (v - ret) ** 2;
          const clippedLoss = (vc - ret) ** 2;
          vLoss += (0.5 * Math.max(unclippedLoss, clippedLoss)) / n;
          const inRange = diff >= -c.clipCoef && diff <= c.clipCoef;
          k.dV[r] = c.vfCoef * (unclippedLoss >= clippedLoss ? (v - ret) / n : inRange ? (vc - ret) / n : 0);
        } else {
          vLoss += (0.5 * (v - ret) ** 2) / n;
          k.dV[r] = (c.vfCoef * (v - ret)) / n;
        }
        approxKl += (ratio - 1 - logRatio) / n;
        if (Math.abs(ratio - 1) > c.clipCoef) clipFrac += 1 / n;
      }
      const entropy = k.entropy(c.entCoef);
      const norm = k.step(c.maxGradNorm);
      means.add(pgLoss, vLoss, entropy, approxKl, clipFrac, norm);
      epochKl += approxKl;
      epochMb += 1;
    }
    if (c.targetKl > 0 && epochKl / epochMb > c.targetKl) break;
  }
  k.finish();
  return means.stats(rollout.values, returns);
}
