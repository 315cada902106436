"""The bridge's shared-memory transport (docs/bridge-protocol.md, "Shared memory").

Frames travel through an anonymous shared file (a memfd, else a file in
/dev/shm unlinked at once, so nothing is ever left behind) that this process
maps and `lbgym serve --shm-fd N` reads and writes at positions. The socket
pair then only carries one-byte wake-ups and the end of file that ends the
server. Each side spins on the other's sequence number for a short while
(`LBGYM_BRIDGE_SPIN_US`, default 200 microseconds) before it sleeps on the
socket, so a tight step loop pays no wake-up latency and an idle side burns
no core. `LBGYM_BRIDGE_SHM=0` turns it off (frames then go over the socket).

The ordering argument needs x86-64's total store order: a frame is written
before the sequence number that publishes it; a side that announces its sleep
and then re-reads the other's sequence number is separated from the other's
publish-then-check by full fences (a lock operation here, the kernel's file
locks in the server). It is used only on Linux x86-64. Should a wake-up ever
be missed, the waiting client re-checks every 5 ms and wakes the server again.
"""
from __future__ import annotations

import mmap
import os
import platform
import select
import socket
import struct
import sys
import tempfile
import threading
import time
from typing import Optional

from ._channel import INITIAL_SIZE, EndOfStream

MAGIC = 0x4853424C  # "LBSH"
VERSION = 1
DATA = 64
DEFAULT_SPIN_US = 200
# Byte offsets of the control block's u32 fields (experiments/bridge/shared-memory.ts).
SPIN, REQUEST_LENGTH, REQUEST_SEQ, REPLY_SEQ, SERVER_SLEEPING, CLIENT_SLEEPING = 8, 12, 16, 20, 24, 28
U32 = struct.Struct("<I")
REQUEST = struct.Struct("<II")  # length, then seq (adjacent; seq is written in a second store)
WAKE = b"\x01"
RECHECK_MS = 5
# Spinning only pays while both processes have a core: every WINDOW round trips the
# client compares its CPU time with the wall time it did not sleep; below BUSY the
# machine is oversubscribed and both sides stop spinning for a number of windows
# that doubles after each failed look (from MIN_OFF to MAX_OFF windows).
WINDOW = 128
BUSY = 0.75
MIN_OFF = 8
MAX_OFF = 1024

_fence_lock = threading.Lock()


def _fence() -> None:
    """A full memory fence: acquiring and releasing a lock is an atomic read-modify-write."""
    _fence_lock.acquire()
    _fence_lock.release()


def spin_micros() -> int:
    """The spin budget from LBGYM_BRIDGE_SPIN_US (a whole number of microseconds >= 0)."""
    raw = os.environ.get("LBGYM_BRIDGE_SPIN_US")
    if raw is None or raw == "":
        return DEFAULT_SPIN_US
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0 or value > 10_000_000:
        from ._launch import LbgymSetupError

        raise LbgymSetupError(f"lbgym: LBGYM_BRIDGE_SPIN_US must be a whole number of microseconds in [0, 10000000], got {raw!r}")
    return value


def wanted() -> bool:
    """Whether to use shared memory: on Linux x86-64 unless LBGYM_BRIDGE_SHM=0."""
    if os.environ.get("LBGYM_BRIDGE_SHM", "") == "0":
        return False
    return sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")


def _anonymous_file() -> Optional[int]:
    """A descriptor of a fresh shared file with no name left on disk, or None."""
    if hasattr(os, "memfd_create"):
        try:
            return os.memfd_create("lbgym-bridge", os.MFD_CLOEXEC)
        except OSError:
            pass
    if os.path.isdir("/dev/shm"):
        try:
            fd, path = tempfile.mkstemp(prefix="lbgym-bridge-", dir="/dev/shm")
        except OSError:
            return None
        os.unlink(path)
        return fd
    return None


