/**
 * Loads any saved agent, dispatching on the algorithm recorded in its
 * `agent.json` (for `evaluate --agent DIR` style commands). A `mappo` agent is
 * a multi-agent policy: act per agent with `actAs`/`forAgent`/`actAll`, or
 * with `act` on a local observation followed by the agent's one-hot.
 */
import { savedAlgo, type TrainableAgent } from './agent.js';
import { DQNAgent } from './dqn.js';
import { MAPPOAgent } from './mappo.js';
import { PPOAgent } from './ppo.js';
import { ReinforceAgent } from './reinforce.js';

export async function loadAgent(dir: string): Promise<TrainableAgent<Float32Array> | TrainableAgent<number> | MAPPOAgent> {
  const algo = savedAlgo(dir);
  switch (algo) {
    case 'ppo':
      return PPOAgent.load(dir);
    case 'reinforce':
      return ReinforceAgent.load(dir);
    case 'dqn':
      return DQNAgent.load(dir);
    case 'mappo':
      return MAPPOAgent.load(dir);
    default:
      throw new Error(`loadAgent: '${dir}' holds an unknown algorithm '${String(algo)}'`);
  }
}
