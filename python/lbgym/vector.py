"""`lbgym.make_vec(id, num_envs, autoreset_mode=...)`: a gymnasium.vector.VectorEnv
whose sub-envs all live in one Node process and are stepped by one message.

The autoreset modes are Gymnasium 1.x's, implemented on the Node side by
lbgym's SyncVectorEnv (envs/core/vector/sync-vector-env.ts) so a step is still
one round trip:

- NEXT_STEP (default): a sub-env that ended is reset by the next `step`
  (its action ignored; reward 0, terminated and truncated False);
- SAME_STEP: it is reset within the step; `info["final_obs"]` and
  `info["final_info"]` (with their `_final_obs` / `_final_info` masks) hold
  the episode's last observation and info;
- DISABLED: no autoreset; reset finished sub-envs with
  `reset(options={"reset_mask": mask})`.

Sub-env `i` is seeded with `seed + i`, as Gymnasium's SyncVectorEnv does.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from . import _protocol as P
from ._client import Served, open_session, reset_header
from .env import InfoKeys, info_field, step_header
from .spaces import to_space

_MODES = {AutoresetMode.NEXT_STEP: "next-step", AutoresetMode.SAME_STEP: "same-step", AutoresetMode.DISABLED: "disabled"}


def _mode(mode: Union[AutoresetMode, str]) -> AutoresetMode:
    if isinstance(mode, AutoresetMode):
        return mode
    for m, wire in _MODES.items():
        if mode in (wire, m.value, m.name, m.name.lower()):
            return m
    raise ValueError(f"lbgym: autoreset_mode must be one of {[m.name for m in _MODES]}, got {mode!r}")


class LbgymVectorEnv(Served, VectorEnv):
    def __init__(
        self,
        env_id: str,
        num_envs: int,
        autoreset_mode: Union[AutoresetMode, str] = AutoresetMode.NEXT_STEP,
        info_keys: InfoKeys = None,
        max_episode_steps: Optional[int] = None,
        **kwargs: Any,
    ):
        self.env_id = env_id
        self.num_envs = int(num_envs)
        mode = _mode(autoreset_mode)
        self.metadata = {"render_modes": [], "autoreset_mode": mode}
        self.render_mode = None
        self._conn, r = open_session(env_id, kwargs, max_episode_steps, numEnvs=self.num_envs, autoresetMode=_MODES[mode])
        self.spaces_info = r
        self.single_observation_space = to_space(r["observationSpace"])
        self.single_action_space = to_space(r["actionSpace"])
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._act_dtype = np.float32 if r["actionDtype"] == "float32" else np.int32
        self._act_count = self.num_envs * int(r["actionDim"])
        self._act_shape = (self.num_envs, int(r["actionDim"]))
        self._info = info_field(info_keys)
        self._step_head = step_header(self._info, np.zeros(self._act_shape, dtype=self._act_dtype))
        nbytes = self._act_count * 4
        self._step_tail = b"\0" * (((nbytes + 7) & ~7) - nbytes)
        self._step_prefix = P.PREFIX.pack(8 + len(self._step_head) + nbytes + len(self._step_tail), len(self._step_head))
        self._same_step = mode == AutoresetMode.SAME_STEP

    def _infos(self, per_env: Sequence[Dict[str, Any]], skip_empty: bool = True) -> Dict[str, Any]:
        infos: Dict[str, Any] = {}
        for i, info in enumerate(per_env):
            if info or not skip_empty:
                infos = self._add_info(infos, info, i)
        return infos

    def reset(self, *, seed: Union[int, List[Optional[int]], None] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        options = dict(options) if options is not None else None
        mask = options.pop("reset_mask", None) if options is not None else None
        if mask is not None:
            mask = np.asarray(mask)
            if mask.shape != (self.num_envs,) or mask.dtype != np.bool_:
                raise ValueError(f"lbgym: options['reset_mask'] must be a bool array of shape ({self.num_envs},), got {mask.dtype} {mask.shape}")
        if isinstance(seed, (list, tuple)):
            return self._reset_seed_list(list(seed), options, mask)
        header = reset_header(seed, options)
        arrays = [("mask", mask.astype(np.uint8))] if mask is not None else []
        r = self._conn.request(header, arrays)
        infos = r.header["infos"]
        selected = range(self.num_envs) if mask is None else np.flatnonzero(mask)
        out: Dict[str, Any] = {}
        for i in selected:
            out = self._add_info(out, infos[i], int(i))
        return r.arrays["observations"], out

    def _reset_seed_list(self, seeds: List[Optional[int]], options: Optional[Dict[str, Any]], mask: Optional[np.ndarray]) -> Tuple[np.ndarray, Dict[str, Any]]:
        if len(seeds) != self.num_envs:
            raise ValueError(f"lbgym: a list of seeds must have num_envs={self.num_envs} entries, got {len(seeds)}")
        selected = [i for i in range(self.num_envs) if mask is None or mask[i]]
        if mask is None:
            obs, _ = self.reset(options=options)
        infos: Dict[str, Any] = {}
        for i in selected:
            one = np.zeros(self.num_envs, dtype=np.bool_)
            one[i] = True
            header = reset_header(None if seeds[i] is None else int(seeds[i]) - i, options)
            r = self._conn.request(header, [("mask", one.astype(np.uint8))])
            obs = r.arrays["observations"]
            infos = self._add_info(infos, r.header["infos"][i], i)
        return obs, infos

    def step(self, actions: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Dict[str, Any]]:
        a = np.asarray(actions, dtype=self._act_dtype)
        if a.size != self._act_count:
            raise ValueError(f"lbgym: actions must hold {self._act_count} values (num_envs {self.num_envs} x {self._act_shape[1]}), got shape {a.shape}")
        conn = self._conn
        conn.send(self._step_prefix + self._step_head + a.tobytes() + self._step_tail)
        r = conn.receive()
        arr = r.arrays
        # Fresh copies of 0/1 bytes: viewed as bools without another copy.
        terminated = arr["terminated"].view(np.bool_)
        truncated = arr["truncated"].view(np.bool_)
        infos: Dict[str, Any] = {}
        if self._same_step:
            final_mask = arr["finalMask"].view(np.bool_)
            if final_mask.any():
                final_infos = r.header.get("finalInfos")
                final_obs = arr["finalObservations"]
                for i in np.flatnonzero(final_mask):
                    i = int(i)
                    infos = self._add_info(infos, {"final_obs": final_obs[i], "final_info": final_infos[i] if final_infos is not None else {}}, i)
        if self._info is not False:
            for i, info in enumerate(r.header["infos"]):
                infos = self._add_info(infos, info, i)
        return arr["observations"], arr["rewards"], terminated, truncated, infos

    def close_extras(self, **kwargs: Any) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
