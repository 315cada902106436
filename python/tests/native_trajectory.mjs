// Steps an lbgym env natively (no bridge) and prints its trajectory as JSON:
// node native_trajectory.mjs ID SEED '[[action], ...]' (the actions of successive steps; resets after each episode end).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [id, seed, actionsJson] = process.argv.slice(2);
const { make } = await import(pathToFileURL(join(process.env.LBGYM_HOME, 'dist', 'envs', 'index.js')).href);
const env = make(id);
const out = { observations: [], rewards: [], terminated: [], truncated: [] };
let r = env.reset({ seed: Number(seed) });
out.observations.push(Array.from(r.observation));
const discrete = env.actionSpace.kind === 'discrete';
for (const a of JSON.parse(actionsJson)) {
  const s = env.step(discrete ? a[0] : Float32Array.from(a));
  out.observations.push(Array.from(s.observation));
  out.rewards.push(s.reward);
  out.terminated.push(s.terminated);
  out.truncated.push(s.truncated);
  if (s.terminated || s.truncated) out.observations.push(Array.from(env.reset().observation));
}
process.stdout.write(JSON.stringify(out));
