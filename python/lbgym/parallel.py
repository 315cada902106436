"""`lbgym.parallel_env(id)`: a PettingZoo ParallelEnv for lbgym's multi-agent ids."""
from __future__ import annotations

import functools
from typing import Any, Dict, Optional, Tuple

import numpy as np

try:
    from pettingzoo import ParallelEnv
except ImportError as e:  # pragma: no cover - depends on the install
    raise ImportError("lbgym.parallel_env needs PettingZoo: pip install 'lbgym[pettingzoo]' (or pip install pettingzoo)") from e

from ._client import Served, open_session, reset_header
from .env import InfoKeys, info_field
from .spaces import to_space


class LbgymParallelEnv(Served, ParallelEnv):
    def __init__(self, env_id: str, info_keys: InfoKeys = None, max_episode_steps: Optional[int] = None, **kwargs: Any):
        self.env_id = env_id
        self.metadata = {"name": env_id, "render_modes": [], "is_parallelizable": True}
        self.render_mode = None
        self._conn, r = open_session(env_id, kwargs, max_episode_steps)
        if r["kind"] != "parallel":
            self._conn.close()
            raise ValueError(f"lbgym: {env_id} is a single-agent env; use lbgym.make({env_id!r})")
        self.possible_agents = list(r["possibleAgents"])
        self.agents: list = []
        self._obs_spaces = {a: to_space(d) for a, d in r["observationSpaces"].items()}
        self._act_spaces = {a: to_space(d) for a, d in r["actionSpaces"].items()}
        self._act_dtype = np.float32 if r["actionDtype"] == "float32" else np.int32
        self._act_dim = int(r["actionDim"])
        self._info = info_field(info_keys)

    @functools.lru_cache(maxsize=None)
    def observation_space(self, agent: str):
        return self._obs_spaces[agent]

    @functools.lru_cache(maxsize=None)
    def action_space(self, agent: str):
        return self._act_spaces[agent]

    def reset(self, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[Dict[str, np.ndarray], Dict[str, Dict[str, Any]]]:
        r = self._conn.request(reset_header(seed, options))
        agents = r.header["agents"]
        self.agents = list(r.header["live"])
        obs = r.arrays["observations"]
        infos = r.header.get("infos", {})
        return {a: obs[i] for i, a in enumerate(agents)}, {a: infos.get(a, {}) for a in agents}

    def step(self, actions: Dict[str, Any]):
        agents = list(actions.keys())
        a = np.zeros((len(agents), self._act_dim), dtype=self._act_dtype)
        for i, agent in enumerate(agents):
            a[i] = np.asarray(actions[agent], dtype=self._act_dtype).reshape(self._act_dim)
        header: Dict[str, Any] = {"op": "step", "agents": agents}
        if self._info is not False:
            header["info"] = self._info
        r = self._conn.request(header, [("actions", a)])
        names = r.header["agents"]
        self.agents = list(r.header["live"])
        arr = r.arrays
        infos = r.header.get("infos", {})
        obs = {n: arr["observations"][i] for i, n in enumerate(names)}
        rewards = {n: float(arr["rewards"][i]) for i, n in enumerate(names)}
        terms = {n: bool(arr["terminated"][i]) for i, n in enumerate(names)}
        truncs = {n: bool(arr["truncated"][i]) for i, n in enumerate(names)}
        return obs, rewards, terms, truncs, {n: infos.get(n, {}) for n in names}

    def close(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
