"""The Python side of `npm run bench -- bridge`: lbgym's Gymnasium envs stepped through
`lbgym serve`, timed here, printed as one JSON object (bench/bridge.ts compares them
with native Node in the same run)."""
import json
import sys
import time

import numpy as np

import lbgym

ACTIONS = {"LB-OneShot-v0": [0.9, 5.0], "Park-LoadBalance-v0": 3}


def best(fn, repeats=3):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def vector_rate(env_id, num_envs, steps):
    vec = lbgym.make_vec(env_id, num_envs, **kwargs_of(env_id))
    a = ACTIONS[env_id]
    actions = np.tile(np.asarray(a, dtype=np.float32 if isinstance(a, list) else np.int32), (num_envs, 1) if isinstance(a, list) else num_envs)
    vec.reset(seed=1)

    def run():
        for _ in range(steps):
            vec.step(actions)

    seconds = best(run)
    vec.close()
    return steps * num_envs / seconds


def kwargs_of(env_id):
    return {"loads": {"kind": "fixed", "loads": [100, 50]}} if env_id == "LB-OneShot-v0" else {}


def single_round_trip(steps):
    env = lbgym.make("Park-LoadBalance-v0")
    env.reset(seed=1)

    def run():
        for _ in range(steps):
            _, _, te, tr, _ = env.step(3)
            if te or tr:
                env.reset()

    seconds = best(run)
    env.close()
    return 1e6 * seconds / steps


if __name__ == "__main__":
    num_envs, vsteps, steps = (int(x) for x in sys.argv[1:4])
    out = {"vector": {env_id: vector_rate(env_id, num_envs, vsteps) for env_id in ACTIONS}, "roundTripMicros": single_round_trip(steps)}
    print(json.dumps(out))
