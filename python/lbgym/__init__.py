"""lbgym's environments for Python: Gymnasium and PettingZoo, served by lbgym's Node.js package.

    import lbgym
    env = lbgym.make("LB-OneShot-v0")                 # a gymnasium.Env
    vec = lbgym.make_vec("LB-OneShot-v0", 64)          # a gymnasium.vector.VectorEnv, one Node process
    par = lbgym.parallel_env("LB-MultiAgent-v0")       # a PettingZoo ParallelEnv
    lbgym.analyze.optimum([100, 50])                   # the exact solver

Importing lbgym registers `lbgym/<id>` with Gymnasium: gymnasium.make("lbgym/LB-OneShot-v0").
"""
from __future__ import annotations

from typing import Any, Union

from . import analyze
from ._client import BridgeError, LbgymError
from ._launch import LbgymSetupError, find_cli, find_node
from .env import LbgymEnv
from .registration import MULTI_AGENT_IDS, SINGLE_AGENT_IDS, register_envs
from .vector import LbgymVectorEnv

__version__ = "0.1.0"


def make(env_id: str, **kwargs: Any) -> LbgymEnv:
    """A gymnasium.Env of the registered lbgym id (kwargs: the env's options, info_keys, max_episode_steps)."""
    return LbgymEnv(env_id, **kwargs)


def make_vec(env_id: str, num_envs: int, autoreset_mode: Union[str, Any] = "next-step", **kwargs: Any) -> LbgymVectorEnv:
    """A gymnasium.vector.VectorEnv of `num_envs` copies stepped in one Node process per message."""
    return LbgymVectorEnv(env_id, num_envs, autoreset_mode=autoreset_mode, **kwargs)


def parallel_env(env_id: str, **kwargs: Any):
    """A PettingZoo ParallelEnv of a multi-agent lbgym id (needs pettingzoo)."""
    from .parallel import LbgymParallelEnv

    return LbgymParallelEnv(env_id, **kwargs)


register_envs()

__all__ = [
    "make",
    "make_vec",
    "parallel_env",
    "analyze",
    "LbgymEnv",
    "LbgymVectorEnv",
    "LbgymError",
    "BridgeError",
    "LbgymSetupError",
    "SINGLE_AGENT_IDS",
    "MULTI_AGENT_IDS",
    "find_node",
    "find_cli",
]
