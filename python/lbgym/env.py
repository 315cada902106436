"""`lbgym.make(id, **kwargs)`: a gymnasium.Env stepped by a `lbgym serve` child."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

import gymnasium as gym
import numpy as np

from . import _protocol as P
from ._client import Served, open_session, reset_header
from .spaces import to_space

InfoKeys = Union[None, str, Iterable[str]]


def info_field(info_keys: InfoKeys) -> Union[bool, List[str]]:
    """The `info` field of step requests: False (none, the fast default), True ("all") or the keys."""
    if info_keys is None:
        return False
    if info_keys == "all":
        return True
    if isinstance(info_keys, str):
        raise ValueError(f"lbgym: info_keys must be None, 'all' or a list of keys, got {info_keys!r}")
    return [str(k) for k in info_keys]


def step_header(info: Union[bool, List[str]], actions: np.ndarray) -> bytes:
    head: Dict[str, Any] = {"op": "step"}
    if info is not False:
        head["info"] = info
    return P.header_bytes(head, [("actions", actions)])


class LbgymEnv(Served, gym.Env):
    """One registered lbgym environment in its own Node process.

    `info_keys`: which info keys `step` returns: None (none: the fast default),
    "all", or a list. `reset` always returns the whole info.
    """

    metadata = {"render_modes": []}

    def __init__(self, env_id: str, info_keys: InfoKeys = None, max_episode_steps: Optional[int] = None, **kwargs: Any):
        super().__init__()
        self.env_id = env_id
        self._conn, r = open_session(env_id, kwargs, max_episode_steps)
        if r["kind"] != "env":
            self._conn.close()
            raise ValueError(f"lbgym: {env_id} is a multi-agent env; use lbgym.parallel_env({env_id!r})")
        self.spaces_info = r
        self.observation_space = to_space(r["observationSpace"])
        self.action_space = to_space(r["actionSpace"])
        self._act_dtype = np.float32 if r["actionDtype"] == "float32" else np.int32
        self._act_dim = int(r["actionDim"])
        self._info = info_field(info_keys)
        self._step_head = step_header(self._info, np.zeros(self._act_dim, dtype=self._act_dtype))
        self._step_tail = b"\0" * (((self._act_dim * 4 + 7) & ~7) - self._act_dim * 4)
        self._step_prefix = P.PREFIX.pack(8 + len(self._step_head) + self._act_dim * 4 + len(self._step_tail), len(self._step_head))

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        super().reset(seed=seed)
        r = self._conn.request(reset_header(seed, options))
        return r.arrays["observations"], r.header["infos"][0]

    def step(self, action: Any) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        a = np.asarray(action, dtype=self._act_dtype)
        if a.size != self._act_dim:
            raise ValueError(f"lbgym: {self.env_id} takes {self._act_dim} action value(s), got {a.size}: {action!r}")
        conn = self._conn
        conn.send(self._step_prefix + self._step_head + a.tobytes() + self._step_tail)
        r = conn.receive(views=True)
        arr = r.arrays
        info = r.header["infos"][0] if self._info is not False else {}
        return arr["observations"].copy(), float(arr["rewards"][0]), bool(arr["terminated"][0]), bool(arr["truncated"][0]), info

    def close(self) -> None:
        """Ends the Node process; idempotent."""
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
        super().close()
