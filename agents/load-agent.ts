/**
 * Loads any saved agent, dispatching on the algorithm recorded in its
 * `agent.json` (for `evaluate --agent DIR` style commands).
 */
import { savedAlgo, type TrainableAgent } from './agent.js';
import { DQNAgent } from './dqn.js';
import { PPOAgent } from './ppo.js';
import { ReinforceAgent } from './reinforce.js';

export async function loadAgent(dir: string): Promise<TrainableAgent<Float32Array> | TrainableAgent<number>> {
  const algo = savedAlgo(dir);
  switch (algo) {
    case 'ppo':
      return PPOAgent.load(dir);
    case 'reinforce':
      return ReinforceAgent.load(dir);
    case 'dqn':
      return DQNAgent.load(dir);
    default:
      throw new Error(`loadAgent: '${dir}' holds an unknown algorithm '${String(algo)}'`);
  }
}
