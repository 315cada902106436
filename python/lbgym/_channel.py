"""How frames travel between the client and `lbgym serve`: over the socket pair
itself (this module), or through shared memory (_shm.py). A channel sends a
request frame and waits for its reply, which it leaves at `base` in `buffer`;
`generation` changes whenever `buffer` is replaced."""
from __future__ import annotations

import socket
import struct

INITIAL_SIZE = 1 << 16
U32 = struct.Struct("<I")


class EndOfStream(Exception):
    """The server closed its end (it exited or was killed)."""


class SocketChannel:
    """Frames over the socket itself, read into one growing receive buffer."""

    base = 0

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = bytearray(INITIAL_SIZE)
        self._view = memoryview(self.buffer)
        self.generation = 0

    def send(self, frame: bytes) -> None:
        self.sock.sendall(frame)

    def receive(self) -> None:
        sock = self.sock
        got = sock.recv_into(self._view)
        if got == 0:
            raise EndOfStream("end of stream")
        while got < 8:
            k = sock.recv_into(self._view[got:])
            if k == 0:
                raise EndOfStream("end of stream inside a frame")
            got += k
        total = U32.unpack_from(self.buffer, 0)[0]
        if total > len(self.buffer):
            bigger = bytearray(max(total, 2 * len(self.buffer)))
            bigger[:got] = self._view[:got]
            self.buffer = bigger
            self._view = memoryview(bigger)
            self.generation += 1
        while got < total:
            k = sock.recv_into(self._view[got:total])
            if k == 0:
                raise EndOfStream("end of stream inside a frame")
            got += k

    def close(self) -> None:
        pass
