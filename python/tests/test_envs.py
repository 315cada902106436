"""Every registered id passes Gymnasium's / PettingZoo's own checkers through the bridge; ids agree with the JS registry."""
import warnings

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import lbgym
from lbgym._client import Connection


def test_the_python_id_lists_match_the_js_registry():
    conn = Connection()
    try:
        envs = conn.request({"op": "list"}).header["envs"]
    finally:
        conn.close()
    assert sorted(e["id"] for e in envs if e["kind"] == "env") == sorted(lbgym.SINGLE_AGENT_IDS)
    assert sorted(e["id"] for e in envs if e["kind"] == "parallel") == sorted(lbgym.MULTI_AGENT_IDS)


@pytest.mark.parametrize("env_id", lbgym.SINGLE_AGENT_IDS)
def test_check_env(env_id):
    env = lbgym.make(env_id)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            check_env(env, skip_render_check=True)
        # The checker's warnings name real problems (dtype, bounds, determinism): none allowed,
        # but its advice on action ranges (lbgym's Box actions are in their own units, e.g. t_b in seconds).
        problems = [str(w.message) for w in caught if "recommend using a symmetric and normalized space" not in str(w.message)]
        assert problems == []
    finally:
        env.close()


def test_gymnasium_make_through_the_registered_namespace():
    env = gymnasium.make("lbgym/LB-OneShot-v0", loads={"kind": "fixed", "loads": [100, 50]})
    try:
        obs, info = env.reset(seed=3)
        assert obs.dtype == np.float32 and info["loads"] == [100, 50]
        _, reward, terminated, truncated, _ = env.step(np.array([0.5, 1.0], dtype=np.float32))
        assert terminated and not truncated and reward < 0
        assert env.spec.id == "lbgym/LB-OneShot-v0"
    finally:
        env.close()


@pytest.mark.parametrize("env_id", lbgym.MULTI_AGENT_IDS)
def test_parallel_api_test(env_id):
    from pettingzoo.test import parallel_api_test

    env = lbgym.parallel_env(env_id)
    try:
        parallel_api_test(env, num_cycles=30)
    finally:
        env.close()


def test_parallel_env_refuses_single_agent_ids_and_back():
    with pytest.raises(ValueError, match="single-agent env; use lbgym.make"):
        lbgym.parallel_env("LB-OneShot-v0")
    with pytest.raises(ValueError, match="multi-agent env; use lbgym.parallel_env"):
        lbgym.make("LB-MultiAgent-v0")
