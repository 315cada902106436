"""A connection to one `lbgym serve` child: requests, replies, errors, lifetime.

The child never outlives its owner: `close()` ends it, so does garbage
collection (weakref.finalize) and interpreter exit; if the owner dies, the
child reads end of file on its descriptor and exits. The child is always
reaped (no zombies).
"""
from __future__ import annotations

import json
import weakref
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _protocol as P
from ._launch import ServerProcess, shutdown


class LbgymError(RuntimeError):
    """lbgym refused a request (its message is lbgym's own); the connection stays usable."""


class BridgeError(RuntimeError):
    """The `lbgym serve` process is gone or the stream broke; the connection is unusable."""


class Reply:
    """A decoded reply: its header fields and arrays (copies, or views into the receive buffer with `views`)."""

    __slots__ = ("header", "arrays")

    def __init__(self, header: Dict[str, Any], arrays: Dict[str, np.ndarray]):
        self.header = header
        self.arrays = arrays


class Connection:
    def __init__(self) -> None:
        self._server = ServerProcess()
        self._sock = self._server.sock
        self._buf = bytearray(1 << 16)
        self._view = memoryview(self._buf)
        self._head_cache: Tuple[bytes, Any] = (b"", None)
        self._broken: Optional[str] = None
        self.closed = False
        self._finalizer = weakref.finalize(self, shutdown, self._server.proc, self._sock, self._server.stderr)
        hello = self.request({"op": "hello"})
        self.protocol = hello.header.get("protocol")
        self.version = hello.header.get("lbgym")

    @property
    def pid(self) -> int:
        return self._server.pid

    def _fail(self, what: str) -> BridgeError:
        how = self._server.exit_description()
        tail = self._server.stderr_tail()
        self._broken = f"lbgym serve (pid {self._server.pid}) {how} ({what})" + (f"; its stderr: {tail}" if tail else "")
        self.close()
        return BridgeError(self._broken)

    def _check_usable(self) -> None:
        if self._broken is not None:
            raise BridgeError(self._broken)
        if self.closed:
            raise BridgeError("lbgym: the environment is closed")

    def send(self, frame: bytes) -> None:
        self._check_usable()
        try:
            self._sock.sendall(frame)
        except OSError as e:
            raise self._fail(f"while sending: {e}") from None

    def receive(self, views: bool = False) -> Reply:
        """Reads one reply frame; raises LbgymError on an error reply."""
        sock = self._sock
        try:
            got = sock.recv_into(self._view)
            if got == 0:
                raise self._fail("end of stream")
            while got < 8:
                k = sock.recv_into(self._view[got:])
                if k == 0:
                    raise self._fail("end of stream inside a frame")
                got += k
            total, hlen = P.PREFIX.unpack_from(self._buf, 0)
            if total > len(self._buf):
                bigger = bytearray(max(total, 2 * len(self._buf)))
                bigger[:got] = self._view[:got]
                self._buf = bigger
                self._view = memoryview(bigger)
            while got < total:
                k = sock.recv_into(self._view[got:total])
                if k == 0:
                    raise self._fail("end of stream inside a frame")
                got += k
        except OSError as e:
            raise self._fail(f"while receiving: {e}") from None
        head = bytes(self._view[8 : 8 + hlen])
        cached_head, cached = self._head_cache
        if head == cached_head:
            header, lay = cached
        else:
            header = json.loads(head)
            lay = P.layout(header, 8 + hlen)
            if header.get("ok") is True and "infos" not in header:
                self._head_cache = (head, (header, lay))
        if header.get("ok") is not True:
            raise LbgymError(str(header.get("error", "lbgym: unknown error")))
        buf = self._buf
        arrays = {}
        for name, dt, shape, off, count in lay:
            a = np.frombuffer(buf, dtype=dt, count=count, offset=off).reshape(shape)
            arrays[name] = a if views else a.copy()
        return Reply(header, arrays)

    def request(self, header: Dict[str, Any], arrays: Sequence[Tuple[str, np.ndarray]] = (), views: bool = False) -> Reply:
        self.send(P.encode(header, arrays))
        return self.receive(views)

    def close(self) -> None:
        """Ends the server and reaps it; a second call does nothing."""
        if self.closed:
            return
        self.closed = True
        self._finalizer()


def open_session(env_id: str, kwargs: Dict[str, Any], max_episode_steps: Optional[int], **fields: Any) -> Tuple[Connection, Dict[str, Any]]:
    """A new server with `env_id` made in it (`fields`: more of the make request); the spaces reply. The server is ended if make fails."""
    conn = Connection()
    try:
        header: Dict[str, Any] = {"op": "make", "id": env_id, "kwargs": env_kwargs(kwargs), **fields}
        if max_episode_steps is not None:
            header["maxEpisodeSteps"] = int(max_episode_steps)
        return conn, conn.request(header).header
    except BaseException:
        conn.close()
        raise


def reset_header(seed: Optional[int], options: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    header: Dict[str, Any] = {"op": "reset"}
    if seed is not None:
        header["seed"] = int(seed)
    if options:
        header["options"] = options
    return header


class Served:
    """What every bridged env shares: its server's pid, get_state / set_state (envs/core/checkpointable.ts); needs `self._conn`."""

    _conn: Connection

    @property
    def server_pid(self) -> int:
        return self._conn.pid

    def get_state(self) -> Any:
        """The environment's full state (JSON), for `set_state`."""
        return self._conn.request({"op": "getState"}).header["state"]

    def set_state(self, state: Any) -> None:
        """Restores a state from `get_state` of an env made the same way."""
        self._conn.request({"op": "setState", "state": state})


def env_kwargs(kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """JSON-friendly kwargs (numpy values become lists / numbers)."""
    return json.loads(json.dumps(kwargs, default=P._json_default))


__all__: List[str] = ["Connection", "Served", "reset_header", "LbgymError", "BridgeError", "Reply", "env_kwargs", "open_session"]
