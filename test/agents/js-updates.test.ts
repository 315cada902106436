/**
 * The JS training updates agree with the graph's (tfjs autodiff) updates:
 * from the same networks, batch and minibatch stream, the losses, the
 * gradient norm, the new weights and Adam's state match up to float32
 * rounding (PPO with and without value clipping and through an early KL
 * stop; REINFORCE's step); they leak no tensors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { EnvRunner } from '../../agents/env-runner.js';
import { PPOAgent, ppoUpdateGraph, type PPOConfig } from '../../agents/ppo.js';
import { ppoUpdateJs } from '../../agents/ppo-update-js.js';
import { ReinforceAgent, reinforceStepGraph, reinforceStepJs } from '../../agents/reinforce.js';
import { OneShotEnv } from '../../envs/one-shot-env.js';
import { Rng } from '../../envs/sim/rng.js';
import type { RolloutBuffer } from '../../agents/rollout-buffer.js';

beforeAll(async () => {
  await initBackend('wasm');
});

interface Internals {
  collectRollout(runner: EnvRunner<Float32Array>): RolloutBuffer;
  trainableVariables(): tf.Variable[];
  lastValues(runner: EnvRunner<Float32Array>): Float32Array;
}

/** An agent with one collected rollout, its batch and networks. */
function setup(config: Partial<PPOConfig>) {
  const env = new OneShotEnv({ reward: 'jain-finish' });
  const agent = PPOAgent.create(env, { seed: 5, numSteps: 256, numMinibatches: 4, updateEpochs: 3, ...config });
  const inner = agent as unknown as Internals;
  const runner = new EnvRunner<Float32Array>([env], 2);
  const buffer = inner.collectRollout(runner);
  const { advantages, returns } = buffer.computeGae(inner.lastValues(runner), 0.99, 0.95);
  runner.close();
  const nets = { actor: agent.actor, critic: agent.critic, logStd: agent.logStd, variables: inner.trainableVariables(), optimizer: agent.optimizer };
  return { agent, nets, batch: { rollout: buffer, criticInputs: buffer.observations, advantages, returns } };
}

function snapshot(vars: tf.Variable[]): Float32Array[] {
  return vars.map((v) => Float32Array.from(v.dataSync()));
}

async function optimizerState(o: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await o.getWeights();
  return weights.map((w) => Float32Array.from(w.tensor.dataSync()));
}

function expectClose(a: readonly Float32Array[], b: readonly Float32Array[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    const y = b[i]!;
    expect(x.length).toBe(y.length);
    let worst = 0;
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k]! - y[k]!) / (1e-3 + Math.abs(y[k]!)));
    expect(worst, `array ${i}`).toBeLessThanOrEqual(tol);
  });
}

describe('ppoUpdateJs', () => {
  const cases: [string, Partial<PPOConfig>][] = [
    ['clipped value loss (the default)', {}],
    ['unclipped value loss, entropy bonus, no advantage normalisation', { clipVloss: false, entCoef: 0.01, normAdv: false }],
    ['a large learning rate with an early KL stop', { learningRate: 0.01, targetKl: 0.001, updateEpochs: 6 }],
  ];
  for (const [name, config] of cases) {
    it(`${name}: the graph's update to float32 rounding`, async () => {
      const g = setup(config);
      const j = setup(config);
      expectClose(snapshot(j.nets.variables), snapshot(g.nets.variables), 0);
      // Two updates: the second starts from Adam's state as the first left it.
      for (let u = 0; u < 2; u++) {
        const seed = `update-${u}`;
        const sg = ppoUpdateGraph(g.agent.config, g.nets, g.batch, new Rng(seed));
        const tensors = tf.memory().numTensors;
        const sj = ppoUpdateJs(j.agent.config, j.nets, j.batch, new Rng(seed));
        if (u === 1) expect(tf.memory().numTensors).toBe(tensors);
        for (const key of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'gradNorm'] as const) {
          expect(Math.abs(sj[key]! - sg[key]!), key).toBeLessThanOrEqual(2e-4 * (1e-3 + Math.abs(sg[key]!)) + 1e-9);
        }
        expect(sj.clipFrac).toBeCloseTo(sg.clipFrac!, 2);
        expectClose(snapshot(j.nets.variables), snapshot(g.nets.variables), 1e-3);
        expectClose(await optimizerState(j.agent.optimizer), await optimizerState(g.agent.optimizer), 2e-3);
      }
      g.agent.dispose();
      j.agent.dispose();
    });
  }


  it('REINFORCE: the JS step is the graph step to float32 rounding', async () => {
    const make = () => {
      const env = new OneShotEnv({ reward: 'variance' });
      const agent = ReinforceAgent.create(env, { seed: 4, numSteps: 128, entCoef: 0.01 });
      const inner = agent as unknown as Internals;
      const runner = new EnvRunner<Float32Array>([env], 2);
      const buffer = inner.collectRollout(runner);
      const returns = buffer.computeReturns(inner.lastValues(runner), 0.99);
      runner.close();
      const advantages = returns.map((g, k) => g - buffer.values[k]!);
      const nets = { actor: agent.actor, critic: agent.critic, logStd: agent.logStd, variables: inner.trainableVariables(), optimizer: agent.optimizer };
      return { agent, nets, buffer, returns, advantages };
    };
    const g = make();
    const j = make();
    for (let u = 0; u < 3; u++) {
      const sg = reinforceStepGraph(g.agent.config, g.nets, g.buffer, g.advantages, g.returns);
      const sj = reinforceStepJs(j.agent.config, j.nets, j.buffer, j.advantages, j.returns);
      for (const key of ['policyLoss', 'valueLoss', 'entropy', 'gradNorm'] as const) {
        expect(Math.abs(sj[key] - sg[key]), key).toBeLessThanOrEqual(2e-4 * (1e-3 + Math.abs(sg[key])) + 1e-9);
      }
      expectClose(snapshot(j.nets.variables), snapshot(g.nets.variables), 1e-3);
    }
    expectClose(await optimizerState(j.agent.optimizer), await optimizerState(g.agent.optimizer), 2e-3);
    g.agent.dispose();
    j.agent.dispose();
  });
});
