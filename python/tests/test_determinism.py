"""The same seed and actions give identical trajectories through the bridge and natively (a Node script stepping the env in process)."""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

import lbgym

SCRIPT = Path(__file__).with_name("native_trajectory.mjs")


def native(env_id, seed, actions):
    out = subprocess.run([lbgym.find_node(), str(SCRIPT), env_id, str(seed), json.dumps(actions)], check=True, capture_output=True, text=True, env=os.environ)
    return json.loads(out.stdout)


def bridged(env_id, seed, actions):
    env = lbgym.make(env_id)
    try:
        obs, _ = env.reset(seed=seed)
        out = {"observations": [obs.tolist()], "rewards": [], "terminated": [], "truncated": []}
        for a in actions:
            obs, r, te, tr, _ = env.step(np.array(a) if len(a) > 1 else a[0])
            out["observations"].append(obs.tolist())
            out["rewards"].append(r)
            out["terminated"].append(te)
            out["truncated"].append(tr)
            if te or tr:
                out["observations"].append(env.reset()[0].tolist())
        return out
    finally:
        env.close()


@pytest.mark.parametrize("env_id", lbgym.SINGLE_AGENT_IDS)
def test_bridge_equals_native(env_id):
    probe = lbgym.make(env_id)
    probe.action_space.seed(11)
    actions = [np.atleast_1d(probe.action_space.sample()).astype(float).tolist() for _ in range(40)]
    probe.close()
    # float32 actions cross as float32: round them so both sides step the same numbers.
    actions = [[float(np.float32(x)) for x in a] for a in actions]
    a, b = bridged(env_id, 21, actions), native(env_id, 21, actions)
    assert a == b
    assert len(a["rewards"]) == 40
