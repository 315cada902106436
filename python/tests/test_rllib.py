"""The README's RLlib use: lbgym's Gymnasium env through register_env (skipped where RLlib cannot be imported, with the reason)."""
import pytest

try:
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.tune.registry import register_env
except Exception as e:  # ImportError, or RLlib's own dependency errors (dm_tree)
    pytest.skip(f"RLlib cannot be imported here: {type(e).__name__}: {e}", allow_module_level=True)

import lbgym


def test_rllib_trains_on_the_bridged_env():
    register_env("lbgym-oneshot", lambda cfg: lbgym.make("LB-OneShot-v0", **cfg))
    algo = PPOConfig().environment("lbgym-oneshot", env_config={}).env_runners(num_env_runners=0).training(train_batch_size=256, minibatch_size=64, num_epochs=1).build()
    try:
        result = algo.train()
        assert result["env_runners"]["num_env_steps_sampled"] >= 256 or result["num_env_steps_sampled_lifetime"] >= 256
    finally:
        algo.stop()
