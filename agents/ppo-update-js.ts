/**
 * The PPO update (agents/ppo.ts's `ppoUpdate`) computed in plain JavaScript:
 * the same minibatches from the same stream, the same losses, gradients,
 * global-norm clipping and Adam step, with the gradients derived by hand
 * (below) instead of by tfjs's autodiff. On the wasm backend it is several
 * times faster than the graph (`npm run bench -- training`), because a
 * 64-row minibatch of a 64x64 network is a few hundred thousand multiply-adds,
 * which tfjs spreads over some 300 dispatched ops.
 *
 * Parameters are read from the tfjs variables at the start of an update and
 * written back at its end, Adam's state likewise (agents/adam-js.ts), so
 * saving, loading and resuming see tfjs's own formats. Results agree with the
 * graph's update up to float32 rounding (test/agents/ppo-update-js.test.ts).
 *
 * Gradients, per minibatch of n rows, with z = (u - mu) / sigma, the
 * log-ratio q = log pi - log pi_old and r = exp(q):
 * - surrogate `max(-A r, -A clip(r))`: d/dr = -A / n where the first term is
 *   the max (ties included, as tf.maximum), else -A / n where r is within the
 *   clip range, else 0; d/d log pi = r d/dr;
 * - d log pi / d mu = z / sigma, d log pi / d logStd = z^2 - 1;
 * - value loss `0.5 max((v - R)^2, (v_c - R)^2)` with v_c = v_old +
 *   clip(v - v_old): d/dv = (v - R) / n, or (v_c - R) / n inside the clip range;
 * - entropy `sum(logStd) + const`: d/d logStd = 1.
 */
import { tf } from './backend.js';
import { AdamJs } from './adam-js.js';
import { DenseNet, denseShapes } from './dense-net.js';
import { explainedVariance, type UpdateStats } from './agent.js';
import { permutation } from './rollout-buffer.js';
import type { PPOBatch, PPONetworks } from './ppo.js';
import type { PPOUpdateConfig } from './shared-config.js';
import type { Rng } from '../envs/sim/rng.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Copies rows `idx` of `rows` into `out` (row-major doubles). */
function gatherInto(rows: readonly Float32Array[], idx: ArrayLike<number>, width: number, out: Float64Array): void {
  for (let r = 0; r < idx.length; r++) {
    const row = rows[idx[r]!]!;
    for (let i = 0; i < width; i++) out[r * width + i] = row[i]!;
  }
}

/** Binds each network's parameters to its tfjs variables (in `variables` order: actor, critic, logStd). */
function bind(nets: PPONetworks, actor: DenseNet, critic: DenseNet): Float32Array[] {
  const own = [...actor.params, ...critic.params];
  if (nets.variables.length !== own.length + 1) throw new Error(`ppo-update-js: expected ${own.length + 1} variables, got ${nets.variables.length}`);
  nets.variables.slice(0, own.length).forEach((v, i) => {
    if (v.size !== own[i]!.length) throw new Error(`ppo-update-js: variable ${v.name} has ${v.size} values, the network ${own[i]!.length}`);
    own[i]!.set(v.dataSync() as Float32Array);
  });
  return [...own, Float32Array.from(nets.logStd.dataSync())];
}

