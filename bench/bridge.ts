/**
 * The bridge's throughput (issue 12): a vector of 64 envs stepped from Python
 * through `lbgym serve` (bench/bridge_bench.py) against the same SyncVectorEnv
 * stepped natively in this process, for LB-OneShot-v0 and
 * Park-LoadBalance-v0; and one env, one step per round trip (Park, whose
 * episodes are long, so a round trip is one step). Each on the default
 * transport (shared memory where available) and on the socket pair, with the
 * floor of a socket round trip (a bare Node echo of the same frame sizes).
 * Python: `LBGYM_PYTHON`, else the test venv `.venv-test` (npm test makes
 * it), else `python3`; it needs numpy and gymnasium, and runs this
 * checkout's python/lbgym (put first on PYTHONPATH).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeVec, ONE_SHOT_ID, PARK_LOAD_BALANCE_ID } from '../envs/index.js';
import { type Figure, bestSeconds } from './figure.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NUM_ENVS = 64;
const VECTOR_STEPS = 2000;

function nativeRate(id: string): number {
  const oneShot = id === ONE_SHOT_ID;
  const vec = makeVec<unknown>(id, NUM_ENVS, { copy: false, ...(oneShot ? { kwargs: { loads: { kind: 'fixed', loads: [100, 50] } } } : {}) });
  const actions = oneShot ? new Float32Array(2 * NUM_ENVS).map((_, i) => (i % 2 === 0 ? 0.9 : 5)) : new Int32Array(NUM_ENVS).fill(3);
  vec.reset({ seed: 1 });
  const seconds = bestSeconds(() => {
    for (let i = 0; i < VECTOR_STEPS; i++) vec.step(actions);
  });
  return (VECTOR_STEPS * NUM_ENVS) / seconds;
}

function python(): string {
  const venv = join(ROOT, '.venv-test', 'bin', 'python');
  return process.env['LBGYM_PYTHON'] ?? (existsSync(venv) ? venv : 'python3');
}

export function benchBridge(): Figure[] {
  const py = python();
  const r = spawnSync(py, [join(ROOT, 'bench', 'bridge_bench.py'), String(NUM_ENVS), String(VECTOR_STEPS), '20000'], {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, LBGYM_HOME: ROOT, PYTHONPATH: [join(ROOT, 'python'), process.env['PYTHONPATH']].filter(Boolean).join(delimiter) },
  });
  if (r.status !== 0) {
    const why = (r.stderr || String(r.error)).trim().split('\n').pop();
    process.stderr.write(`bridge bench not run: ${py} cannot run bench/bridge_bench.py (${why}); pip install ./python or set LBGYM_PYTHON\n`);
    return [];
  }
  const b = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    transport: string;
    vector: Record<string, number>;
    vectorSocket: Record<string, number>;
    roundTripMicros: number;
    roundTripSocketMicros: number;
    roundTripGymnasiumMakeMicros: number;
    socketFloorMicros: number;
    frameBytes: [number, number];
  };
  const figures: Figure[] = [];
  for (const id of [ONE_SHOT_ID, PARK_LOAD_BALANCE_ID]) {
    const native = nativeRate(id);
    const viaBridge = b.vector[id]!;
    const viaSocket = b.vectorSocket[id]!;
    figures.push(
      { label: `${id} x${NUM_ENVS}, native SyncVectorEnv`, value: native, unit: 'env-steps/s' },
      { label: `${id} x${NUM_ENVS}, from Python through the bridge (${b.transport})`, value: viaBridge, unit: 'env-steps/s' },
      { label: `${id} x${NUM_ENVS}, bridge (${b.transport}) / native`, value: (100 * viaBridge) / native, unit: '%', target: '>= 50' },
      { label: `${id} x${NUM_ENVS}, bridge (socket) / native`, value: (100 * viaSocket) / native, unit: '%' },
    );
  }
  figures.push(
    { label: `one env, one step per round trip (Park-LoadBalance-v0, ${b.transport})`, value: b.roundTripMicros, unit: 'us', target: '<= 30' },
    { label: 'same, socket transport', value: b.roundTripSocketMicros, unit: 'us' },
    { label: `same, through gymnasium.make (its wrappers; ${b.transport})`, value: b.roundTripGymnasiumMakeMicros, unit: 'us' },
    { label: `floor: bare socket round trip, Node echo, ${b.frameBytes[0]} / ${b.frameBytes[1]} bytes`, value: b.socketFloorMicros, unit: 'us' },
  );
  return figures;
}
