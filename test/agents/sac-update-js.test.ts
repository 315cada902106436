/**
 * SAC's JS gradient steps (agents/sac-update-js.ts) are the graph's
 * (agents/sac.ts, tfjs autodiff): from the same networks, optimizers, alpha,
 * replay buffer and stream, a round of gradient steps through each gives the
 * same losses, Q value, entropy and alpha to 1e-5 relative, and the same
 * weights (targets included), log alpha and Adam states to float32 rounding;
 * for the defaults (autotune, actor every other step, Polyak targets) and for
 * a fixed alpha, an actor every step and hard target copies every other step;
 * a JS round after a graph round starts from the state the graph left. The JS round leaks no tensors. `auto` picks JS for small minibatches only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { EnvRunner } from '../../agents/env-runner.js';
import type { UpdateStats } from '../../agents/agent.js';
import { SACAgent, SAC_JS_STEP_MAX_WORK, type SACConfig } from '../../agents/sac.js';
import { OneShotEnv } from '../../envs/one-shot-env.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** An agent and its runner, trained through the graph for `rounds` rounds after the warm-up. */
function trained(config: Partial<SACConfig>, rounds: number): { agent: SACAgent; runner: EnvRunner<Float32Array>; iterate: () => UpdateStats } {
  const agent = SACAgent.create(new OneShotEnv(), config);
  agent.updatePath = 'graph';
  const runner = new EnvRunner<Float32Array>([new OneShotEnv(), new OneShotEnv()], 1);
  let globalStep = 0;
  const iterate = (): UpdateStats => {
    const stats = agent.iterate(runner, { update: agent.updates + 1, numUpdates: 1_000_000, globalStep, totalSteps: 1e9 });
    globalStep += agent.stepsPerIteration(2);
    return stats;
  };
  while (globalStep < agent.config.learningStarts) iterate();
  for (let r = 0; r < rounds; r++) iterate();
  return { agent, runner, iterate };
}

function variables(agent: SACAgent): Float32Array[] {
  return agent.learners.flatMap((l) => [...Object.values(l.nets).flatMap((net) => net.getWeights().map((w: tf.Tensor) => Float32Array.from(w.dataSync()))), Float32Array.from(l.logAlpha.dataSync())]);
}

async function optimizerStates(agent: SACAgent): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const l of agent.learners) {
    for (const o of [l.qOptimizer, l.actorOptimizer, l.alphaOptimizer]) {
      for (const w of await o.getWeights()) out.push(Float32Array.from(w.tensor.dataSync()));
    }
  }
  return out;
}

/** The largest relative difference of `a` from `b`, element-wise (with a floor of 1e-3 on the scale). */
function worst(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  expect(a.length).toBe(b.length);
  let out = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    expect(x.length).toBe(y.length);
    for (let k = 0; k < x.length; k++) out = Math.max(out, Math.abs(x[k]! - y[k]!) / (1e-3 + Math.abs(y[k]!)));
  });
  return out;
}

describe('SAC JS gradient steps', () => {
  const cases: [string, Partial<SACConfig>][] = [
    ['defaults (autotune, actor every other step, Polyak targets)', {}],
    ['fixed alpha, actor every step, hard target copies every other step, tanh', { autotune: false, alpha: 0.05, policyFrequency: 1, tau: 1, targetNetworkFrequency: 2, activation: 'tanh', gradientSteps: 3 }],
  ];
  for (const [name, config] of cases) {
    it(`${name}: the graph's round to float32 rounding`, async () => {
      const base = { seed: 7, batchSize: 128, learningStarts: 256, trainFrequency: 2, ...config };
      // Trained a while through the graph, so the weights, Adam's moments and alpha are not the initial ones.
      const g = trained(base, 30);
      const j = trained(base, 30);
      expect(worst(variables(j.agent), variables(g.agent))).toBe(0);
      for (let round = 0; round < 3; round++) {
        // Round 1 through the graph: the JS rounds around it must read the state it leaves.
        j.agent.updatePath = round === 1 ? 'graph' : 'js';
        const tensors = tf.memory().numTensors;
        const sj = j.iterate();
        expect(tf.memory().numTensors, 'tensors after a JS round').toBe(tensors);
        const sg = g.iterate();
        for (const key of ['qf1Loss', 'qf2Loss', 'qValue', 'actorLoss', 'entropy', 'alpha'] as const) {
          expect(sg[key], key).toBeDefined();
          expect(Math.abs(sj[key]! - sg[key]!) / Math.abs(sg[key]!), `${key} in round ${round}`).toBeLessThanOrEqual(1e-5);
        }
        expect(worst(variables(j.agent), variables(g.agent)), `variables after round ${round}`).toBeLessThanOrEqual(1e-5);
        expect(worst(await optimizerStates(j.agent), await optimizerStates(g.agent)), `optimizers after round ${round}`).toBeLessThanOrEqual(1e-4);
      }
      for (const a of [g, j]) {
        a.runner.close();
        a.agent.dispose();
      }
    });
  }

  it('auto: JS on wasm up to SAC_JS_STEP_MAX_WORK rows x critic multiply-adds, else the graph; a forced path stays', () => {
    const path = (config: Partial<SACConfig>, forced?: 'js' | 'graph'): string => {
      const agent = SACAgent.create(new OneShotEnv(), config);
      if (forced !== undefined) agent.updatePath = forced;
      const out = agent.resolvedUpdatePath();
      agent.dispose();
      return out;
    };
    // A 64x64 critic on OneShot's 2 observations and 2 actions: 4 * 64 + 64 * 64 + 64 = 4416 multiply-adds a row.
    const rows = Math.floor(SAC_JS_STEP_MAX_WORK / 4416);
    expect(rows).toBe(135);
    expect(path({ batchSize: rows })).toBe('js');
    expect(path({ batchSize: rows + 1 })).toBe('graph');
    expect(path({})).toBe('graph');
    expect(path({}, 'js')).toBe('js');
    expect(path({ batchSize: 32 }, 'graph')).toBe('graph');
  });
});
