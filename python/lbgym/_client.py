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
from ._channel import EndOfStream, SocketChannel
from ._launch import ServerProcess, shutdown
from ._shm import SharedMemoryChannel


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
        shm = SharedMemoryChannel.create()
        try:
            self._server = ServerProcess(None if shm is None else shm.fd)
        except BaseException:
            if shm is not None:
                shm.close()
            raise
        self._sock = self._server.sock
        if shm is not None:
            shm.attach(self._sock)
        self._channel: Any = shm if shm is not None else SocketChannel(self._sock)
        self.transport = "shm" if shm is not None else "socket"
        # The last cacheable reply header (no infos): its bytes, the channel generation, header, views.
        self._cache: Tuple[bytes, int, Dict[str, Any], Dict[str, np.ndarray]] = (b"", -1, {}, {})
        self._broken: Optional[str] = None
        self.closed = False
        self._finalizer = weakref.finalize(self, shutdown, self._server.proc, self._sock, self._server.stderr, self._channel)
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
        self._cache = (b"", -1, {}, {})
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
            self._channel.send(frame)
        except OSError as e:
            raise self._fail(f"while sending: {e}") from None

    def receive(self, views: bool = False) -> Reply:
        """Reads one reply frame; raises LbgymError on an error reply.

        With `views` the arrays are views into the channel's buffer, valid until the next request."""
        ch = self._channel
        try:
            ch.receive()
        except EndOfStream as e:
            raise self._fail(str(e)) from None
        except OSError as e:
            raise self._fail(f"while receiving: {e}") from None
        buf = ch.buffer
        base = ch.base
        hlen = P.PREFIX.unpack_from(buf, base)[1]
        head = buf[base + 8 : base + 8 + hlen]
        cached_head, generation, header, arrays = self._cache
        if generation != ch.generation or head != cached_head:
            header = json.loads(head)
            if header.get("ok") is not True:
                raise LbgymError(str(header.get("error", "lbgym: unknown error")))
            arrays = {
                name: np.frombuffer(buf, dtype=dt, count=count, offset=off).reshape(shape) for name, dt, shape, off, count in P.layout(header, base + 8 + hlen)
            }
            if "infos" not in header:
                self._cache = (bytes(head), ch.generation, header, arrays)
        return Reply(header, arrays if views else {name: a.copy() for name, a in arrays.items()})

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
