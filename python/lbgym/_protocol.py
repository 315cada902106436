"""The bridge's frames (docs/bridge-protocol.md): a JSON header and typed arrays.

    u32le total frame length (these 8 bytes included)
    u32le header length H (a multiple of 8, JSON padded with spaces)
    H bytes of UTF-8 JSON; header["arrays"] lists [name, dtype, shape]
    the arrays in that order, each padded with zeros to a multiple of 8 bytes
"""
from __future__ import annotations

import json
import math
import struct
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np

PREFIX = struct.Struct("<II")
DTYPES = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "uint8": np.uint8}
_NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def _pad8(n: int) -> int:
    return (n + 7) & ~7


def _json_default(o: Any) -> Any:
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(f"lbgym: cannot send a {type(o).__name__} to lbgym ({o!r}); use JSON values or numpy arrays")


def header_bytes(header: Dict[str, Any], arrays: Sequence[Tuple[str, np.ndarray]] = ()) -> bytes:
    """The padded JSON header of a frame whose arrays are `arrays`."""
    h = dict(header)
    h["arrays"] = [[name, _NAMES[a.dtype], list(a.shape)] for name, a in arrays]
    raw = json.dumps(h, default=_json_default, separators=(",", ":")).encode()
    return raw + b" " * (_pad8(len(raw)) - len(raw))


def encode(header: Dict[str, Any], arrays: Sequence[Tuple[str, np.ndarray]] = ()) -> bytes:
    return encode_with_header(header_bytes(header, arrays), [a for _, a in arrays])


def encode_with_header(head: bytes, arrays: Sequence[np.ndarray]) -> bytes:
    parts: List[bytes] = [b"", head]
    total = PREFIX.size + len(head)
    for a in arrays:
        raw = a.tobytes()
        pad = _pad8(len(raw)) - len(raw)
        parts.append(raw)
        if pad:
            parts.append(b"\0" * pad)
        total += len(raw) + pad
    parts[0] = PREFIX.pack(total, len(head))
    return b"".join(parts)


def _revive(value: Any) -> Any:
    """Non-finite numbers arrive as the strings "inf", "-inf", "nan" (JSON has none)."""
    if value == "inf":
        return math.inf
    if value == "-inf":
        return -math.inf
    if value == "nan":
        return math.nan
    return value


def bound(values: Sequence[Any]) -> np.ndarray:
    return np.array([_revive(v) for v in values], dtype=np.float32)


def layout(header: Dict[str, Any], start: int) -> List[Tuple[str, Any, Tuple[int, ...], int, int]]:
    """(name, dtype, shape, offset, count) of each array of a frame whose arrays begin at `start`."""
    out = []
    off = start
    for name, dtype, shape in header.get("arrays", []):
        dt = np.dtype(DTYPES[dtype])
        count = int(np.prod(shape)) if shape else 1
        out.append((name, dt, tuple(shape), off, count))
        off += _pad8(count * dt.itemsize)
    return out
