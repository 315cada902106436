"""make_vec: one Node process, Gymnasium's autoreset modes, identical to gymnasium.vector.SyncVectorEnv over single bridged envs."""
import numpy as np
import pytest
from gymnasium.utils.env_checker import data_equivalence
from gymnasium.vector import AutoresetMode, SyncVectorEnv

import lbgym

MODES = [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP, AutoresetMode.DISABLED]
KWARGS = {"numStreamJobs": 5}


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.name)
def test_matches_gymnasium_sync_vector_env(mode):
    n = 3
    ours = lbgym.make_vec("Park-LoadBalance-v0", n, autoreset_mode=mode, info_keys="all", **KWARGS)
    ref = SyncVectorEnv([lambda: lbgym.make("Park-LoadBalance-v0", info_keys="all", **KWARGS) for _ in range(n)], autoreset_mode=mode)
    try:
        assert ours.metadata["autoreset_mode"] == mode
        assert ours.single_observation_space == ref.single_observation_space
        assert ours.action_space == ref.action_space
        a, b = ours.reset(seed=5), ref.reset(seed=5)
        assert data_equivalence(a, b)
        ours.action_space.seed(2)
        ended = 0
        for t in range(40):
            actions = ours.action_space.sample()
            a, b = ours.step(actions), ref.step(actions)
            assert data_equivalence(a, b), (t, a, b)
            done = a[2] | a[3]
            ended += int(done.sum())
            if mode == AutoresetMode.DISABLED and done.any():
                assert data_equivalence(ours.reset(options={"reset_mask": done}), ref.reset(options={"reset_mask": done}))
            if mode == AutoresetMode.SAME_STEP and done.any():
                assert a[4]["_final_obs"].tolist() == done.tolist()
        assert ended >= 5
    finally:
        ours.close()
        ref.close()


def test_all_sub_envs_share_one_process_and_step_in_one_message():
    vec = lbgym.make_vec("LB-OneShot-v0", 8)
    try:
        obs, _ = vec.reset(seed=0)
        assert obs.shape == (8, 2) and obs.dtype == np.float32
        _, rewards, terminated, truncated, infos = vec.step(np.tile([0.5, 1.0], (8, 1)))
        assert rewards.shape == (8,) and terminated.all() and not truncated.any() and infos == {}
        assert vec.spaces_info["numEnvs"] == 8
    finally:
        vec.close()


def test_seed_lists_and_requested_info_keys():
    vec = lbgym.make_vec("LB-OneShot-v0", 3, info_keys=["tasksMoved"])
    single = lbgym.make("LB-OneShot-v0")
    try:
        obs, infos = vec.reset(seed=[7, None, 9])
        assert obs[0].tolist() == single.reset(seed=7)[0].tolist()
        assert obs[2].tolist() == single.reset(seed=9)[0].tolist()
        _, _, _, _, infos = vec.step(np.tile([0.5, 1.0], (3, 1)))
        assert set(infos) == {"tasksMoved", "_tasksMoved"}
    finally:
        vec.close()
        single.close()


def test_state_round_trip():
    env = lbgym.make("LB-OneShot-v0")
    try:
        env.reset(seed=4)
        state = env.get_state()
        first = env.step(np.array([0.5, 1.0], dtype=np.float32))[1]
        env.reset(seed=99)
        env.set_state(state)
        assert env.step(np.array([0.5, 1.0], dtype=np.float32))[1] == first
    finally:
        env.close()
