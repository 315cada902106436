/**
 * Training throughput on `LB-OneShot-v0`, for `npm run bench -- training`:
 *
 * - rollout collection of PPO's defaults (2048 steps, 64x64 tanh networks)
 *   against the same environment stepped with a fixed action in the same run,
 *   so the figure that matters, steps/s, comes with its ratio to the bare env;
 * - one PPO update (`ppoUpdate`, 64x64 tanh, batch 2048, 32 minibatches,
 *   10 epochs) on the wasm backend, against CleanRL's torch update timed in
 *   the same run by bench/torch_ppo_update.py on one thread, when the Python
 *   of `LBGYM_PYTHON` (default `python3`) can import torch;
 * - SAC at its defaults (64x64 relu, batch 256): acting (the policy's
 *   sampled actions through the runner) and iterations once learning has
 *   started (4 env steps and 4 gradient steps each), as env steps/s and ms per
 *   gradient step, through the graph and through the JS update in the same
 *   run, and their ratio; the same at batch 128, where `auto` picks JS.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../agents/backend.js';
import { EnvRunner } from '../agents/env-runner.js';
import { PPOAgent } from '../agents/ppo.js';
import { SACAgent, SAC_DEFAULTS, type SACUpdatePath } from '../agents/sac.js';
import type { RolloutBuffer } from '../agents/rollout-buffer.js';
import { OneShotEnv } from '../envs/one-shot-env.js';
import { type Figure, bestSeconds } from './figure.js';

/** The protected collection and update of a PPO agent, reached for timing. */
interface Internals {
  collectRollout(runner: EnvRunner<Float32Array>): RolloutBuffer;
}

function torchUpdateSeconds(): number | string {
  const python = process.env['LBGYM_PYTHON'] ?? 'python3';
  // bench/ sits beside dist/bench/ in a clone: the script is read from the sources.
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'torch_ppo_update.py');
  const r = spawnSync(python, [script], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return `torch reference not run (${python} cannot run it: ${(r.stderr || String(r.error)).trim().split('\n').pop()}; set LBGYM_PYTHON to a Python with torch)`;
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number }).seconds;
}

export async function benchTraining(): Promise<Figure[]> {
  const backend = await initBackend('wasm');
  const env = new OneShotEnv();
  const agent = PPOAgent.create(env, { seed: 1 });
  const steps = agent.config.numSteps * agent.config.numEnvs;
  const envs = [env, ...Array.from({ length: agent.config.numEnvs - 1 }, () => new OneShotEnv())];
  const runner = new EnvRunner<Float32Array>(envs, 1);
  const collect = bestSeconds(() => void (agent as unknown as Internals).collectRollout(runner));

  // The bare environment, through the same runner (autoreset and episode statistics included).
  const bare = new EnvRunner<Float32Array>([new OneShotEnv(), ...envs.slice(1).map(() => new OneShotEnv())], 1);
  const action = Float32Array.of(0.5, 1);
  const actions = bare.observations.map(() => action);
  const bareSeconds = bestSeconds(() => {
    for (let t = 0; t < agent.config.numSteps; t++) bare.step(actions);
  });

  // One full iteration (collection, GAE and the update) at the settings, and the update alone.
  const ctx = { update: 1, numUpdates: 1_000_000, globalStep: 0, totalSteps: 1e9 };
  const iterate = bestSeconds(() => void agent.iterate(runner, ctx), 2);
  const update = iterate - collect;
  const torch = torchUpdateSeconds();
  runner.close();
  bare.close();
  agent.dispose();
  const figures: Figure[] = [
    { label: `PPO rollout collection, LB-OneShot-v0 (${steps} steps, 64x64 tanh)`, value: steps / collect, unit: 'env steps/s', target: '>= 50,000' },
    { label: 'the same environment alone, fixed action, same runner', value: steps / bareSeconds, unit: 'env steps/s' },
    { label: `PPO update (batch 2048, 32 minibatches, 10 epochs), ${backend.backend} backend`, value: update, unit: 's' },
  ];
  if (typeof torch === 'number') {
    figures.push({ label: "CleanRL's torch update, same settings, 1 thread", value: torch, unit: 's' });
    figures.push({ label: 'lbgym update / torch update', value: update / torch, unit: 'x', target: '<= 1.0' });
  } else {
    process.stdout.write(`  (${torch})\n`);
  }
  figures.push(...benchSac());
  return figures;
}

function benchSac(): Figure[] {
  const agent = SACAgent.create(new OneShotEnv(), { seed: 1 });
  const c = agent.config;
  const runner = new EnvRunner<Float32Array>([new OneShotEnv()], 1);
  const acts = 2048;
  const acting = bestSeconds(() => {
    for (let t = 0; t < acts; t++) runner.step([agent.act(runner.observations[0]!)]);
  });
  runner.close();
  agent.dispose();
  const defaults = sacSteps(SAC_DEFAULTS.batchSize);
  const small = sacSteps(128);
  return [
    { label: `SAC acting, LB-OneShot-v0 (sampled actions, ${c.hiddenSizes.join('x')} ${c.activation})`, value: acts / acting, unit: 'env steps/s' },
    { label: `SAC training once learning (${c.trainFrequency} env steps + ${c.gradientSteps} gradient steps per iteration, batch ${c.batchSize}, ${defaults.auto} update)`, value: defaults.envStepsPerSecond, unit: 'env steps/s' },
    ...defaults.figures,
    ...small.figures,
  ];
}

/** SAC's gradient steps on `LB-OneShot-v0` at `batchSize`, through the graph and in JS in the same run, and the defaults' training speed. */
function sacSteps(batchSize: number): { figures: Figure[]; envStepsPerSecond: number; auto: string } {
  const agent = SACAgent.create(new OneShotEnv(), { seed: 1, batchSize });
  const c = agent.config;
  const runner = new EnvRunner<Float32Array>([new OneShotEnv()], 1);
  // Fill the replay with the random warm-up, then time iterations that learn.
  let globalStep = 0;
  const iterate = (): void => {
    agent.iterate(runner, { update: agent.updates + 1, numUpdates: 1_000_000, globalStep, totalSteps: 1e9 });
    globalStep += c.trainFrequency;
  };
  while (globalStep < c.learningStarts) iterate();
  const rounds = 25;
  const timed = (path: SACUpdatePath): number => {
    agent.updatePath = path;
    return bestSeconds(() => {
      for (let i = 0; i < rounds; i++) iterate();
    }, 2);
  };
  const graph = timed('graph');
  const js = timed('js');
  const seconds = timed('auto');
  agent.updatePath = 'auto';
  const auto = agent.resolvedUpdatePath();
  runner.close();
  agent.dispose();
  const perStep = (s: number): number => (1000 * s) / (rounds * c.gradientSteps);
  return {
    envStepsPerSecond: (rounds * c.trainFrequency) / seconds,
    auto,
    figures: [
      { label: `SAC gradient step, batch ${batchSize}, through the graph (critics; actor and alpha every other step)`, value: perStep(graph), unit: 'ms' },
      { label: `SAC gradient step, batch ${batchSize}, in JS (agents/sac-update-js.ts), same run`, value: perStep(js), unit: 'ms' },
      { label: `SAC JS step / graph step, batch ${batchSize} (auto picks ${auto})`, value: js / graph, unit: 'x' },
    ],
  };
}
