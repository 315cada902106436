"""lbgym's exact two-node solver (baselines/regeneration, experiments/regret.ts) for
`LB-OneShot-v0` with the given env kwargs: the exact expected reward of an
action, the optimum, and a policy's regret over the 5 x 5 grid of loads.

One shared `lbgym serve` process answers every call (started on first use).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ._client import Connection, env_kwargs

_conn: Optional[Connection] = None


def _call(op: str, **fields: Any) -> Dict[str, Any]:
    global _conn
    if _conn is None or _conn.closed:
        _conn = Connection()
    header = {"op": op, **fields}
    return _conn.request(header).header


def expected_reward(loads: Sequence[int], /, K: float, tb: float, alpha: Optional[float] = None, **env_kwargs_: Any) -> Dict[str, Any]:
    """The exact expected reward of action (K, tb[, alpha]) at initial loads, with its measures (value, completionTime, jainFinish, ...)."""
    action: Dict[str, float] = {"K": float(K), "tb": float(tb)}
    if alpha is not None:
        action["alpha"] = float(alpha)
    r = _call("expectedReward", kwargs=env_kwargs(env_kwargs_), loads=[int(x) for x in loads], action=action)
    return {k: v for k, v in r.items() if k not in ("ok", "arrays")}


def optimum(loads: Sequence[int], /, **env_kwargs_: Any) -> Dict[str, Any]:
    """The exact optimum (K, tb[, alpha], value, mu) of the env's reward over its action family at initial loads."""
    r = _call("optimum", kwargs=env_kwargs(env_kwargs_), loads=[int(x) for x in loads])
    return {k: v for k, v in r.items() if k not in ("ok", "arrays")}


def regret_grid(**env_kwargs_: Any) -> Tuple[List[List[int]], np.ndarray]:
    """The grid of initial loads the regret is taken over, and the observations a policy sees there."""
    r = _call("regretGrid", kwargs=env_kwargs(env_kwargs_))
    return r["grid"], np.array(r["observations"], dtype=np.float32)


def regret(policy: Callable[[np.ndarray], Any], **env_kwargs_: Any) -> Dict[str, Any]:
    """Exact regret of a deterministic policy: `policy(observations)` maps the grid's
    observations (shape [25, 2]) to actions (shape [25, action_dim]). Returns
    regret, normalizedRegret and the per-point details."""
    kwargs = env_kwargs(env_kwargs_)
    _, obs = regret_grid(**env_kwargs_)
    actions = np.asarray(policy(obs), dtype=np.float64).reshape(len(obs), -1)
    r = _call("regret", kwargs=kwargs, actions=actions.tolist())
    return {k: v for k, v in r.items() if k not in ("ok", "arrays")}


def close() -> None:
    """Ends the shared solver process (a later call starts a new one)."""
    global _conn
    if _conn is not None:
        _conn.close()
        _conn = None
