"""Gymnasium spaces from the bridge's space descriptions (docs/bridge-protocol.md)."""
from __future__ import annotations

from typing import Any, Dict

import numpy as np
from gymnasium import spaces

from ._protocol import bound


def to_space(d: Dict[str, Any]) -> spaces.Space:
    kind = d["type"]
    if kind == "box":
        shape = tuple(d["shape"])
        return spaces.Box(bound(d["low"]).reshape(shape), bound(d["high"]).reshape(shape), shape=shape, dtype=np.float32)
    if kind == "discrete":
        return spaces.Discrete(int(d["n"]), start=int(d["start"]))
    if kind == "multi-discrete":
        start = np.array(d["start"], dtype=np.int64)
        return spaces.MultiDiscrete(np.array(d["nvec"], dtype=np.int64), start=start)
    raise ValueError(f"lbgym: unknown space type {kind!r}")
