"""The Python side of `npm run bench -- bridge`: lbgym's Gymnasium envs stepped through
`lbgym serve`, timed here, printed as one JSON object (bench/bridge.ts compares them
with native Node in the same run).

It times the raw `lbgym.make_vec` / `lbgym.make` envs (no Gymnasium wrappers), on
each transport (shared memory, the default where available, and the socket pair,
`LBGYM_BRIDGE_SHM=0`); one env also through `gymnasium.make` (what a user of the
registry gets: its OrderEnforcing wrapper on top); and, as the floor of a socket
round trip, a bare ping-pong with a Node process echoing frames of a step's sizes
with readSync/writeSync, as `lbgym serve` does."""
import json
import os
import socket
import subprocess
import sys
import time

import gymnasium
import numpy as np

import lbgym

ACTIONS = {"LB-OneShot-v0": [0.9, 5.0], "Park-LoadBalance-v0": 3}
SINGLE_ID = "Park-LoadBalance-v0"

ECHO = """
const { readSync, writeSync } = require('node:fs');
const fd = +process.argv[1], reply = new Uint8Array(+process.argv[2]), buf = new Uint8Array(1 << 16);
for (;;) { const k = readSync(fd, buf, 0, buf.length, null); if (k === 0) break; writeSync(fd, reply); }
"""


def best(fn, repeats=5):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def kwargs_of(env_id):
    return {"loads": {"kind": "fixed", "loads": [100, 50]}} if env_id == "LB-OneShot-v0" else {}


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


def round_trip_micros(make_env, steps):
    env = make_env()
    env.reset(seed=1)

    def run():
        for _ in range(steps):
            _, _, te, tr, _ = env.step(3)
            if te or tr:
                env.reset()

    seconds = best(run)
    env.close()
    return 1e6 * seconds / steps


def step_frame_sizes():
    """The byte sizes of one env's step request and reply."""
    env = lbgym.make(SINGLE_ID)
    env.reset(seed=1)
    request = len(env._step_prefix) + len(env._step_head) + 4 + len(env._step_tail)
    env.step(3)
    ch = env._conn._channel
    reply = int.from_bytes(ch.buffer[ch.base : ch.base + 4], "little")
    env.close()
    return request, reply


def socket_floor_micros(request, reply, steps):
    """A bare round trip of `request` then `reply` bytes over a socket pair with a Node echo."""
    ours, theirs = socket.socketpair()
    node = lbgym.find_node()
    p = subprocess.Popen([node, "-e", ECHO, str(theirs.fileno()), str(reply)], pass_fds=[theirs.fileno()])
    theirs.close()
    frame = b"\0" * request
    buf = memoryview(bytearray(1 << 16))

    def run():
        for _ in range(steps):
            ours.sendall(frame)
            got = 0
            while got < reply:
                got += ours.recv_into(buf[got:])

    seconds = best(run)
    ours.close()
    p.wait()
    return 1e6 * seconds / steps


def on_transport(shm, fn, *args):
    os.environ["LBGYM_BRIDGE_SHM"] = "1" if shm else "0"
    return fn(*args)


if __name__ == "__main__":
    num_envs, vsteps, steps = (int(x) for x in sys.argv[1:4])
    default_shm = os.environ.get("LBGYM_BRIDGE_SHM", "") != "0"
    probe = lbgym.make(SINGLE_ID)
    transport = probe._conn.transport
    probe.close()
    out = {"transport": transport, "vector": {}, "vectorSocket": {}}
    for env_id in ACTIONS:
        out["vector"][env_id] = on_transport(default_shm, vector_rate, env_id, num_envs, vsteps)
        out["vectorSocket"][env_id] = on_transport(False, vector_rate, env_id, num_envs, vsteps)
    out["roundTripMicros"] = on_transport(default_shm, round_trip_micros, lambda: lbgym.make(SINGLE_ID), steps)
    out["roundTripSocketMicros"] = on_transport(False, round_trip_micros, lambda: lbgym.make(SINGLE_ID), steps)
    out["roundTripGymnasiumMakeMicros"] = on_transport(default_shm, round_trip_micros, lambda: gymnasium.make(f"lbgym/{SINGLE_ID}"), steps)
    request, reply = on_transport(default_shm, step_frame_sizes)
    out["socketFloorMicros"] = socket_floor_micros(request, reply, steps)
    out["frameBytes"] = [request, reply]
    print(json.dumps(out))
