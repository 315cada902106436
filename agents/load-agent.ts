/**
 * Loads any saved agent, dispatching on the algorithm recorded in its
 * `agent.json` (for `evaluate --agent DIR` style commands). A `mappo` agent is
 * a multi-agent policy: act per agent with `actAs`/`forAgent`/`actAll`, or
 * with `act` on a local observation followed by the agent's one-hot.
 */
import { ALGORITHMS, algorithm } from './algorithms.js';
import { savedAlgo, type TrainableAgent } from './agent.js';
import type { MAPPOAgent } from './mappo.js';

export async function loadAgent(dir: string): Promise<TrainableAgent<Float32Array> | TrainableAgent<number> | MAPPOAgent> {
  const algo = savedAlgo(dir);
  const row = algorithm(String(algo));
  if (row === undefined) throw new Error(`loadAgent: '${dir}' holds an unknown algorithm '${String(algo)}'`);
  return ALGORITHMS[row.name].load(dir) as Promise<TrainableAgent<Float32Array> | TrainableAgent<number> | MAPPOAgent>;
}
