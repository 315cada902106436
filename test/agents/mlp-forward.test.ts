/**
 * The plain-JS forward pass agrees with the tfjs graph up to float32
 * rounding, for tanh and relu networks of several shapes, and follows the
 * weights: a snapshot is of the weights when it was taken.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { buildMlp, forward, type Activation } from '../../agents/mlp.js';
import { fastTanh, ForwardSnapshot, MlpForward } from '../../agents/mlp-forward.js';
import { PPOAgent } from '../../agents/ppo.js';
import { Rng } from '../../envs/sim/rng.js';
import { OneShotEnv } from '../../envs/one-shot-env.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function graphOutput(model: tf.LayersModel, rows: Float32Array[]): Float32Array[] {
  const d = rows[0]!.length;
  const flat = new Float32Array(rows.length * d);
  rows.forEach((r, i) => flat.set(r, i * d));
  const out = tf.tidy(() => forward(model, tf.tensor2d(flat, [rows.length, d])).dataSync() as Float32Array);
  const k = out.length / rows.length;
  return rows.map((_, i) => out.slice(i * k, (i + 1) * k));
}

describe('fastTanh', () => {
  it('is tanh to within 2.7e-7 relative, odd, saturating, NaN-preserving', () => {
    let worst = 0;
    for (let k = -200_000; k <= 200_000; k++) {
      const x = k * 1e-4 * (1 + Math.abs(k) * 1e-5);
      const t = Math.tanh(x);
      worst = Math.max(worst, Math.abs(fastTanh(x) - t) / Math.max(Math.abs(t), 1e-300));
      if (k % 1000 === 0) expect(fastTanh(-x)).toBe(-fastTanh(x));
    }
    expect(worst).toBeLessThan(2.7e-7);
    expect(Math.abs(fastTanh(1e-12) / 1e-12 - 1)).toBeLessThan(2.7e-7);
    expect(fastTanh(Infinity)).toBeCloseTo(1, 6);
    expect(fastTanh(-50)).toBeCloseTo(-1, 6);
    expect(fastTanh(Number.NaN)).toBeNaN();
  });
});

describe('MlpForward', () => {
  const shapes: [number, number[], number, Activation, number][] = [
    [2, [64, 64], 2, 'tanh', 0.01],
    [16, [64, 64], 1, 'tanh', 1],
    [5, [32], 3, 'relu', 1],
    [3, [], 2, 'tanh', 1],
  ];
  for (const [inputSize, hiddenSizes, outputSize, activation, outputGain] of shapes) {
    it(`${inputSize} -> [${hiddenSizes.join(', ')}] -> ${outputSize}, ${activation}: the graph's output to float32 rounding`, () => {
      const rng = new Rng(`mlp-${inputSize}-${hiddenSizes.length}`);
      const model = buildMlp({ inputSize, hiddenSizes, outputSize, activation, outputGain, rng, name: 'm' });
      // Non-zero biases, as after training.
      tf.tidy(() => model.setWeights(model.getWeights().map((w) => (w.shape.length === 1 ? tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 7) : w))));
      const rows = Array.from({ length: 50 }, () => Float32Array.from({ length: inputSize }, () => 4 * rng.normal()));
      const js = MlpForward.of(model);
      const graph = graphOutput(model, rows);
      rows.forEach((r, i) => {
        const y = js.apply(r);
        for (let j = 0; j < outputSize; j++) expect(Math.abs(y[j]! - graph[i]![j]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(graph[i]![j]!)));
      });
      // Many rows at once (an even and an odd count: the blocked product's edges) equal one row at a time, bit for bit.
      for (const n of [50, 49]) {
        const flat = new Float32Array(n * inputSize);
        rows.slice(0, n).forEach((r, i) => flat.set(r, i * inputSize));
        const one = new Float32Array(n * outputSize);
        rows.slice(0, n).forEach((r, i) => one.set(js.apply(r), i * outputSize));
        expect(js.applyRows(flat, n)).toEqual(one);
      }
      expect(() => js.applyRows(new Float32Array(inputSize + 1), 1)).toThrow(/applyRows/);
      model.dispose();
    });
  }

  it('ForwardSnapshot re-takes the weights only when the version changes', () => {
    const model = buildMlp({ inputSize: 2, hiddenSizes: [8], outputSize: 1, activation: 'tanh', outputGain: 1, rng: new Rng('snap2'), name: 's2' });
    const x = Float32Array.of(0.3, -0.7);
    const snap = new ForwardSnapshot(model);
    const y0 = snap.at(0).apply(x)[0]!;
    tf.tidy(() => model.setWeights(model.getWeights().map((w) => w.add(0.1))));
    expect(snap.at(0).apply(x)[0]).toBe(y0);
    expect(snap.at(1).apply(x)[0]).not.toBe(y0);
    expect(snap.at(1)).toBe(snap.at(1));
    model.dispose();
  });

  it('is a snapshot: it keeps the weights it was taken with, a new one sees new weights', () => {
    const model = buildMlp({ inputSize: 2, hiddenSizes: [8], outputSize: 1, activation: 'tanh', outputGain: 1, rng: new Rng('snap'), name: 's' });
    const x = Float32Array.of(0.3, -0.7);
    const before = MlpForward.of(model);
    const y0 = before.apply(x)[0]!;
    tf.tidy(() => model.setWeights(model.getWeights().map((w) => w.add(0.1))));
    expect(before.apply(x)[0]).toBe(y0);
    const after = MlpForward.of(model);
    expect(after.apply(x)[0]).not.toBe(y0);
    expect(Math.abs(after.apply(x)[0]! - graphOutput(model, [x])[0]![0]!)).toBeLessThan(1e-6);
    model.dispose();
  });

  it("a PPO agent's actions follow its weights across an update, and allocate no tensors", async () => {
    const env = new OneShotEnv();
    const agent = PPOAgent.create(env, { seed: 1, numSteps: 64, numMinibatches: 2, updateEpochs: 1, learningRate: 0.05 });
    const obs = Float32Array.of(0.5, 0.5);
    const a0 = agent.act(obs, { deterministic: true });
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) agent.act(obs, { deterministic: true });
    expect(tf.memory().numTensors).toBe(tensors);
    const { EnvRunner } = await import('../../agents/env-runner.js');
    const runner = new EnvRunner([env], 1);
    agent.iterate(runner, { update: 1, numUpdates: 1, globalStep: 0, totalSteps: 64 });
    const a1 = agent.act(obs, { deterministic: true });
    expect(Array.from(a1)).not.toEqual(Array.from(a0));
    // The graph's mean, through the same normaliser, gives the same action.
    const mean = graphOutput(agent.actor, [agent.obsStats.normalize(obs)])[0]!;
    const viaGraph = agent.actionMap.toAction(mean);
    for (let j = 0; j < a1.length; j++) expect(Math.abs(a1[j]! - viaGraph[j]!)).toBeLessThan(1e-5 * (1 + Math.abs(viaGraph[j]!)));
    runner.close();
    agent.dispose();
  });
});