class SharedMemoryChannel:
    """Requests and replies through the shared file; wake-ups and end of file on `sock` (set by `attach`)."""

    base = DATA

    def __init__(self, fd: int, spin_us: int):
        self.fd = fd
        os.ftruncate(fd, INITIAL_SIZE)
        self.size = INITIAL_SIZE
        self.buffer = mmap.mmap(fd, INITIAL_SIZE)
        self.generation = 0
        struct.pack_into("<III", self.buffer, 0, MAGIC, VERSION, spin_us)
        self.spin_max = spin_us / 1e6
        self.spin = self.spin_max
        self.seq = 0
        self.sock: Optional[socket.socket] = None
        self._poll = select.poll()
        self._window_start()
        self._off = 0
        self._backoff = MIN_OFF

    def _window_start(self) -> None:
        self._count = 0
        self._slept = 0.0
        self._wall0 = time.perf_counter()
        self._cpu0 = time.thread_time()

    def _review(self) -> None:
        """Turns spinning off while the machine is oversubscribed, and back on after a while to look again."""
        if self.spin > 0:
            awake = time.perf_counter() - self._wall0 - self._slept
            if awake > 0 and (time.thread_time() - self._cpu0) / awake < BUSY:
                self._set_spin(0.0)
                self._off = self._backoff
                self._backoff = min(2 * self._backoff, MAX_OFF)
            else:
                self._backoff = MIN_OFF
        else:
            self._off -= 1
            if self._off <= 0:
                self._set_spin(self.spin_max)
        self._window_start()

    def _set_spin(self, seconds: float) -> None:
        self.spin = seconds
        U32.pack_into(self.buffer, SPIN, int(round(seconds * 1e6)))

    @classmethod
    def create(cls) -> Optional["SharedMemoryChannel"]:
        """A channel when shared memory is wanted and available, else None (the socket carries frames)."""
        if not wanted():
            return None
        spin = spin_micros()
        fd = _anonymous_file()
        if fd is None:
            return None
        try:
            return cls(fd, spin)
        except OSError:
            os.close(fd)
            return None

    def attach(self, sock: socket.socket) -> None:
        self.sock = sock
        self._poll.register(sock, select.POLLIN)

    def _remap(self, size: int) -> None:
        old = self.buffer
        self.buffer = mmap.mmap(self.fd, size)
        self.size = size
        self.generation += 1
        try:
            old.close()
        except BufferError:
            pass  # numpy views of the old mapping still live: it goes with them

    def send(self, frame: bytes) -> None:
        n = len(frame)
        if DATA + n > self.size:
            size = max(os.fstat(self.fd).st_size, DATA + n, 2 * self.size)
            os.ftruncate(self.fd, size)
            self._remap(size)
        m = self.buffer
        m[DATA : DATA + n] = frame
        self.seq = 1 if self.seq >= 0xFFFFFFFF else self.seq + 1
        U32.pack_into(m, REQUEST_LENGTH, n)
        U32.pack_into(m, REQUEST_SEQ, self.seq)
        _fence()
        if m[SERVER_SLEEPING]:
            self.sock.send(WAKE)

    def receive(self) -> None:
        """Waits for the reply to the last request; it is then at `base` in `buffer`."""
        if U32.unpack_from(self.buffer, REPLY_SEQ)[0] != self.seq:
            self._wait(self.seq)
        self._count += 1
        if self._count >= WINDOW and self.spin_max > 0:
            self._review()
        total = U32.unpack_from(self.buffer, DATA)[0]
        if DATA + total > self.size:
            self._remap(os.fstat(self.fd).st_size)

    def _wait(self, want: int) -> None:
        m = self.buffer
        get = U32.unpack_from
        clock = time.perf_counter
        deadline = clock() + self.spin
        while clock() < deadline:
            if get(m, REPLY_SEQ)[0] == want:
                return
            os.sched_yield()
        sock = self.sock
        asleep = clock()
        try:
            while True:
                U32.pack_into(m, CLIENT_SLEEPING, 1)
                _fence()
                if get(m, REPLY_SEQ)[0] == want:
                    return
                if self._poll.poll(RECHECK_MS):
                    if not sock.recv(64):
                        raise EndOfStream("end of stream")
                elif m[SERVER_SLEEPING]:
                    sock.send(WAKE)  # our request is posted but the server sleeps: wake it again
        finally:
            U32.pack_into(m, CLIENT_SLEEPING, 0)
            self._slept += clock() - asleep

    def close(self) -> None:
        try:
            self.buffer.close()
        except BufferError:
            pass
        try:
            os.close(self.fd)
        except OSError:
            pass