export function ppoUpdateJs(c: PPOUpdateConfig & { readonly numMinibatches: number }, nets: PPONetworks, batch: PPOBatch, rng: Rng): UpdateStats {
  const { rollout, criticInputs, advantages, returns } = batch;
  const B = rollout.size;
  const d = rollout.observations[0]!.length;
  const dC = criticInputs[0]!.length;
  const a = rollout.actions[0]!.length;
  const n = Math.max(1, Math.floor(B / c.numMinibatches));
  const actor = new DenseNet(denseShapes(nets.actor), n);
  const critic = new DenseNet(denseShapes(nets.critic), n);
  if (actor.inputSize !== d || actor.outputSize !== a || critic.inputSize !== dC || critic.outputSize !== 1) {
    throw new Error('ppo-update-js: the networks do not fit the batch');
  }
  const params = bind(nets, actor, critic);
  const logStd = params[params.length - 1]!;
  const adam = AdamJs.load(nets.optimizer, nets.variables);
  const gLogStd = new Float64Array(a);
  const grads = [...actor.grads, ...critic.grads, gLogStd];

  const obs = new Float64Array(n * d);
  const criticObs = new Float64Array(n * dC);
  const adv = new Float64Array(n);
  const dMu = new Float64Array(n * a);
  const dV = new Float64Array(n);
  const sigma = new Float64Array(a);
  const sums = { pg: 0, v: 0, ent: 0, kl: 0, clip: 0, norm: 0, n: 0 };
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
      for (let j = 0; j < a; j++) sigma[j] = Math.exp(logStd[j]!);
      const mu = actor.forward(obs, n);
      const value = critic.forward(criticObs, n);

      gLogStd.fill(0);
      let pgLoss = 0;
      let vLoss = 0;
      let approxKl = 0;
      let clipFrac = 0;
      for (let r = 0; r < n; r++) {
        const k = idx[r]!;
        const u = rollout.actions[k]!;
        let logProb = 0;
        for (let j = 0; j < a; j++) {
          const z = (u[j]! - mu[r * a + j]!) / sigma[j]!;
          logProb += -0.5 * z * z - logStd[j]! - LOG_SQRT_2PI;
        }
        const logRatio = logProb - rollout.logProbs[k]!;
        const ratio = Math.exp(logRatio);
        const A = adv[r]!;
        const clipped = Math.min(1 + c.clipCoef, Math.max(1 - c.clipCoef, ratio));
        const pg1 = -A * ratio;
        const pg2 = -A * clipped;
        pgLoss += Math.max(pg1, pg2) / n;
        const inClip = ratio >= 1 - c.clipCoef && ratio <= 1 + c.clipCoef;
        const dRatio = pg1 >= pg2 || inClip ? -A / n : 0;
        const dLogProb = dRatio * ratio;
        for (let j = 0; j < a; j++) {
          const z = (u[j]! - mu[r * a + j]!) / sigma[j]!;
          dMu[r * a + j] = (dLogProb * z) / sigma[j]!;
          gLogStd[j] = gLogStd[j]! + dLogProb * (z * z - 1);
        }
        const v = value[r]!;
        const ret = returns[k]!;
        if (c.clipVloss) {
          const old = rollout.values[k]!;
          const diff = v - old;
          const vc = old + Math.min(c.clipCoef, Math.max(-c.clipCoef, diff));
          const unclippedLoss = (v - ret) ** 2;
          const clippedLoss = (vc - ret) ** 2;
          vLoss += (0.5 * Math.max(unclippedLoss, clippedLoss)) / n;
          const inRange = diff >= -c.clipCoef && diff <= c.clipCoef;
          dV[r] = c.vfCoef * (unclippedLoss >= clippedLoss ? (v - ret) / n : inRange ? (vc - ret) / n : 0);
        } else {
          vLoss += (0.5 * (v - ret) ** 2) / n;
          dV[r] = (c.vfCoef * (v - ret)) / n;
        }
        approxKl += (ratio - 1 - logRatio) / n;
        if (Math.abs(ratio - 1) > c.clipCoef) clipFrac += 1 / n;
      }
      let entropy = 0;
      for (let j = 0; j < a; j++) {
        entropy += logStd[j]! + 0.5 + LOG_SQRT_2PI;
        gLogStd[j] = gLogStd[j]! - c.entCoef;
      }
      actor.backward(dMu);
      critic.backward(dV);

      // Global-norm clipping, then Adam.
      let sq = 0;
      for (const g of grads) for (let q = 0; q < g.length; q++) sq += g[q]! * g[q]!;
      const norm = Math.sqrt(sq);
      const scale = Math.min(1, c.maxGradNorm / (norm + 1e-6));
      adam.step(params, grads, scale);
      actor.paramsChanged();
      critic.paramsChanged();

      sums.pg += pgLoss;
      sums.v += vLoss;
      sums.ent += entropy;
      sums.kl += approxKl;
      sums.clip += clipFrac;
      sums.norm += norm;
      sums.n += 1;
      epochKl += approxKl;
      epochMb += 1;
    }
    if (c.targetKl > 0 && epochKl / epochMb > c.targetKl) break;
  }
  // Back into the tfjs variables and optimizer.
  tf.tidy(() => nets.variables.forEach((v, i) => v.assign(tf.tensor(params[i]!, v.shape))));
  adam.store(nets.variables);
  return {
    policyLoss: sums.pg / sums.n,
    valueLoss: sums.v / sums.n,
    entropy: sums.ent / sums.n,
    approxKl: sums.kl / sums.n,
    clipFrac: sums.clip / sums.n,
    gradNorm: sums.norm / sums.n,
    explainedVariance: explainedVariance(rollout.values, returns),
  };
}
